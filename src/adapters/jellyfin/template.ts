/**
 * Payloads in the Emby-like shape that some Jellyfin webhook templates write (Ryot's documented
 * template is one) and that the unofficial jellyfin-plugin-webhooks plugin sends:
 * `{ Event, User: { Name }, Item: { Type, Name, Id, ProviderIds, … }, Session, Server }`.
 * A template writes only the keys its author chose, so the reason for an invalid payload names
 * every missing key.
 *
 * NOTE: no payload of the unofficial plugin has been captured, so its support (the `Series`
 * object, `MarkPlayed`, `Session.PlayState.IsPaused`) follows its described shape only.
 */

import { z } from 'zod'

import type { AdapterContext, AdapterResult, PlaybackEvent, PlaybackEventKind } from '../../core/events.js'
import { nonEmptyString, optional, providerIdMap, utcTimestamp } from '../emby/fields.js'
import { buildMediaItem } from '../emby/item.js'
import type { SeriesFacts } from '../emby/item.js'
import { explainIgnoredItemType } from '../emby/ignore-rules.js'
import { collectProviderIds } from '../emby/provider-ids.js'
import { ignored, rejectInvalidPayload } from './issues.js'
import { displayName, flag, jellyfinId, readPositionSeconds, templateCount, templateTicks } from './values.js'

// Event names of the unofficial plugin (`Play`, `MarkPlayed`) and the plugin's notification
// types (`PlaybackStart`), which a template may write instead. Matched in any letter case.
const TEMPLATE_KINDS: ReadonlyMap<string, PlaybackEventKind> = new Map([
  ['play', 'play'],
  ['playbackstart', 'play'],
  ['pause', 'pause'],
  ['resume', 'resume'],
  ['unpause', 'resume'],
  ['progress', 'progress'],
  ['playbackprogress', 'progress'],
  ['stop', 'stop'],
  ['playbackstop', 'stop'],
  ['scrobble', 'scrobble'],
  ['markplayed', 'watched'],
])

/** The fields needed to decide whether a template payload is ignored. */
const TemplateEnvelope = z
  .object({
    Event: z.string(),
    User: z
      .object({ Name: z.string().optional().catch(undefined) })
      .loose()
      .optional()
      .catch(undefined),
    Item: z
      .object({ Type: z.string().optional().catch(undefined) })
      .loose()
      .optional()
      .catch(undefined),
    Session: z
      .object({
        PlayState: z.object({ PositionTicks: z.unknown() }).loose().optional().catch(undefined),
      })
      .loose()
      .optional()
      .catch(undefined),
  })
  .loose()

type TemplateEnvelope = z.infer<typeof TemplateEnvelope>

const itemFields = {
  Id: jellyfinId,
  RunTimeTicks: optional(templateTicks),
  ProviderIds: optional(providerIdMap),
  Path: optional(z.string()),
  FileName: optional(z.string()),
  UserData: optional(z.object({ Played: optional(flag) }).loose()),
}

const TemplateMovieItem = z
  .object({
    Type: z.literal('Movie'),
    ...itemFields,
    Name: displayName,
    ProductionYear: optional(templateCount),
  })
  .loose()

const TemplateEpisodeItem = z
  .object({
    Type: z.literal('Episode'),
    ...itemFields,
    Name: optional(displayName),
    SeriesName: displayName,
    SeriesId: optional(jellyfinId),
    ParentIndexNumber: optional(templateCount),
    IndexNumber: optional(templateCount),
    IndexNumberEnd: optional(templateCount),
  })
  .loose()

const templateFields = {
  Event: z.string(),
  // Not part of the common templates, but a template may add the plugin's `{{UtcTimestamp}}`.
  UtcTimestamp: optional(utcTimestamp),
  User: z.object({ Name: nonEmptyString, Id: optional(jellyfinId) }).loose(),
  Server: z.object({ Id: jellyfinId }).loose(),
  Item: z.discriminatedUnion('Type', [TemplateMovieItem, TemplateEpisodeItem]),
  // The unofficial plugin sends the series of an episode, with the series' own provider ids.
  Series: optional(
    z
      .object({
        ProviderIds: optional(providerIdMap),
        ProductionYear: optional(templateCount),
      })
      .loose(),
  ),
}

/** A MarkPlayed payload, which has no session. */
const TemplateMarkPlayedPayload = z.object(templateFields).loose()

/** A playback payload, with every field the normalized event needs. */
const TemplatePlaybackPayload = z
  .object({
    ...templateFields,
    Session: z
      .object({
        DeviceId: nonEmptyString,
        DeviceName: optional(displayName),
        Client: optional(z.string()),
        Id: optional(nonEmptyString),
        PlayState: optional(
          z
            .object({
              PositionTicks: optional(templateTicks),
              IsPaused: optional(flag),
            })
            .loose(),
        ),
      })
      .loose(),
  })
  .loose()

type TemplateMarkPlayedPayload = z.infer<typeof TemplateMarkPlayedPayload>
type TemplatePlaybackPayload = z.infer<typeof TemplatePlaybackPayload>

