import { Hono } from 'hono'

import type { IssuedTokens } from './auth-store.js'
import { respondWithError } from './errors.js'
import type { FakeEnv } from './errors.js'
import { deriveStableId } from './ids.js'
import { splitScopes } from './options.js'
import { createQrDataUri } from './qr-image.js'
import { readJsonObject } from './request-body.js'
import { applyRouteFaults, authenticateBearer, checkClient } from './route-guards.js'
import {
  deviceCodeRequestSchema,
  deviceTokenRequestSchema,
  parseBody,
  refreshRequestSchema,
} from './schemas.js'
import type { FakeState } from './state.js'

/** Device-code flow, refresh and identity endpoints, relative to `/api/platform/v1`. */
export function createAuthRoutes(state: FakeState): Hono<FakeEnv> {
  const routes = new Hono<FakeEnv>()

  routes.post('/auth/device/code', async (c) => {
    const blocked = await applyRouteFaults(c, state, 'device/code')
    if (blocked !== undefined) {
      return blocked
    }
    const json = await readJsonObject(c)
    if (!json.ok) {
      return json.response
    }
    const parsed = parseBody(deviceCodeRequestSchema, json.body, 'device code request')
    if (!parsed.ok) {
      return respondWithError(c, 400, 'invalid_request', parsed.message)
    }
    const request = parsed.data
    const clientProblem = checkClient(c, state, request.client_id, request.client_secret)
    if (clientProblem !== undefined) {
      return clientProblem
    }

    const allowed = state.options.allowedScopes
    const requested = splitScopes(request.scope ?? '')
    const notAllowed = requested.filter((scope) => !allowed.includes(scope))
    if (notAllowed.length > 0) {
      const message = `Scope not allowed for this app: ${notAllowed.join(' ')}. Allowed scopes: ${allowed.join(' ')}.`
      return respondWithError(c, 400, 'invalid_scope', message)
    }
    const scopes = requested.length > 0 ? requested : allowed

    const issued = state.auth.createDeviceCode(request.client_id, scopes)
    const verificationUri = `${state.baseUrl}/link`
    const verificationUriComplete = `${verificationUri}?code=${encodeURIComponent(issued.userCode)}`
    return c.json({
      user_code: issued.userCode,
      device_code: issued.deviceCode,
      verification_uri: verificationUri,
      verification_uri_complete: verificationUriComplete,
      verification_uri_qr: createQrDataUri(verificationUriComplete),
      expires_in: issued.expiresInSeconds,
      scope: issued.scopes.join(' '),
    })
  })

  routes.post('/auth/device/token', async (c) => {
    const blocked = await applyRouteFaults(c, state, 'device/token')
    if (blocked !== undefined) {
      return blocked
    }
    const json = await readJsonObject(c)
    if (!json.ok) {
      return json.response
    }
    const parsed = parseBody(deviceTokenRequestSchema, json.body, 'device token request')
    if (!parsed.ok) {
      return respondWithError(c, 400, 'invalid_request', parsed.message)
    }
    const request = parsed.data
    const clientProblem = checkClient(c, state, request.client_id, request.client_secret)
    if (clientProblem !== undefined) {
      return clientProblem
    }

    const result = state.auth.pollDeviceCode(request.device_code, request.client_id, {
      deviceId: request.device_id ?? undefined,
      deviceName: request.device_name ?? undefined,
      linkedUserId: request.linked_user_id ?? undefined,
      linkedUsername: request.linked_username ?? undefined,
    })
    switch (result.status) {
      case 'pending':
        return respondWithError(
          c,
          400,
          'authorization_pending',
          'The user has not approved this device yet. Keep polling.',
        )
      case 'denied':
        return respondWithError(c, 400, 'access_denied', 'The user denied access for this device.')
      case 'expired':
        return respondWithError(
          c,
          400,
          'expired',
          'The device code is invalid, expired or already exchanged. Start a new device flow.',
        )
      case 'approved':
        return c.json({ ...describeTokens(result.tokens), username: result.username })
    }
  })

  routes.post('/auth/refresh', async (c) => {
    const blocked = await applyRouteFaults(c, state, 'refresh')
    if (blocked !== undefined) {
      return blocked
    }
    const json = await readJsonObject(c)
    if (!json.ok) {
      return json.response
    }
    const parsed = parseBody(refreshRequestSchema, json.body, 'refresh request')
    if (!parsed.ok) {
      return respondWithError(c, 400, 'invalid_request', parsed.message)
    }
    const request = parsed.data
    const clientProblem = checkClient(c, state, request.client_id, request.client_secret)
    if (clientProblem !== undefined) {
      return clientProblem
    }

    const result = state.auth.refresh(request.refresh_token, request.client_id)
    if (!result.ok) {
      return respondWithError(c, 400, 'invalid_grant', result.reason)
    }
    if (result.rotated) {
      return c.json(describeTokens(result.tokens))
    }
    // The reference schema of this endpoint has no refresh_token or refresh_expires_in.
    return c.json({
      access_token: result.tokens.accessToken,
      token_type: 'bearer',
      expires_in: result.tokens.expiresInSeconds,
      scope: result.tokens.scopes.join(' '),
    })
  })

  routes.get('/me', async (c) => {
    const blocked = await applyRouteFaults(c, state, 'me')
    if (blocked !== undefined) {
      return blocked
    }
    const bearer = authenticateBearer(c, state, 'profile:read')
    if (!bearer.ok) {
      return bearer.response
    }
    const { grant, tokenId } = bearer.token
    return c.json({
      id: grant.userId,
      username: grant.username,
      name: grant.username,
      email: `${grant.username}@example.com`,
      client_type: 'platform',
      token_id: tokenId,
      scopes: grant.scopes,
      developer_app: { id: deriveStableId('app', grant.clientId), name: 'PunchPlay Bridge (fake app)' },
    })
  })

  return routes
}

function describeTokens(tokens: IssuedTokens) {
  return {
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    token_type: 'bearer',
    expires_in: tokens.expiresInSeconds,
    refresh_expires_in: tokens.refreshExpiresInSeconds,
    scope: tokens.scopes.join(' '),
  }
}

