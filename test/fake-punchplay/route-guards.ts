import type { AccessTokenRecord } from './auth-store.js'
import { chooseErrorCode, respondWithError } from './errors.js'
import type { FakeContext } from './errors.js'
import type { FakeRoute } from './options.js'
import type { FakeState } from './state.js'

/**
 * Counts a request of the route and applies what tests scheduled for it: a hang, a
 * failure, a playback outage, or the route's rate limit. Returns the response to send
 * instead of running the route, or undefined to run it.
 */
export async function applyRouteFaults(
  c: FakeContext,
  state: FakeState,
  route: FakeRoute,
): Promise<Response | undefined> {
  state.routeCounts.set(route, (state.routeCounts.get(route) ?? 0) + 1)

  const fault = state.faults.takeFault(route)
  if (fault?.kind === 'hang') {
    c.set('hung', true)
    await state.faults.waitForRelease()
    // close() has dropped the connection by now, so this response is discarded.
    return respondWithError(c, 503, 'server_error', 'The fake PunchPlay server is shutting down.')
  }
  if (fault?.kind === 'fail') {
    const error = fault.error ?? chooseErrorCode(fault.status, route)
    const message = `Simulated failure of ${route} with status ${fault.status}, scheduled by the test.`
    return respondWithError(c, fault.status, error, message, { retryAfterSeconds: fault.retryAfterSeconds })
  }

  const limit = state.rateLimiter.check(route)
  if (!limit.ok) {
    const message = `Too many ${route} requests. Retry after ${limit.retryAfterSeconds} seconds.`
    return respondWithError(c, 429, 'rate_limited', message, { retryAfterSeconds: limit.retryAfterSeconds })
  }
  return undefined
}

export type BearerCheck = { ok: true; token: AccessTokenRecord } | { ok: false; response: Response }

/** Checks the bearer token and that it carries the scope the endpoint needs. */
export function authenticateBearer(c: FakeContext, state: FakeState, requiredScope: string): BearerCheck {
  const header = c.req.header('authorization') ?? ''
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  const accessToken = match?.[1]
  if (accessToken === undefined) {
    const message = 'Bearer token is missing. Send the header Authorization: Bearer <access_token>.'
    return { ok: false, response: respondWithError(c, 401, 'invalid_token', message) }
  }

  const check = state.auth.checkAccessToken(accessToken)
  if (!check.ok) {
    return { ok: false, response: respondWithError(c, 401, 'invalid_token', check.reason) }
  }
  if (!check.token.grant.scopes.includes(requiredScope)) {
    const message = `This token is missing the required scope: ${requiredScope}.`
    const response = respondWithError(c, 403, 'insufficient_scope', message, { requiredScope })
    return { ok: false, response }
  }
  return { ok: true, token: check.token }
}

/**
 * Checks the client credentials of an auth request. A public app (no secret configured)
 * ignores any `client_secret` it is sent.
 */
export function checkClient(
  c: FakeContext,
  state: FakeState,
  clientId: string,
  clientSecret: string | null | undefined,
): Response | undefined {
  const expectedSecret = state.options.clientSecret
  if (clientId !== state.options.clientId) {
    return respondWithError(c, 401, 'invalid_client', `Unknown client_id: ${clientId}.`)
  }
  if (expectedSecret !== undefined && clientSecret !== expectedSecret) {
    const problem = clientSecret === null || clientSecret === undefined ? 'is missing' : 'does not match'
    return respondWithError(c, 401, 'invalid_client', `client_secret ${problem} for this confidential app.`)
  }
  return undefined
}
