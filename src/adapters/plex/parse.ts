/**
 * The Plex adapter: translates one Plex Media Server webhook payload into a normalized
 * playback event, or into a rejection that explains why it was ignored or is invalid.
 */

import type {
  AdapterContext,
  AdapterRejection,
  AdapterResult,
  PlaybackEvent,
  PlaybackEventKind,
} from '../../core/events.js'
import { describeJsonType, findRelayEvidence, isPlainObject } from './detect.js'
import { explainIgnoredEvent, explainIgnoredItem, readPlaybackKind } from './ignore-rules.js'
import { describeIssues } from '../payload-checks.js'
import { buildMediaItem, toWholeSeconds } from './item.js'
import { PlexEnvelope, PlexPlaybackPayload } from './schema.js'

function invalid(reason: string): AdapterRejection {
  return { ok: false, outcome: 'invalid', reason }
}

function ignored(event: string, user: string | undefined, reason: string): AdapterRejection {
  return user === undefined
    ? { ok: false, outcome: 'ignored', event, reason }
    : { ok: false, outcome: 'ignored', event, user, reason }
}

/**
 * Reads the position in whole seconds. Plex omits `viewOffset` when it is 0, after an item was
 * marked watched (typical on media.scrobble) and sometimes on media.pause. Only on media.play
 * does a missing offset mean the start, so elsewhere the position stays unknown.
 */
function readPositionSeconds(kind: PlaybackEventKind, viewOffset: number | undefined): number | undefined {
  if (viewOffset !== undefined) {
    return toWholeSeconds(viewOffset)
  }

  return kind === 'play' ? 0 : undefined
}

function buildPlaybackEvent(
  kind: PlaybackEventKind,
  payload: PlexPlaybackPayload,
  context: AdapterContext,
): PlaybackEvent {
  const { Account: account, Player: player, Metadata: metadata } = payload

  // Account is the person who played. For a shared user's playback on the owner's server
  // (`user: false, owner: true`) it is that user, not the webhook's owner.
  const playbackEvent: PlaybackEvent = {
    kind,
    source: 'plex',
    serverId: payload.Server.uuid,
    user: account.id === undefined ? { name: account.title } : { id: String(account.id), name: account.title },
    player: player.title === undefined ? { id: player.uuid } : { id: player.uuid, title: player.title },
    item: buildMediaItem(metadata),
    // Plex payloads carry no event time, so the time of receipt is used instead.
    occurredAt: context.receivedAt,
  }

  const positionSeconds = readPositionSeconds(kind, metadata.viewOffset)
  if (positionSeconds !== undefined) {
    playbackEvent.positionSeconds = positionSeconds
  }

  // media.scrobble is Plex's own completion signal, sent once the position passes 90 %.
  if (kind === 'scrobble') {
    playbackEvent.completed = true
  }

  return playbackEvent
}

/**
 * Translates a Plex webhook payload (the parsed JSON of the multipart `payload` part) into a
 * playback event. Playback of movies and episodes (media.play, pause, resume, stop and
 * scrobble) gives an event. Other events and items (music, trailers, photos, live TV,
 * ratings, library and server events) are ignored with a reason. A payload that is not a Plex
 * webhook, or lacks a field the event needs, is invalid with a reason that names the field.
 * Pure: the event time is `context.receivedAt`.
 *
 * @example
 * const result = parsePlexWebhook(JSON.parse(payloadPart), { receivedAt: Date.now() })
 * if (result.ok) enqueue(result.event)
 */
export function parsePlexWebhook(payload: unknown, context: AdapterContext): AdapterResult {
  if (!isPlainObject(payload)) {
    return invalid(`Plex payload must be a JSON object, received ${describeJsonType(payload)}`)
  }

  const relayEvidence = findRelayEvidence(payload)
  if (relayEvidence !== undefined) {
    return invalid(
      `Payload is not a genuine Plex webhook because ${relayEvidence}. It looks like a Tautulli relay. ` +
        'Add the bridge URL as a webhook in Plex itself instead.',
    )
  }

  const envelope = PlexEnvelope.safeParse(payload, { reportInput: true })
  if (!envelope.success) {
    return invalid(`Plex payload is invalid: ${describeIssues(envelope.error)}`)
  }

  const { event, Account: account, Metadata: metadata } = envelope.data
  const user = account?.title === '' ? undefined : account?.title

  const kind = readPlaybackKind(event)
  if (kind === undefined) {
    return ignored(event, user, explainIgnoredEvent(event))
  }

  const ignoredItemReason = explainIgnoredItem(event, metadata)
  if (ignoredItemReason !== undefined) {
    return ignored(event, user, ignoredItemReason)
  }

  const parsed = PlexPlaybackPayload.safeParse(payload, { reportInput: true })
  if (!parsed.success) {
    return invalid(`Plex ${event} payload is invalid: ${describeIssues(parsed.error)}`)
  }

  return { ok: true, event: buildPlaybackEvent(kind, parsed.data, context) }
}