/**
 * Returns the playback kind of a template's `Event`, or undefined for an event that is not
 * tracked. Ryot's template writes `Play` and `Stop` and leaves `Event` empty for every other
 * notification. Its other values (`"PositionTicks": {{PlaybackPositionTicks}}`, unquoted) are
 * valid JSON for playback notifications only, so an empty `Event` beside a position is a
 * PlaybackProgress.
 */
function readTemplateKind(envelope: TemplateEnvelope): PlaybackEventKind | undefined {
  if (envelope.Event === '') {
    return envelope.Session?.PlayState?.PositionTicks === undefined ? undefined : 'progress'
  }

  return TEMPLATE_KINDS.get(envelope.Event.toLowerCase())
}

function readSeriesFacts(payload: TemplateMarkPlayedPayload): SeriesFacts | undefined {
  if (payload.Series === undefined) {
    return undefined
  }

  const { ids, anime } = collectProviderIds(Object.entries(payload.Series.ProviderIds ?? {}))
  const series: SeriesFacts = { ids, anime }
  if (payload.Series.ProductionYear !== undefined) {
    series.year = payload.Series.ProductionYear
  }

  return series
}

function buildBaseEvent(
  kind: PlaybackEventKind,
  payload: TemplateMarkPlayedPayload,
  context: AdapterContext,
): Omit<PlaybackEvent, 'player'> {
  const { User: user } = payload

  return {
    kind,
    source: 'jellyfin',
    serverId: payload.Server.Id,
    user: user.Id === undefined ? { name: user.Name } : { id: user.Id, name: user.Name },
    item: buildMediaItem(payload.Item, readSeriesFacts(payload)),
    // The common templates carry no time, so their event time is the time of receipt.
    occurredAt: payload.UtcTimestamp ?? context.receivedAt,
  }
}

/** Builds the event of a MarkPlayed template payload, played on the given stand-in player. */
function buildTemplateMarkEvent(
  payload: TemplateMarkPlayedPayload,
  player: PlaybackEvent['player'],
  context: AdapterContext,
): PlaybackEvent {
  return { ...buildBaseEvent('watched', payload, context), player }
}

/** Builds the event of a playback template payload. */
function buildTemplatePlaybackEvent(
  kind: PlaybackEventKind,
  payload: TemplatePlaybackPayload,
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

  const positionSeconds = readPositionSeconds(kind, session.PlayState?.PositionTicks)
  if (positionSeconds !== undefined) {
    playbackEvent.positionSeconds = positionSeconds
  }

  const isPaused = session.PlayState?.IsPaused
  if (kind === 'progress' && isPaused !== undefined) {
    playbackEvent.paused = isPaused
  }

  // Ryot's template writes PlayedToCompletion as `Item.UserData.Played`, and after a stop the
  // unofficial plugin's `UserData.Played` is the server's own completion mark.
  if (kind === 'stop') {
    playbackEvent.completed = payload.Item.UserData?.Played === true
  }

  return playbackEvent
}

function explainIgnoredTemplateEvent(event: string): string {
  if (event === '') {
    return (
      'template payload with an empty Event and no Session.PlayState.PositionTicks ignored ' +
      'because it is not a playback notification'
    )
  }

  return (
    `template event "${event}" ignored because only Play, Pause, Resume, Progress, Stop, ` +
    'Scrobble and MarkPlayed are tracked'
  )
}

/**
 * Translates a payload in the Emby-like template shape into a playback event, or into a
 * rejection. `markPlayer` is the stand-in player of a MarkPlayed event, which has no session.
 */
export function parseTemplatePayload(
  payload: Record<string, unknown>,
  markPlayer: PlaybackEvent['player'],
  context: AdapterContext,
): AdapterResult {
  const envelope = TemplateEnvelope.safeParse(payload, { reportInput: true })
  if (!envelope.success) {
    return rejectInvalidPayload('Jellyfin template payload', envelope.error)
  }

  const { Event: event, User: user, Item: item } = envelope.data
  const eventName = event === '' ? '(empty Event)' : event

  const kind = readTemplateKind(envelope.data)
  if (kind === undefined) {
    return ignored(eventName, user?.Name, explainIgnoredTemplateEvent(event))
  }

  const ignoredItemReason = item?.Type === undefined ? undefined : explainIgnoredItemType(eventName, item.Type)
  if (ignoredItemReason !== undefined) {
    return ignored(eventName, user?.Name, ignoredItemReason)
  }

  const label = `Jellyfin template ${eventName} payload`

  if (kind === 'watched') {
    const marked = TemplateMarkPlayedPayload.safeParse(payload, { reportInput: true })

    return marked.success
      ? { ok: true, event: buildTemplateMarkEvent(marked.data, markPlayer, context) }
      : rejectInvalidPayload(label, marked.error)
  }

  const playback = TemplatePlaybackPayload.safeParse(payload, { reportInput: true })

  return playback.success
    ? { ok: true, event: buildTemplatePlaybackEvent(kind, playback.data, context) }
    : rejectInvalidPayload(label, playback.error)
}
