/**
 * Errors of JSON-RPC calls to Kodi: one base class and one subclass per way a call can fail.
 */

export class KodiError extends Error {
  override name = 'KodiError'
  /** The JSON-RPC method that was called, such as `Player.GetItem`. */
  readonly method: string

  constructor(method: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.method = method
  }
}

/** Kodi responded with a JSON-RPC error object. */
export class KodiRpcError extends KodiError {
  override name = 'KodiRpcError' as const
  /** The JSON-RPC error code: -32100 when the player is not active, -32602 for invalid params. */
  readonly code: number

  constructor(method: string, code: number, message: string) {
    super(method, `Kodi ${method} failed with JSON-RPC error ${code}: ${message}`)
    this.code = code
  }
}

/** Kodi did not respond within the request timeout. */
export class KodiTimeoutError extends KodiError {
  override name = 'KodiTimeoutError' as const
  readonly timeoutMs: number

  constructor(method: string, timeoutMs: number) {
    super(method, `Kodi ${method} timed out after ${timeoutMs} ms`)
    this.timeoutMs = timeoutMs
  }
}

/** The connection closed before Kodi responded. */
export class KodiClosedError extends KodiError {
  override name = 'KodiClosedError' as const

  constructor(method: string, options?: ErrorOptions) {
    super(method, `Kodi ${method} failed because the connection closed before Kodi responded`, options)
  }
}

/** Kodi answered with a result that does not have the documented shape. */
export class KodiResponseError extends KodiError {
  override name = 'KodiResponseError' as const

  constructor(method: string, problem: string) {
    super(method, `Kodi ${method} returned an unexpected result: ${problem}`)
  }
}

/** JSON-RPC error code of a `Player.*` call for a player that is not active. */
export const KODI_PLAYER_NOT_ACTIVE = -32100

/** Tells whether a call failed because the player it named is no longer playing. */
export function isPlayerNotActiveError(error: unknown): boolean {
  return error instanceof KodiRpcError && error.code === KODI_PLAYER_NOT_ACTIVE
}
