/**
 * The one place where errors become HTTP responses.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from 'pino'

import { isBridgeError, type BridgeErrorCode } from '../core/errors.js'

const STATUS_BY_CODE: Record<BridgeErrorCode, ContentfulStatusCode> = {
  invalid_config: 500,
  invalid_request: 400,
  unauthorized: 401,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  not_configured: 409,
  device_flow_failed: 502,
}

/** Codes for the statuses the HTTP layer raises itself (the CSRF guard, the login limit). */
const CODE_BY_STATUS: Partial<Record<number, string>> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
}

/** Webhook paths end in the secret token, so a path is never echoed back or logged whole. */
export function redactPath(path: string): string {
  return path.replace(/^(\/webhooks\/[^/]+\/).+$/, '$1[redacted]')
}

/**
 * Return 404 for requests with no route. One under /webhooks is logged at warn, because a media
 * server posting to a wrong URL is a setup mistake the operator needs to see. Anything else
 * (scanners, typos) is logged at debug.
 */
export function createNotFoundHandler(logger: Logger) {
  return function handleNotFound(c: Context): Response {
    const path = redactPath(c.req.path)
    const level = path.startsWith('/webhooks') ? 'warn' : 'debug'
    logger[level]({ method: c.req.method, path }, 'request for an unknown route')
    return c.json({ code: 'not_found', message: `No route for ${c.req.method} ${path}` }, 404)
  }
}

export function createErrorHandler(logger: Logger) {
  return function handleError(error: Error, c: Context): Response {
    if (isBridgeError(error)) {
      const status = STATUS_BY_CODE[error.code]
      // A wrong webhook token is logged where it is checked, at most once a minute per source.
      // A page request without a session is routine and not logged.
      if (error.code !== 'unauthorized') {
        logger.warn({ method: c.req.method, path: redactPath(c.req.path), status, code: error.code }, `request rejected: ${error.message}`)
      }
      return c.json({ code: error.code, message: error.message }, status)
    }
    if (error instanceof HTTPException) {
      const code = CODE_BY_STATUS[error.status] ?? 'http_error'
      logger.warn({ method: c.req.method, path: redactPath(c.req.path), status: error.status, code }, `request rejected: ${error.message}`)
      return c.json({ code, message: error.message || 'request failed' }, error.status)
    }

    // Not foreseen: log it with its stack, and tell the client nothing about the internals.
    logger.error({ err: error, method: c.req.method, route: c.req.routePath }, 'unhandled error while serving a request')
    return c.json({ code: 'internal_error', message: 'Internal error; the bridge log has the details.' }, 500)
  }
}
