/**
 * The Emby adapter: translates one Emby Server webhook payload into a normalized playback
 * event, or into a rejection that explains why it was ignored or is invalid.
 */

import type { z } from 'zod'

import type {
  AdapterContext,
  AdapterRejection,
  AdapterResult,
  PlaybackEvent,
  PlaybackEventKind,
} from '../../core/events.js'
import { looksLikeJellyfinPayload } from '../jellyfin/detect.js'
import { looksLikePlexPayload } from '../plex/index.js'
import { ticksToWholeSeconds } from './conversions.js'
import { describeJsonType, isPlainObject } from './detect.js'
import { explainIgnoredEvent, explainIgnoredItem, isTestEvent, readPlaybackKind } from './ignore-rules.js'
import { describeIssues, hasIssueUnder } from '../payload-checks.js'
import { buildMediaItem } from './item.js'
import { EmbyEnvelope, EmbyMarkPlayedPayload, EmbyPlaybackPayload } from './schema.js'

const TEST_NOTIFICATION_REASON = 'test notification received'

// A manual mark has no playback device, but the tracker keys playbacks by player. Every mark
// gets this one player, so a mark never closes a playback that runs on a real device.
const MARKED_PLAYED_PLAYER = { id: 'marked-played', title: 'Marked played in Emby' }

const MISSING_USER_ADVICE =
  'Emby leaves out the user unless the webhook\'s "Limit user events to" setting lists the users.'

function invalid(reason: string): AdapterRejection {
  return { ok: false, outcome: 'invalid', reason }
}

function ignored(event: string, user: string | undefined, reason: string): AdapterRejection {
  return user === undefined
    ? { ok: false, outcome: 'ignored', event, reason }
    : { ok: false, outcome: 'ignored', event, user, reason }
}

/** Returns the reason for a payload that belongs to another source's URL, or undefined. */
function explainWrongSource(payload: Record<string, unknown>): string | undefined {
  if (looksLikeJellyfinPayload(payload)) {
    return 'Payload looks like a Jellyfin webhook; post it to /webhooks/jellyfin/<token> instead of the Emby URL.'
  }

  if (looksLikePlexPayload(payload)) {
    return 'Payload looks like a Plex webhook; post it to /webhooks/plex/<token> instead of the Emby URL.'
  }

  return undefined
}

/**
 * Reads the position in whole seconds. `PlaybackInfo` describes the playback that the event is
 * about. `Session.PlayState` describes the session now, and on playback.stop it can already
 * belong to the next item (autoplay), so it is read only for other events. Only on
 * playback.start does a missing position mean the start.
 */
function readPositionSeconds(kind: PlaybackEventKind, payload: EmbyPlaybackPayload): number | undefined {
  const sessionTicks = kind === 'stop' ? undefined : payload.Session.PlayState?.PositionTicks
  const positionTicks = payload.PlaybackInfo?.PositionTicks ?? sessionTicks

  if (positionTicks !== undefined) {
    return ticksToWholeSeconds(positionTicks)
  }

  return kind === 'play' ? 0 : undefined
}

function buildBaseEvent(
  kind: PlaybackEventKind,
  payload: EmbyMarkPlayedPayload,
  context: AdapterContext,
): Omit<PlaybackEvent, 'player'> {
  const { User: user } = payload

  return {
    kind,
    source: 'emby',
    serverId: payload.Server.Id,
    user: user.Id === undefined ? { name: user.Name } : { id: user.Id, name: user.Name },
    item: buildMediaItem(payload.Item),
    // Every Emby event carries `Date`. Only a payload without it uses the time of receipt.
    occurredAt: payload.Date ?? context.receivedAt,
  }
}

