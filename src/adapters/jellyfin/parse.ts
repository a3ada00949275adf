/**
 * The Jellyfin adapter: translates one payload of the official Jellyfin webhook plugin (Generic
 * destination) into a normalized playback event, or into a rejection that explains why it was
 * ignored or is invalid.
 */

import type { AdapterContext, AdapterResult, PlaybackEvent, PlaybackEventKind } from '../../core/events.js'
import { describeJsonType, isPlainObject, looksLikeEmbyPayload } from '../emby/detect.js'
import { explainIgnoredItemType } from '../emby/ignore-rules.js'
import { looksLikePlexPayload } from '../plex/index.js'
import { isEmbyShapedTemplate } from './detect.js'
import { explainIgnoredNotification, explainIgnoredUserData, readPlaybackKind } from './ignore-rules.js'
import { ignored, invalid, joinIssues, rejectInvalidPayload } from './issues.js'
import { buildMediaItem } from './item.js'
import { JellyfinEnvelope, JellyfinItem, JellyfinPlaybackFields, JellyfinUserDataFields } from './schema.js'
import { parseTemplatePayload } from './template.js'
import { readPositionSeconds } from './values.js'

// A manual mark has no playback device, but the tracker keys playbacks by player. Every mark
// gets this one player, so a mark never closes a playback that runs on a real device.
const MARKED_PLAYED_PLAYER = { id: 'marked-played', title: 'Marked played in Jellyfin' }

/** The tracked kind of a notification, or the reason it is ignored. */
type NotificationDecision = { kind: PlaybackEventKind } | { ignoredReason: string }

/** Returns the reason for a payload that belongs to another source's URL, or undefined. */
function explainWrongSource(payload: Record<string, unknown>): string | undefined {
  if (looksLikeEmbyPayload(payload)) {
    return 'Payload looks like an Emby webhook; post it to /webhooks/emby/<token> instead of the Jellyfin URL.'
  }

  if (looksLikePlexPayload(payload)) {
    return 'Payload looks like a Plex webhook; post it to /webhooks/plex/<token> instead of the Jellyfin URL.'
  }

  return undefined
}

function decideNotification(envelope: JellyfinEnvelope): NotificationDecision {
  const { NotificationType: notificationType } = envelope

  if (notificationType === 'UserDataSaved') {
    const ignoredReason = explainIgnoredUserData(envelope.SaveReason, envelope.Played)

    return ignoredReason === undefined ? { kind: 'watched' } : { ignoredReason }
  }

  const kind = readPlaybackKind(notificationType)

  return kind === undefined ? { ignoredReason: explainIgnoredNotification(notificationType) } : { kind }
}

function buildBaseEvent(
  kind: PlaybackEventKind,
  fields: JellyfinUserDataFields,
  item: JellyfinItem,
  context: AdapterContext,
): Omit<PlaybackEvent, 'player'> {
  const userName = fields.NotificationUsername

  return {
    kind,
    source: 'jellyfin',
    serverId: fields.ServerId,
    user: fields.UserId === undefined ? { name: userName } : { id: fields.UserId, name: userName },
    item: buildMediaItem(item),
    // `UtcTimestamp` is read, never the local `Timestamp`, which has a literal `Z` appended
    // when its fraction is 0. A payload without it (a template) uses the time of receipt.
    occurredAt: fields.UtcTimestamp ?? context.receivedAt,
  }
}

