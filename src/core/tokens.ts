/**
 * Access tokens for linked accounts: refreshed ahead of expiry and once after a 401, one
 * refresh at a time per link, because a rotating refresh token fails when presented twice.
 */
import { eq } from 'drizzle-orm'
import type { Logger } from 'pino'

import type { PunchPlayClient } from './punchplay/client.js'
import { isPunchPlayHttpError, requestIdOf } from './punchplay/errors.js'
import { classifyFailure, computeRetryDelayMs } from './punchplay/retry-timing.js'
import type { BridgeDatabase } from './storage/database.js'
import { linksTable } from './storage/schema.js'

/** Refresh this long before `expires_in` runs out, so a request never leaves with a dying token. */
export const REFRESH_MARGIN_MS = 5 * 60_000

/** Deliveries for a link cannot go out now. `retryAt` is set when the cause is transient. */
export class LinkUnavailableError extends Error {
  override name = 'LinkUnavailableError' as const
  readonly linkId: number
  readonly retryAt: number | undefined

  constructor(linkId: number, message: string, retryAt?: number) {
    super(message)
    this.linkId = linkId
    this.retryAt = retryAt
  }
}

export interface TokenManagerOptions {
  db: BridgeDatabase
  client: PunchPlayClient
  logger: Logger
  now?: () => number
  /** Delay before retry number `attempt` of a failed refresh; tests shorten it. */
  retryDelayMs?: (attempt: number, retryAfterSeconds: number | undefined) => number
}

export interface TokenManager {
  /** A usable access token, refreshed first when it expires within the margin. */
  getAccessToken(linkId: number): Promise<string>
  /** Refresh after PunchPlay rejected `rejectedToken` with 401, unless another call already did. */
  refreshAfterRejection(linkId: number, rejectedToken: string): Promise<string>
}

export function createTokenManager(options: TokenManagerOptions): TokenManager {
  const { db, client, logger } = options
  const now = options.now ?? Date.now
  const retryDelayMs = options.retryDelayMs ?? computeRetryDelayMs
  const inFlight = new Map<number, Promise<string>>()
  const failedRefreshes = new Map<number, number>()

  function readLink(linkId: number) {
    const link = db.select().from(linksTable).where(eq(linksTable.id, linkId)).get()
    if (link === undefined) throw new LinkUnavailableError(linkId, `link ${linkId} no longer exists`)
    if (link.state === 'needs_relink') {
      throw new LinkUnavailableError(linkId, `link ${linkId} needs re-linking: ${link.stateReason ?? 'refresh rejected'}`)
    }
    if (link.holdUntil !== null && link.holdUntil > now()) {
      throw new LinkUnavailableError(linkId, `link ${linkId} is waiting to retry its token refresh`, link.holdUntil)
    }
    return link
  }

  function refreshOnce(linkId: number): Promise<string> {
    const running = inFlight.get(linkId)
    if (running !== undefined) return running

    const refresh = performRefresh(linkId).finally(() => inFlight.delete(linkId))
    inFlight.set(linkId, refresh)
    return refresh
  }

  async function performRefresh(linkId: number): Promise<string> {
    const link = readLink(linkId)

    try {
      const tokens = await client.refresh(link.refreshToken)
      const issuedAt = now()
      // Access and refresh token change together: a crash between two writes would keep a
      // refresh token that PunchPlay has already retired.
      db.update(linksTable)
        .set({
          accessToken: tokens.access_token,
          accessExpiresAt: issuedAt + tokens.expires_in * 1000,
          ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
          ...(tokens.refresh_expires_in ? { refreshExpiresAt: issuedAt + tokens.refresh_expires_in * 1000 } : {}),
          ...(tokens.scope ? { scope: tokens.scope } : {}),
          holdUntil: null,
          updatedAt: issuedAt,
        })
        .where(eq(linksTable.id, linkId))
        .run()
      failedRefreshes.delete(linkId)
      logger.info({ linkId, rotated: Boolean(tokens.refresh_token) }, 'refreshed PunchPlay access token')
      return tokens.access_token
    } catch (error) {
      throw recordRefreshFailure(linkId, error)
    }
  }

  function recordRefreshFailure(linkId: number, error: unknown): LinkUnavailableError {
    const requestId = requestIdOf(error)
    const message = error instanceof Error ? error.message : String(error)

    if (isPunchPlayHttpError(error) && classifyFailure(error) !== 'retry') {
      // invalid_grant and friends: the grant is gone (revoked, expired, or the token was used).
      // The link and its queued events are kept; `link --relink` restores delivery.
      const reason = `token refresh rejected (${error.code ?? `HTTP ${error.status}`})`
      db.update(linksTable)
        .set({ state: 'needs_relink', stateReason: reason, updatedAt: now() })
        .where(eq(linksTable.id, linkId))
        .run()
      logger.error({ linkId, requestId, err: message }, 'PunchPlay rejected the refresh token; the link needs re-linking')
      return new LinkUnavailableError(linkId, `link ${linkId} needs re-linking: ${reason}`)
    }

    const failures = (failedRefreshes.get(linkId) ?? 0) + 1
    failedRefreshes.set(linkId, failures)
    const retryAt = now() + retryDelayMs(failures, isPunchPlayHttpError(error) ? error.retryAfterSeconds : undefined)
    db.update(linksTable).set({ holdUntil: retryAt, updatedAt: now() }).where(eq(linksTable.id, linkId)).run()
    logger.warn({ linkId, requestId, err: message, retryAt: new Date(retryAt).toISOString() }, 'token refresh failed; deliveries for this link wait')
    return new LinkUnavailableError(linkId, `link ${linkId} token refresh failed: ${message}`, retryAt)
  }

  return {
    async getAccessToken(linkId) {
      const link = readLink(linkId)
      if (link.accessExpiresAt - REFRESH_MARGIN_MS > now()) return link.accessToken
      return refreshOnce(linkId)
    },

    async refreshAfterRejection(linkId, rejectedToken) {
      const link = readLink(linkId)
      if (link.accessToken !== rejectedToken) return link.accessToken
      return refreshOnce(linkId)
    },
  }
}
