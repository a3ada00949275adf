/**
 * Errors from calls to PunchPlay, shaped after ky's family: one base class, one subclass per
 * way a call can fail, and `isX` guards. The delivery worker decides from these whether to retry.
 */

export class PunchPlayError extends Error {
  override name = 'PunchPlayError'
  /** The API path that was called, without the host, e.g. `/playback/start`. */
  readonly path: string

  constructor(path: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.path = path
  }
}

/** PunchPlay returned a non-2xx status. */
export class PunchPlayHttpError extends PunchPlayError {
  override name = 'PunchPlayHttpError' as const
  readonly status: number
  /** The `error` code from the body, such as `invalid_grant`, when there was one. */
  readonly code: string | undefined
  /** `X-PunchPlay-Request-Id`, to quote when asking PunchPlay for support. */
  readonly requestId: string | undefined
  /** `Retry-After` in seconds, when the response had a usable one. */
  readonly retryAfterSeconds: number | undefined

  constructor(
    path: string,
    details: { status: number; code?: string; message?: string; requestId?: string; retryAfterSeconds?: number },
  ) {
    const reason = details.code === undefined ? '' : ` ${details.code}`
    const text = details.message === undefined ? '' : `: ${details.message}`
    super(path, `PunchPlay ${path} failed with HTTP ${details.status}${reason}${text}`)
    this.status = details.status
    this.code = details.code
    this.requestId = details.requestId
    this.retryAfterSeconds = details.retryAfterSeconds
  }
}

/** The request did not reach PunchPlay or the connection broke. */
export class PunchPlayNetworkError extends PunchPlayError {
  override name = 'PunchPlayNetworkError' as const

  constructor(path: string, cause: unknown) {
    super(path, `PunchPlay ${path} could not be reached: ${describeCause(cause)}`, { cause })
  }
}

/** PunchPlay did not respond within the configured timeout. */
export class PunchPlayTimeoutError extends PunchPlayError {
  override name = 'PunchPlayTimeoutError' as const
  readonly timeoutMs: number

  constructor(path: string, timeoutMs: number) {
    super(path, `PunchPlay ${path} timed out after ${timeoutMs} ms`)
    this.timeoutMs = timeoutMs
  }
}

/** PunchPlay returned 2xx with a body that does not match the documented schema. */
export class PunchPlayResponseError extends PunchPlayError {
  override name = 'PunchPlayResponseError' as const
  readonly requestId: string | undefined

  constructor(path: string, problem: string, requestId: string | undefined) {
    super(path, `PunchPlay ${path} returned an unexpected response: ${problem}`)
    this.requestId = requestId
  }
}

export function isPunchPlayHttpError(error: unknown): error is PunchPlayHttpError {
  return error instanceof PunchPlayHttpError
}

/** Return the request id of any PunchPlay error that has one. */
export function requestIdOf(error: unknown): string | undefined {
  if (error instanceof PunchPlayHttpError || error instanceof PunchPlayResponseError) return error.requestId
  return undefined
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause)
  // undici wraps the socket error (ECONNREFUSED, ENOTFOUND) in `cause`.
  const inner = cause.cause
  if (inner instanceof Error && 'code' in inner) return `${cause.message} (${String(inner.code)})`
  return cause.message
}
