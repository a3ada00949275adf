import type { Context } from 'hono'

import type { FakeRoute } from './options.js'

/** Hono environment of the fake: every request gets its request id before any route runs. */
export interface FakeEnv {
  Variables: {
    requestId: string
    /** Set for a request held by `hangNext`. Its late response goes to a closed connection. */
    hung?: boolean
  }
}

export type FakeContext = Context<FakeEnv>

/** The error body of the Platform API. `required_scope` appears only on scope errors. */
export interface ErrorBody {
  error: string
  message: string
  request_id: string
  required_scope?: string
}

export interface ErrorDetails {
  requiredScope?: string
  /** Integer seconds for `Retry-After`. A 429 always carries the header, 1 second unless set. */
  retryAfterSeconds?: number
}

/** Builds an error response in the Platform API's shape, with the request's id in the body. */
export function respondWithError(
  c: FakeContext,
  status: number,
  error: string,
  message: string,
  details: ErrorDetails = {},
): Response {
  const body: ErrorBody = { error, message, request_id: c.get('requestId') }
  if (details.requiredScope !== undefined) {
    body.required_scope = details.requiredScope
  }

  const headers = new Headers()
  if (status === 429 || details.retryAfterSeconds !== undefined) {
    headers.set('Retry-After', String(details.retryAfterSeconds ?? 1))
  }
  return Response.json(body, { status, headers })
}

/** Picks the error code the Platform API documents for a status on a route. */
export function chooseErrorCode(status: number, route: FakeRoute): string {
  if (status === 401) {
    const clientCredentialsRoute = route === 'device/code' || route === 'device/token' || route === 'refresh'
    return clientCredentialsRoute ? 'invalid_client' : 'invalid_token'
  }
  if (status === 403) {
    return 'insufficient_scope'
  }
  if (status === 404) {
    return 'not_found'
  }
  if (status === 429) {
    return 'rate_limited'
  }
  if (status >= 500) {
    return 'server_error'
  }
  return 'invalid_request'
}
