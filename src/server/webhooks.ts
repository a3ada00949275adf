/**
 * Webhook routes: `POST /webhooks/<source>/<token>`. A route checks the token, reads the
 * payload out of the request, hands it to the source's adapter and the result to ingest.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { Hono, type Context } from 'hono'
import type { Logger } from 'pino'

import { parsePlexWebhook } from '../adapters/plex/index.js'
import { BridgeError } from '../core/errors.js'
import type { AdapterResult, SourceKind } from '../core/events.js'
import type { Ingest } from '../core/ingest.js'
import { limitBodySize } from './body-limit.js'

/** Sources that post webhooks to this bridge (Kodi is reached over JSON-RPC instead). */
export const WEBHOOK_SOURCES = ['plex'] as const satisfies readonly SourceKind[]

/** Rejected tokens are logged at most this often per source, so a scanner cannot flood the log. */
const REJECTED_TOKEN_LOG_INTERVAL_MS = 60_000

export interface WebhookRouteOptions {
  webhookToken: string
  ingest: Ingest
  logger: Logger
  maxBodyBytes: number
  now?: () => number
}

export function createWebhookRoutes(options: WebhookRouteOptions): Hono {
  const { ingest, logger } = options
  const now = options.now ?? Date.now
  const expectedDigest = digest(options.webhookToken)
  const rejectedTokens = new Map<SourceKind, { loggedAt: number; suppressed: number }>()

  function verifyToken(source: SourceKind, token: string): void {
    if (timingSafeEqual(digest(token), expectedDigest)) return

    const seen = rejectedTokens.get(source)
    const at = now()
    if (seen === undefined || at - seen.loggedAt >= REJECTED_TOKEN_LOG_INTERVAL_MS) {
      logger.warn({ source, suppressed: seen?.suppressed ?? 0 }, 'webhook rejected: wrong token in the URL')
      rejectedTokens.set(source, { loggedAt: at, suppressed: 0 })
    } else {
      seen.suppressed += 1
    }
    throw new BridgeError('unauthorized', 'Unauthorized')
  }

  function answer(c: Context, source: SourceKind, result: AdapterResult, receivedAt: number): Response {
    const outcome = ingest(source, result, receivedAt)
    if (outcome.outcome === 'invalid') return c.json({ code: 'invalid_payload', message: outcome.reason }, 400)
    return c.json({ ok: true, ...outcome })
  }

  const routes = new Hono()
  routes.use('*', limitBodySize(options.maxBodyBytes))

  routes.post('/plex/:token', async (c) => {
    verifyToken('plex', c.req.param('token'))
    const receivedAt = now()

    const read = await readPlexPayload(c)
    const result = read.ok ? parsePlexWebhook(read.payload, { receivedAt }) : read
    return answer(c, 'plex', result, receivedAt)
  })

  return routes
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

type PayloadRead = { ok: true; payload: unknown } | { ok: false; outcome: 'invalid'; reason: string }

/**
 * Plex posts `multipart/form-data` with the JSON in the `payload` part (and a JPEG `thumb`
 * part, which is dropped unread). A plain JSON body of the same payload is accepted too.
 */
async function readPlexPayload(c: Context): Promise<PayloadRead> {
  const contentType = (c.req.header('content-type') ?? '').toLowerCase()

  if (contentType.startsWith('application/json')) return parseJsonText(await c.req.text(), 'request body')

  if (contentType.startsWith('multipart/form-data') || contentType.startsWith('application/x-www-form-urlencoded')) {
    let form: Record<string, string | File | (string | File)[]>
    try {
      form = await c.req.parseBody({ all: false })
    } catch {
      return { ok: false, outcome: 'invalid', reason: 'The multipart body could not be read: check the boundary and part headers.' }
    }

    const part = form['payload']
    if (part === undefined) {
      return { ok: false, outcome: 'invalid', reason: 'The multipart body has no "payload" part; Plex sends its JSON there.' }
    }
    const text = typeof part === 'string' ? part : Array.isArray(part) ? undefined : await part.text()
    if (text === undefined) return { ok: false, outcome: 'invalid', reason: 'The multipart body has more than one "payload" part.' }
    return parseJsonText(text, '"payload" part')
  }

  throw new BridgeError(
    'unsupported_media_type',
    `Unsupported Content-Type "${contentType || 'none'}": expected multipart/form-data with a "payload" part, as Plex sends, or application/json.`,
  )
}

function parseJsonText(text: string, where: string): PayloadRead {
  try {
    return { ok: true, payload: JSON.parse(text) }
  } catch {
    return { ok: false, outcome: 'invalid', reason: `The ${where} is not valid JSON.` }
  }
}