function buildPlaybackEvent(
  kind: PlaybackEventKind,
  payload: EmbyPlaybackPayload,
  context: AdapterContext,
): PlaybackEvent {
  const { Session: session } = payload
  const playerTitle = session.DeviceName ?? session.Client

  const playbackEvent: PlaybackEvent = {
    ...buildBaseEvent(kind, payload, context),
    player: playerTitle === undefined ? { id: session.DeviceId } : { id: session.DeviceId, title: playerTitle },
  }

  if (session.Id !== undefined) {
    playbackEvent.sessionKey = session.Id
  }

  const positionSeconds = readPositionSeconds(kind, payload)
  if (positionSeconds !== undefined) {
    playbackEvent.positionSeconds = positionSeconds
  }

  if (kind === 'stop') {
    playbackEvent.completed = payload.PlaybackInfo?.PlayedToCompletion === true
  }

  return playbackEvent
}

function rejectInvalidPayload(event: string, error: z.ZodError): AdapterRejection {
  const advice = hasIssueUnder(error, 'User') ? ` ${MISSING_USER_ADVICE}` : ''

  return invalid(`Emby ${event} payload is invalid: ${describeIssues(error)}.${advice}`)
}

function parseTrackedEvent(
  kind: PlaybackEventKind,
  event: string,
  payload: Record<string, unknown>,
  context: AdapterContext,
): AdapterResult {
  if (kind === 'watched') {
    const marked = EmbyMarkPlayedPayload.safeParse(payload, { reportInput: true })
    if (!marked.success) {
      return rejectInvalidPayload(event, marked.error)
    }

    return { ok: true, event: { ...buildBaseEvent(kind, marked.data, context), player: MARKED_PLAYED_PLAYER } }
  }

  const playback = EmbyPlaybackPayload.safeParse(payload, { reportInput: true })
  if (!playback.success) {
    return rejectInvalidPayload(event, playback.error)
  }

  return { ok: true, event: buildPlaybackEvent(kind, playback.data, context) }
}

/**
 * Translates an Emby webhook payload (the JSON body, or the JSON of the multipart `data` part)
 * into a playback event. playback.start, pause, unpause and stop of a movie or episode give
 * play, pause, resume and stop, and item.markplayed gives watched. The test notification and
 * other events and items (music, trailers, live TV, library and user events) are ignored with
 * a reason. A payload of another source, or one that lacks a field the event needs, is invalid
 * with a reason that names it. Pure: the event time is the payload's `Date`.
 *
 * @example
 * const result = parseEmbyWebhook(JSON.parse(body), { receivedAt: Date.now() })
 * if (result.ok) enqueue(result.event)
 */
export function parseEmbyWebhook(payload: unknown, context: AdapterContext): AdapterResult {
  if (!isPlainObject(payload)) {
    return invalid(`Emby payload must be a JSON object, received ${describeJsonType(payload)}`)
  }

  // NOTE: Emby releases before 4.9.0.37 send the test notification without content. Whether
  // that arrives as `{}` or as an empty body is unverified, and an empty body is the route's.
  if (Object.keys(payload).length === 0) {
    return ignored('system.notificationtest', undefined, `${TEST_NOTIFICATION_REASON} (empty payload)`)
  }

  const wrongSource = explainWrongSource(payload)
  if (wrongSource !== undefined) {
    return invalid(wrongSource)
  }

  const envelope = EmbyEnvelope.safeParse(payload, { reportInput: true })
  if (!envelope.success) {
    return invalid(`Emby payload is invalid: ${describeIssues(envelope.error)}`)
  }

  const { Event: event, User: user, Item: item } = envelope.data
  const userName = user?.Name === '' ? undefined : user?.Name

  if (isTestEvent(event)) {
    return ignored(event, userName, TEST_NOTIFICATION_REASON)
  }

  const kind = readPlaybackKind(event)
  if (kind === undefined) {
    return ignored(event, userName, explainIgnoredEvent(event))
  }

  const ignoredItemReason = explainIgnoredItem(event, item)
  if (ignoredItemReason !== undefined) {
    return ignored(event, userName, ignoredItemReason)
  }

  return parseTrackedEvent(kind, event, payload, context)
}
