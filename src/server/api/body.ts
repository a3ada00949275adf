/**
 * Reading JSON request bodies of the setup API: JSON only, size-limited, checked with zod.
 * Requiring `application/json` also shuts out cross-site HTML forms, which cannot send it.
 */
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { z } from 'zod'

import { BridgeError } from '../../core/errors.js'

/** A pasted Plex payload is a few kilobytes; 1 MiB leaves room for any media server's. */
export const MAX_API_BODY_BYTES = 1024 * 1024

export function limitApiBody(): MiddlewareHandler {
  return bodyLimit({
    maxSize: MAX_API_BODY_BYTES,
    onError: () => {
      throw new BridgeError('payload_too_large', 'The request body exceeds the 1 MiB limit of the setup API.')
    },
  })
}

/**
 * Parse the body as JSON and check it against `schema`.
 *
 * @throws BridgeError unsupported_media_type without a JSON content type; invalid_request for
 *   invalid JSON or values, naming each field and what it expects.
 */
export async function readJsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  const contentType = (c.req.header('content-type') ?? '').toLowerCase()
  if (!contentType.startsWith('application/json')) {
    throw new BridgeError('unsupported_media_type', `Unsupported Content-Type "${contentType || 'none'}": send the body as application/json.`)
  }

  let body: unknown
  try {
    body = JSON.parse(await c.req.text())
  } catch {
    throw new BridgeError('invalid_request', 'The request body is not valid JSON.')
  }

  const parsed = schema.safeParse(body)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    throw new BridgeError('invalid_request', `Invalid request: ${problems.join('; ')}.`)
  }
  return parsed.data
}

/** A positive whole number from a path parameter such as `/api/links/:id`. */
export function readIdParam(c: Context, name: string): number {
  const text = c.req.param(name) ?? ''
  const id = Number(text)
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(id) || id <= 0) {
    throw new BridgeError('invalid_request', `Invalid ${name} "${text.slice(0, 40)}": expected a positive whole number.`)
  }
  return id
}
