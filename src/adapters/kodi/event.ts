/**
 * The Kodi adapter's translation step: one item from `Player.GetItem` and the player's state
 * from `Player.GetProperties` become a normalized playback event, or a rejection that explains
 * why the playback is ignored.
 */

import type { AdapterContext, AdapterResult, PlaybackEventKind, PlaybackEvent } from '../../core/events.js'
import { explainIgnoredKodiItem } from './ignore-rules.js'
import { buildKodiMediaItem } from './item.js'
import type { KodiItem, KodiShowDetails } from './schema.js'

/** The player's state when the event happened. Times are in seconds and may have fractions. */
export interface KodiPlayerState {
  /** Kodi's player id, which is its playlist id: 0 audio, 1 video, 2 picture. */
  playerId: number
  /** `type` from `Player.GetActivePlayers` (`video`, `audio`, `picture`), or read from the id when absent. */
  playerType?: string
  positionSeconds?: number
  /** Length of what is playing, from `totaltime`. */
  totalSeconds?: number
  /** Kodi's playback speed: 0 while paused, 1 while playing, other values while winding. */
  speed?: number
  /** `live` from `Player.GetProperties`. */
  live?: boolean
  /** True when Kodi reported the item as played to the end or counted it as watched. */
  completed?: boolean
}

export interface KodiEventContext extends AdapterContext {
  /**
   * The configured name of the Kodi host. It is the event's server id and user name, because
   * Kodi reports no user. A link maps `kodi:<host name>` to a PunchPlay account.
   */
  hostName: string
  /** The episode's show, from `VideoLibrary.GetTVShowDetails`, when it was fetched. */
  show?: KodiShowDetails
  /** The notification or step that led to the event, named in rejections. Defaults to the kind. */
  trigger?: string
}

function ignored(event: string, hostName: string, reason: string): AdapterResult {
  return { ok: false, outcome: 'ignored', event, user: hostName, reason }
}

/**
 * Translates a Kodi item and player state into a playback event. Library movies and episodes
 * take their ids from `uniqueid`, with an episode's show ids from `context.show`. A file outside
 * the library is described by its name and carries `rawFilename`. PVR channels, music, pictures,
 * music videos and live streams are ignored with a reason. Pure: the event time is
 * `context.receivedAt`.
 *
 * @example
 * const result = buildKodiEvent('play', item, { playerId: 1, positionSeconds: 0 }, { hostName: 'living-room', receivedAt: Date.now() })
 * if (result.ok) onEvent(result.event)
 */
export function buildKodiEvent(
  kind: PlaybackEventKind,
  item: KodiItem,
  state: KodiPlayerState,
  context: KodiEventContext,
): AdapterResult {
  const { hostName } = context
  const trigger = context.trigger ?? kind

  const ignoredReason = explainIgnoredKodiItem(trigger, item, state)
  if (ignoredReason !== undefined) {
    return ignored(trigger, hostName, ignoredReason)
  }

  const facts = context.show === undefined ? { totalSeconds: state.totalSeconds } : { totalSeconds: state.totalSeconds, show: context.show }
  const mediaItem = buildKodiMediaItem(item, facts)
  if (mediaItem === undefined) {
    return {
      ok: false,
      outcome: 'invalid',
      reason: `Kodi ${trigger} item of type ${item.type} has no title, show title or file name to identify it`,
    }
  }

  // Kodi reports no user and no playback session, so the host name is used for both, and
  // each of its players is one playback client.
  const event: PlaybackEvent = {
    kind,
    source: 'kodi',
    serverId: hostName,
    user: { name: hostName },
    player: { id: `${hostName}:${state.playerId}` },
    item: mediaItem,
    occurredAt: context.receivedAt,
  }

  if (state.positionSeconds !== undefined) {
    // Whole seconds, rounded down so that a position never passes the duration.
    event.positionSeconds = Math.max(0, Math.floor(state.positionSeconds))
  }

  // A progress event carries the paused state, so the tracker notices a pause or resume whose
  // notification was missed (for example while the connection was down).
  if (kind === 'progress' && state.speed !== undefined) {
    event.paused = state.speed === 0
  }

  if (kind === 'scrobble' || state.completed === true) {
    event.completed = true
  }

  // Only a reported seek may move the tracked position backwards.
  if (trigger === 'Player.OnSeek') {
    event.seeked = true
  }

  return { ok: true, event }
}