function buildPlaybackEvent(
  kind: PlaybackEventKind,
  fields: JellyfinPlaybackFields,
  item: JellyfinItem,
  context: AdapterContext,
): PlaybackEvent {
  const playerTitle = fields.DeviceName ?? fields.ClientName

  const playbackEvent: PlaybackEvent = {
    ...buildBaseEvent(kind, fields, item, context),
    player: playerTitle === undefined ? { id: fields.DeviceId } : { id: fields.DeviceId, title: playerTitle },
  }

  if (fields.Id !== undefined) {
    playbackEvent.sessionKey = fields.Id
  }

  const positionSeconds = readPositionSeconds(kind, fields.PlaybackPositionTicks)
  if (positionSeconds !== undefined) {
    playbackEvent.positionSeconds = positionSeconds
  }

  // Jellyfin has no pause event, so the tracker turns a change of `IsPaused` between progress
  // notifications into a pause or a resume.
  if (kind === 'progress' && fields.IsPaused !== undefined) {
    playbackEvent.paused = fields.IsPaused
  }

  // The server sets PlayedToCompletion past 90 % of the runtime, for short items, and when the
  // runtime or position is unknown.
  if (kind === 'stop') {
    playbackEvent.completed = fields.PlayedToCompletion === true
  }

  return playbackEvent
}

function parseTrackedNotification(
  kind: PlaybackEventKind,
  notificationType: string,
  payload: Record<string, unknown>,
  context: AdapterContext,
): AdapterResult {
  const label = `Jellyfin ${notificationType} payload`
  const item = JellyfinItem.safeParse(payload, { reportInput: true })

  if (kind === 'watched') {
    const fields = JellyfinUserDataFields.safeParse(payload, { reportInput: true })
    if (!fields.success || !item.success) {
      return rejectInvalidPayload(label, joinIssues(fields, item))
    }

    return {
      ok: true,
      event: { ...buildBaseEvent(kind, fields.data, item.data, context), player: MARKED_PLAYED_PLAYER },
    }
  }

  const fields = JellyfinPlaybackFields.safeParse(payload, { reportInput: true })
  if (!fields.success || !item.success) {
    return rejectInvalidPayload(label, joinIssues(fields, item))
  }

  return { ok: true, event: buildPlaybackEvent(kind, fields.data, item.data, context) }
}

/**
 * Translates a Jellyfin webhook payload (the parsed JSON body) into a playback event.
 * PlaybackStart, PlaybackProgress and PlaybackStop of a movie or episode give play, progress
 * (with the paused state) and stop, and UserDataSaved of a manual mark as played gives watched.
 * Payloads in the Emby-like shape of common templates are read too. Other notifications and
 * items (music, trailers, library, sign-in and plugin notifications) are ignored with a reason.
 * A payload of another source, or one that lacks a field the event needs, is invalid with a
 * reason that names it. Pure: the event time is the payload's `UtcTimestamp`.
 *
 * @example
 * const result = parseJellyfinWebhook(JSON.parse(body), { receivedAt: Date.now() })
 * if (result.ok) enqueue(result.event)
 */
export function parseJellyfinWebhook(payload: unknown, context: AdapterContext): AdapterResult {
  if (!isPlainObject(payload)) {
    return invalid(`Jellyfin payload must be a JSON object, received ${describeJsonType(payload)}`)
  }

  const wrongSource = explainWrongSource(payload)
  if (wrongSource !== undefined) {
    return invalid(wrongSource)
  }

  if (payload['NotificationType'] === undefined && isEmbyShapedTemplate(payload)) {
    return parseTemplatePayload(payload, MARKED_PLAYED_PLAYER, context)
  }

  const envelope = JellyfinEnvelope.safeParse(payload, { reportInput: true })
  if (!envelope.success) {
    return rejectInvalidPayload('Jellyfin payload', envelope.error)
  }

  const { NotificationType: notificationType, ItemType: itemType, NotificationUsername: user } = envelope.data

  const decision = decideNotification(envelope.data)
  if ('ignoredReason' in decision) {
    return ignored(notificationType, user, decision.ignoredReason)
  }

  const ignoredItemReason = itemType === undefined ? undefined : explainIgnoredItemType(notificationType, itemType)
  if (ignoredItemReason !== undefined) {
    return ignored(notificationType, user, ignoredItemReason)
  }

  return parseTrackedNotification(decision.kind, notificationType, payload, context)
}
