/**
 * Reading of the Kodi notifications that concern playback. Every other notification (GUI,
 * volume, playlists, library scans) is of no interest and is dropped here.
 */

import {
  KodiLibraryUpdateData,
  KodiPlayerNotificationData,
  KodiStopNotificationData,
  describeKodiIssues,
} from '../../adapters/kodi/schema.js'
import type { KodiNotificationItem } from '../../adapters/kodi/schema.js'
import { readKodiTimeSeconds } from '../../adapters/kodi/time.js'

/** A notification about one player: `Player.OnPlay`, `OnAVStart`, `OnPause`, `OnResume`, `OnSpeedChanged`, `OnSeek`. */
export interface KodiPlayerNotification {
  kind: 'play' | 'av-start' | 'pause' | 'resume' | 'speed' | 'seek'
  method: string
  playerId: number
  item?: KodiNotificationItem
  speed?: number
  /** The position after a seek, in seconds. */
  timeSeconds?: number
}

export interface KodiStopNotification {
  kind: 'stop'
  method: string
  item?: KodiNotificationItem
  /** True when playback reached the end of the item. */
  end: boolean
}

/** `VideoLibrary.OnUpdate` of one library item. */
export interface KodiLibraryUpdateNotification {
  kind: 'library-update'
  method: string
  id: number
  type: string
  /** The new play count, present only when it changed. */
  playcount?: number
}

export type KodiNotification = KodiPlayerNotification | KodiStopNotification | KodiLibraryUpdateNotification

const PLAYER_NOTIFICATION_KINDS: ReadonlyMap<string, KodiPlayerNotification['kind']> = new Map([
  ['Player.OnPlay', 'play'],
  ['Player.OnAVStart', 'av-start'],
  ['Player.OnPause', 'pause'],
  ['Player.OnResume', 'resume'],
  ['Player.OnSpeedChanged', 'speed'],
  ['Player.OnSeek', 'seek'],
])

function readPlayerNotification(method: string, kind: KodiPlayerNotification['kind'], data: unknown): KodiNotification | { problem: string } {
  const parsed = KodiPlayerNotificationData.safeParse(data)
  if (!parsed.success) {
    return { problem: describeKodiIssues(parsed.error) }
  }

  const { item, player } = parsed.data
  const notification: KodiPlayerNotification = { kind, method, playerId: player.playerid }

  if (item !== undefined) {
    notification.item = item
  }

  if (player.speed !== undefined) {
    notification.speed = player.speed
  }

  if (player.time !== undefined) {
    notification.timeSeconds = readKodiTimeSeconds(player.time)
  }

  return notification
}

function readStopNotification(method: string, data: unknown): KodiNotification | { problem: string } {
  const parsed = KodiStopNotificationData.safeParse(data)
  if (!parsed.success) {
    return { problem: describeKodiIssues(parsed.error) }
  }

  const { item, end } = parsed.data

  return item === undefined ? { kind: 'stop', method, end } : { kind: 'stop', method, item, end }
}

function readLibraryUpdate(method: string, data: unknown): KodiNotification | { problem: string } {
  const parsed = KodiLibraryUpdateData.safeParse(data)
  if (!parsed.success) {
    return { problem: describeKodiIssues(parsed.error) }
  }

  const { id, type, playcount } = parsed.data
  // Kodi's schema gives -1 as the default, meaning the play count did not change.
  if (playcount === undefined || playcount < 0) {
    return { kind: 'library-update', method, id, type }
  }

  return { kind: 'library-update', method, id, type, playcount }
}

/**
 * Reads a notification that concerns playback, returns `{ problem }` when its data is not
 * what Kodi documents, and undefined for a notification of no interest.
 */
export function readNotification(method: string, data: unknown): KodiNotification | { problem: string } | undefined {
  const playerKind = PLAYER_NOTIFICATION_KINDS.get(method)
  if (playerKind !== undefined) {
    return readPlayerNotification(method, playerKind, data)
  }

  if (method === 'Player.OnStop') {
    return readStopNotification(method, data)
  }

  if (method === 'VideoLibrary.OnUpdate') {
    return readLibraryUpdate(method, data)
  }

  return undefined
}
