import { FakeControlError } from './control-error.js'
import { createOpaqueToken, createUserCode, deriveStableId, normalizeUserCode } from './ids.js'
import type { ResolvedOptions } from './options.js'

export type DeviceCodeStatus = 'pending' | 'approved' | 'denied' | 'expired' | 'exchanged'

/** What the device sent about itself when it exchanged its device code. */
export interface LinkedDevice {
  deviceId?: string
  deviceName?: string
  linkedUserId?: string
  linkedUsername?: string
}

/** One user's authorization of the app, shared by every token issued from it. */
export interface Grant {
  id: string
  username: string
  userId: string
  clientId: string
  scopes: readonly string[]
  device: LinkedDevice
  revoked: boolean
}

export interface AccessTokenRecord {
  tokenId: string
  grant: Grant
  expiresAt: number
  /** Set by `expireAccessTokens()`, which ends tokens without moving the clock. */
  forcedExpired: boolean
}

interface RefreshTokenRecord {
  grant: Grant
  expiresAt: number
  used: boolean
}

interface DeviceAuthorization {
  deviceCode: string
  userCode: string
  clientId: string
  scopes: readonly string[]
  expiresAt: number
  status: DeviceCodeStatus
  username?: string
}

/** A new device authorization as the device/code endpoint reports it. */
export interface IssuedDeviceCode {
  deviceCode: string
  userCode: string
  expiresInSeconds: number
  scopes: readonly string[]
}

export interface IssuedTokens {
  accessToken: string
  refreshToken: string
  expiresInSeconds: number
  refreshExpiresInSeconds: number
  scopes: readonly string[]
}

export type DevicePollResult =
  | { status: 'pending' | 'denied' | 'expired' }
  | { status: 'approved'; tokens: IssuedTokens; username: string }

export type RefreshResult =
  | { ok: true; tokens: IssuedTokens; rotated: boolean }
  | { ok: false; reason: string }

export type AccessTokenCheck =
  | { ok: true; token: AccessTokenRecord }
  | { ok: false; reason: string }

/** Device codes, grants and tokens of the fake, with expiry measured on the injected clock. */
export class AuthStore {
  private readonly options: ResolvedOptions
  private deviceCodes = new Map<string, DeviceAuthorization>()
  private accessTokens = new Map<string, AccessTokenRecord>()
  private refreshTokens = new Map<string, RefreshTokenRecord>()
  private grants: Grant[] = []
  private latestDeviceAuthorization: DeviceAuthorization | undefined
  /** Refresh requests that returned new tokens. */
  refreshCount = 0

  constructor(options: ResolvedOptions) {
    this.options = options
  }

  createDeviceCode(clientId: string, scopes: readonly string[]): IssuedDeviceCode {
    const authorization: DeviceAuthorization = {
      deviceCode: createOpaqueToken('ppdc'),
      userCode: this.createUnusedUserCode(),
      clientId,
      scopes,
      expiresAt: this.options.now() + this.options.deviceCodeTtlSeconds * 1000,
      status: 'pending',
    }
    this.deviceCodes.set(authorization.deviceCode, authorization)
    this.latestDeviceAuthorization = authorization
    return {
      deviceCode: authorization.deviceCode,
      userCode: authorization.userCode,
      expiresInSeconds: this.options.deviceCodeTtlSeconds,
      scopes,
    }
  }

  latestUserCode(): string | undefined {
    return this.latestDeviceAuthorization?.userCode
  }

  approve(userCode: string, username: string): void {
    if (username.trim() === '') {
      throw new FakeControlError(400, 'Username is missing: approving a device code needs the user to link.')
    }
    const authorization = this.findPendingByUserCode(userCode, 'approved')
    authorization.status = 'approved'
    authorization.username = username
  }

  deny(userCode: string): void {
    this.findPendingByUserCode(userCode, 'denied').status = 'denied'
  }

  /** Ends a device code early. Unlike approve and deny it accepts codes in any state. */
  expire(userCode: string): void {
    this.findByUserCode(userCode).status = 'expired'
  }

  /**
   * Handles one device-code poll. A code that was already exchanged reports `expired`, the
   * same as an unknown code, so a device cannot mint a second set of tokens.
   */
  pollDeviceCode(deviceCode: string, clientId: string, device: LinkedDevice): DevicePollResult {
    const authorization = this.deviceCodes.get(deviceCode)
    if (authorization === undefined || authorization.clientId !== clientId) {
      return { status: 'expired' }
    }
    this.expireIfDue(authorization)

    switch (authorization.status) {
      case 'pending':
      case 'denied':
      case 'expired':
        return { status: authorization.status }
      case 'exchanged':
        return { status: 'expired' }
      case 'approved': {
        const username = authorization.username
        if (username === undefined) {
          throw new Error(`Device code for ${authorization.userCode} was approved without a username`)
        }
        authorization.status = 'exchanged'
        const grant: Grant = {
          id: createOpaqueToken('grant'),
          username,
          userId: deriveStableId('user', username),
          clientId,
          scopes: authorization.scopes,
          device,
          revoked: false,
        }
        this.grants.push(grant)
        return { status: 'approved', tokens: this.issueTokens(grant), username }
      }
    }
  }

