/**
 * The bridge's own error family. Each error carries a code from a closed set, which the HTTP
 * layer maps to a status in one place (src/server/errors.ts) and the CLI prints as a message.
 */

export type BridgeErrorCode =
  | 'invalid_config'
  | 'invalid_request'
  | 'unauthorized'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_configured'
  | 'device_flow_failed'

export class BridgeError extends Error {
  override name = 'BridgeError'
  readonly code: BridgeErrorCode

  constructor(code: BridgeErrorCode, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** The configuration is invalid; the message names the keys, never their values. */
export class ConfigError extends BridgeError {
  override name = 'ConfigError'

  constructor(message: string) {
    super('invalid_config', message)
  }
}

export function isBridgeError(error: unknown): error is BridgeError {
  return error instanceof BridgeError
}
