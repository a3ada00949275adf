import { respondWithError } from './errors.js'
import type { FakeContext } from './errors.js'

export type JsonBodyResult = { ok: true; body: Record<string, unknown> } | { ok: false; response: Response }

/**
 * Reads a JSON object body. The fake insists on `Content-Type: application/json`, which the
 * API reference gives for these endpoints, so a client that leaves the header out fails here
 * rather than against the real service.
 */
export async function readJsonObject(c: FakeContext): Promise<JsonBodyResult> {
  const contentType = c.req.header('content-type') ?? ''
  if (!/^application\/json\b/i.test(contentType)) {
    const received = contentType === '' ? 'none' : contentType
    return reject(c, `Content-Type must be application/json, got ${received}.`)
  }

  let parsed: unknown
  try {
    parsed = JSON.parse(await c.req.text())
  } catch {
    return reject(c, 'Request body is not valid JSON.')
  }
  if (!isJsonObject(parsed)) {
    return reject(c, 'Request body must be a JSON object.')
  }
  return { ok: true, body: parsed }
}

function reject(c: FakeContext, message: string): JsonBodyResult {
  return { ok: false, response: respondWithError(c, 400, 'invalid_request', message) }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
