/**
 * Webhook routes: `POST /webhooks/<source>/<token>`. A route checks the token, reads the
 * payload out of the request, hands it to the source's adapter and the result to ingest.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import { Hono, type Context } from 'hono'
import type { Logger } from 'pino'

import { WEBHOOK_ADAPTERS, WEBHOOK_SOURCES, translateWebhook, type WebhookSource } from '../adapters/index.js'
import { diagnoseJellyfinBody } from '../adapters/jellyfin/index.js'
import { BridgeError } from '../core/errors.js'
import type { AdapterResult, SourceKind } from '../core/events.js'
import type { Ingest, RawPayload } from '../core/ingest.js'
import type { EnrichEvent } from '../core/show-ids.js'
import { limitBodySize } from './body-limit.js'

/** Rejected tokens are logged at most this often per source, so a scanner cannot flood the log. */
const REJECTED_TOKEN_LOG_INTERVAL_MS = 60_000

export interface WebhookRouteOptions {
  webhookToken: string
  ingest: Ingest
  logger: Logger
  maxBodyBytes: number
  /** Adds show ids from the media server's API to episodes that lack them. */
  enrich?: EnrichEvent
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

  async function answer(
    c: Context,
    source: SourceKind,
    result: AdapterResult,
    receivedAt: number,
    raw: RawPayload,
    invalidStatus: 400 | 415,
  ): Promise<Response> {
    const enriched = result.ok && options.enrich !== undefined ? { ok: true as const, event: await options.enrich(result.event) } : result
    const outcome = ingest(source, enriched, receivedAt, raw)
    if (outcome.outcome === 'invalid') {
      const code = invalidStatus === 415 ? 'unsupported_media_type' : 'invalid_payload'
      return c.json({ code, message: outcome.reason }, invalidStatus)
    }
    // Every outcome but invalid is an acknowledgement, ignored ones included, so the server
    // does not retry. `outcome` and `reason` describe what became of the payload.
    return c.json({ ...outcome, ok: true })
  }

  const routes = new Hono()
  routes.use('*', limitBodySize(options.maxBodyBytes))

  for (const source of WEBHOOK_SOURCES) {
    routes.post(`/${source}/:token`, async (c) => {
      verifyToken(source, c.req.param('token'))
      const receivedAt = now()

      const read = await readPayload(c, source)
      const result = read.ok ? translateWebhook(source, read.payload, { receivedAt }) : read
      return answer(c, source, result, receivedAt, read.raw, read.ok ? 400 : (read.status ?? 400))
    })
  }

  return routes
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest()
}

type PayloadRead =
  | { ok: true; payload: unknown; raw: RawPayload }
  | { ok: false; outcome: 'invalid'; reason: string; raw: RawPayload; status?: 415 }

/** Form fields in which some server sends its JSON, tried when the expected one is absent. */
const KNOWN_FORM_FIELDS = ['payload', 'data']

/**
 * Read the JSON payload of a webhook request: a JSON or text body, or one field of a
 * `multipart/form-data` or urlencoded form. Jellyfin sends `text/plain` by default. Plex sends a
 * `payload` part and a JPEG `thumb` part, which is dropped unread, and Emby a `data` part.
 */
async function readPayload(c: Context, source: WebhookSource): Promise<PayloadRead> {
  const { formField, sender } = WEBHOOK_ADAPTERS[source]
  const contentType = (c.req.header('content-type') ?? '').toLowerCase()
  const invalid = (reason: string, body: unknown = ''): PayloadRead & { ok: false } => ({ ok: false, outcome: 'invalid', reason, raw: { body, contentType } })

  if (contentType.startsWith('application/json') || contentType.startsWith('text/plain')) {
    return parseJsonText(await c.req.text(), 'request body', contentType, source)
  }

  if (contentType.startsWith('multipart/form-data') || contentType.startsWith('application/x-www-form-urlencoded')) {
    let form: Record<string, string | File | (string | File)[]>
    try {
      form = await c.req.parseBody({ all: true })
    } catch {
      return invalid('The multipart body could not be read: check the boundary and part headers.')
    }

    // Another server's field is read too, so that its payload can be recognised and named.
    const field = [formField, ...KNOWN_FORM_FIELDS].find((name) => form[name] !== undefined)
    const part = field === undefined ? undefined : form[field]
    if (part === undefined) {
      const fields = Object.keys(form).join(', ') || 'none'
      return invalid(`The form has no "${formField}" part, where ${sender} sends its JSON (parts received: ${fields}).`)
    }
    const text = typeof part === 'string' ? part : Array.isArray(part) ? undefined : await part.text()
    if (text === undefined) return invalid(`The form has more than one "${field ?? formField}" part.`)
    return parseJsonText(text, `"${field ?? formField}" part`, contentType, source)
  }

  const expected = source === 'jellyfin' ? ' or text/plain' : `, or multipart/form-data with a "${formField}" part`
  return {
    ...invalid(`Unsupported Content-Type "${contentType || 'none'}": ${sender} webhooks are application/json${expected}.`),
    status: 415,
  }
}

function parseJsonText(text: string, where: string, contentType: string, source: WebhookSource): PayloadRead {
  try {
    const payload: unknown = JSON.parse(text)
    return { ok: true, payload, raw: { body: payload, contentType } }
  } catch {
    // Jellyfin bodies come from user templates, whose typical mistakes can be named.
    const reason = source === 'jellyfin' ? diagnoseJellyfinBody(text) : `The ${where} is not valid JSON.`
    return { ok: false, outcome: 'invalid', reason, raw: { body: text, contentType } }
  }
}