  refresh(refreshToken: string, clientId: string): RefreshResult {
    const record = this.refreshTokens.get(refreshToken)
    if (record === undefined || record.grant.clientId !== clientId) {
      return { ok: false, reason: 'The refresh token is not valid.' }
    }
    if (record.used) {
      return { ok: false, reason: 'The refresh token was already used. Use the one from the latest refresh.' }
    }
    if (record.grant.revoked) {
      return { ok: false, reason: 'The refresh token was revoked.' }
    }
    if (this.options.now() >= record.expiresAt) {
      return { ok: false, reason: 'The refresh token has expired.' }
    }

    this.refreshCount++
    if (!this.options.rotateRefreshTokens) {
      const accessToken = this.issueAccessToken(record.grant)
      return {
        ok: true,
        rotated: false,
        tokens: {
          accessToken,
          refreshToken,
          expiresInSeconds: this.options.accessTokenTtlSeconds,
          refreshExpiresInSeconds: Math.ceil((record.expiresAt - this.options.now()) / 1000),
          scopes: record.grant.scopes,
        },
      }
    }
    record.used = true
    return { ok: true, rotated: true, tokens: this.issueTokens(record.grant) }
  }

  checkAccessToken(accessToken: string): AccessTokenCheck {
    const token = this.accessTokens.get(accessToken)
    if (token === undefined) {
      return { ok: false, reason: 'The access token is not valid.' }
    }
    if (token.grant.revoked) {
      return { ok: false, reason: 'The access token was revoked.' }
    }
    if (token.forcedExpired || this.options.now() >= token.expiresAt) {
      return { ok: false, reason: 'The access token has expired.' }
    }
    return { ok: true, token }
  }

  /** Ends every access token issued so far. Tokens issued afterwards work. */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.values()) {
      token.forcedExpired = true
    }
  }

  /** Revokes every grant of the user, as the connected-apps page would, so all their tokens stop working. */
  revoke(username: string): void {
    for (const grant of this.grants) {
      if (grant.username === username) {
        grant.revoked = true
      }
    }
  }

  reset(): void {
    this.deviceCodes.clear()
    this.accessTokens.clear()
    this.refreshTokens.clear()
    this.grants = []
    this.latestDeviceAuthorization = undefined
    this.refreshCount = 0
  }

  private issueTokens(grant: Grant): IssuedTokens {
    const accessToken = this.issueAccessToken(grant)
    const refreshToken = createOpaqueToken('pprt')
    this.refreshTokens.set(refreshToken, {
      grant,
      expiresAt: this.options.now() + this.options.refreshTokenTtlSeconds * 1000,
      used: false,
    })
    return {
      accessToken,
      refreshToken,
      expiresInSeconds: this.options.accessTokenTtlSeconds,
      refreshExpiresInSeconds: this.options.refreshTokenTtlSeconds,
      scopes: grant.scopes,
    }
  }

  private issueAccessToken(grant: Grant): string {
    const accessToken = createOpaqueToken('ppat')
    this.accessTokens.set(accessToken, {
      tokenId: createOpaqueToken('tok'),
      grant,
      expiresAt: this.options.now() + this.options.accessTokenTtlSeconds * 1000,
      forcedExpired: false,
    })
    return accessToken
  }

  private createUnusedUserCode(): string {
    for (;;) {
      const userCode = createUserCode()
      const inUse = [...this.deviceCodes.values()].some(
        (authorization) => normalizeUserCode(authorization.userCode) === normalizeUserCode(userCode),
      )
      if (!inUse) {
        return userCode
      }
    }
  }

  private findByUserCode(userCode: string): DeviceAuthorization {
    const normalizedCode = normalizeUserCode(userCode)
    const match = [...this.deviceCodes.values()].find(
      (authorization) => normalizeUserCode(authorization.userCode) === normalizedCode,
    )
    if (match === undefined) {
      throw new FakeControlError(404, `User code not found: ${userCode}. Check the code shown on the device.`)
    }
    return match
  }

  private findPendingByUserCode(userCode: string, decision: 'approved' | 'denied'): DeviceAuthorization {
    const authorization = this.findByUserCode(userCode)
    this.expireIfDue(authorization)
    if (authorization.status !== 'pending') {
      throw new FakeControlError(
        409,
        `User code ${authorization.userCode} cannot be ${decision} because it is already ${authorization.status}. Start a new device flow.`,
      )
    }
    return authorization
  }

  private expireIfDue(authorization: DeviceAuthorization): void {
    const unresolved = authorization.status === 'pending' || authorization.status === 'approved'
    if (unresolved && this.options.now() >= authorization.expiresAt) {
      authorization.status = 'expired'
    }
  }
}
