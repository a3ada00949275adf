/**
 * The webhook adapters by source, and the one entry point that picks the right one. A payload
 * that belongs to another server is rejected with a reason naming where it should go, because
 * answering it with success would hide a misconfigured server from its operator.
 */
import type { AdapterContext, AdapterResult, SourceKind } from '../core/events.js'
import { looksLikeEmbyPayload, parseEmbyWebhook } from './emby/index.js'
import { looksLikeJellyfinPayload, parseJellyfinWebhook } from './jellyfin/index.js'
import { looksLikePlexPayload, parsePlexWebhook } from './plex/index.js'

/** Sources that post webhooks to the bridge. Kodi is reached over its JSON-RPC connection. */
export const WEBHOOK_SOURCES = ['plex', 'jellyfin', 'emby'] as const satisfies readonly SourceKind[]
export type WebhookSource = (typeof WEBHOOK_SOURCES)[number]

export interface WebhookAdapter {
  /** The server's name, for messages. */
  sender: string
  /** The form field that carries the JSON when the server posts a form. */
  formField: string
  parse: (payload: unknown, context: AdapterContext) => AdapterResult
  looksLike: (payload: unknown) => boolean
}

export const WEBHOOK_ADAPTERS: Record<WebhookSource, WebhookAdapter> = {
  plex: { sender: 'Plex', formField: 'payload', parse: parsePlexWebhook, looksLike: looksLikePlexPayload },
  jellyfin: { sender: 'Jellyfin', formField: 'payload', parse: parseJellyfinWebhook, looksLike: looksLikeJellyfinPayload },
  emby: { sender: 'Emby', formField: 'data', parse: parseEmbyWebhook, looksLike: looksLikeEmbyPayload },
}

/** Translate a parsed payload posted to `source`'s URL, rejecting another server's payload. */
export function translateWebhook(source: WebhookSource, payload: unknown, context: AdapterContext): AdapterResult {
  const adapter = WEBHOOK_ADAPTERS[source]
  if (!adapter.looksLike(payload)) {
    for (const other of WEBHOOK_SOURCES) {
      if (other !== source && WEBHOOK_ADAPTERS[other].looksLike(payload)) {
        return {
          ok: false,
          outcome: 'invalid',
          reason: `This payload looks like a webhook from ${WEBHOOK_ADAPTERS[other].sender}; post it to /webhooks/${other}/<token> instead of the ${adapter.sender} URL.`,
        }
      }
    }
  }
  return adapter.parse(payload, context)
}
