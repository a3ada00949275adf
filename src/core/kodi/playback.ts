/**
 * The state the bridge keeps about the playback on one Kodi host, and the small rules that read
 * and update it: where the playhead is, and whether a notification is about this playback.
 */

import type { KodiPlayerState } from '../../adapters/kodi/event.js'
import type { KodiItem, KodiNotificationItem, KodiPlayerProperties, KodiShowDetails } from '../../adapters/kodi/schema.js'
import { readKodiTimeSeconds } from '../../adapters/kodi/time.js'

export interface KodiPlayback {
  playerId: number
  /** `type` from `Player.GetActivePlayers`, when the playback was found that way. */
  playerType?: string
  item: KodiItem
  /** `readKodiItemKey` of the item: the same key means the same item. */
  itemKey: string
  show?: KodiShowDetails
  /** False for an ignored or unreadable item (music, PVR): it produces no further events. */
  tracked: boolean
  /** Last position Kodi reported, in seconds. */
  positionSeconds?: number
  /** When `positionSeconds` was read, epoch milliseconds. */
  positionAt: number
  totalSeconds?: number
  /** Kodi's playback speed: 0 paused, 1 playing, other values while winding. */
  speed: number
  live?: boolean
  /** Kodi reported the item as played to the end, or counted it as watched. */
  completed: boolean
  /** Kodi's play count of the item when the playback began. */
  playcountAtStart?: number
}

/** Stores what `Player.GetProperties` returned, read at `at`. */
export function applyProperties(playback: KodiPlayback, properties: KodiPlayerProperties, at: number): void {
  if (properties.time !== undefined) {
    playback.positionSeconds = readKodiTimeSeconds(properties.time)
    playback.positionAt = at
  }

  if (properties.totaltime !== undefined) {
    const totalSeconds = readKodiTimeSeconds(properties.totaltime)

    // Kodi reports 0 while a stream's length is not known yet.
    if (totalSeconds > 0) {
      playback.totalSeconds = totalSeconds
    }
  }

  if (properties.speed !== undefined) {
    playback.speed = properties.speed
  }

  if (properties.live !== undefined) {
    playback.live = properties.live
  }
}

/**
 * Returns where the playhead is at `at`: the last reported position, moved on by the time
 * since at the playback speed, and never past the item's length. Kodi's `Player.OnStop` has no
 * position, and the player is gone by then, so this estimate is the best one left.
 */
export function estimatePosition(playback: KodiPlayback, at: number): number | undefined {
  if (playback.positionSeconds === undefined) {
    return undefined
  }

  const elapsedSeconds = Math.max(0, at - playback.positionAt) / 1000
  const moved = Math.max(0, playback.positionSeconds + elapsedSeconds * playback.speed)

  return playback.totalSeconds === undefined ? moved : Math.min(moved, playback.totalSeconds)
}

/** Moves the stored position to the estimate for `at`, before the speed changes. */
export function settlePosition(playback: KodiPlayback, at: number): void {
  const position = estimatePosition(playback, at)
  if (position !== undefined) {
    playback.positionSeconds = position
    playback.positionAt = at
  }
}

/**
 * Tells whether the item of a notification is the playback's item. A library item is matched
 * by id and type. An item outside the library has only a title, which Kodi fills with the
 * item's title or, without one, its label. A notification without an item matches.
 */
export function isSameItem(notified: KodiNotificationItem | undefined, playback: KodiPlayback): boolean {
  if (notified === undefined) {
    return true
  }

  if (notified.id !== undefined && notified.id > 0) {
    return notified.id === playback.item.id && notified.type === playback.item.type
  }

  if (playback.item.id !== undefined && playback.item.id > 0) {
    return false
  }

  const title = notified.title
  if (title === undefined || title === '') {
    return true
  }

  return title === playback.item.title || title === playback.item.label
}

/** Builds the player state the adapter needs for an event, with the position and completion overridden. */
export function readPlayerState(playback: KodiPlayback, overrides: Pick<KodiPlayerState, 'positionSeconds' | 'completed'>): KodiPlayerState {
  const state: KodiPlayerState = { playerId: playback.playerId, speed: playback.speed, completed: playback.completed }

  if (playback.playerType !== undefined) {
    state.playerType = playback.playerType
  }

  if (playback.totalSeconds !== undefined) {
    state.totalSeconds = playback.totalSeconds
  }

  if (playback.live !== undefined) {
    state.live = playback.live
  }

  if (overrides.positionSeconds !== undefined) {
    state.positionSeconds = overrides.positionSeconds
  }

  if (overrides.completed !== undefined) {
    state.completed = overrides.completed
  }

  return state
}
