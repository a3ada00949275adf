/**
 * Rules that separate playback of movies and episodes from the rest of what Kodi plays (music,
 * pictures, live TV, music videos), and the reason each ignored playback gets.
 */

import type { KodiItem } from './schema.js'

/** Kodi's player ids are its playlist ids, fixed in Kodi's JSON-RPC API. */
const PLAYER_TYPES_BY_ID: ReadonlyMap<number, string> = new Map([
  [0, 'audio'],
  [1, 'video'],
  [2, 'picture'],
])

/** Item types that Kodi gives a video outside its library: `unknown`, and `movies` from old versions. */
const FILE_ITEM_TYPES: ReadonlySet<string> = new Set(['movie', 'episode', 'unknown', 'movies'])

/** Facts about the player that the rules need. */
export interface KodiPlayerFacts {
  playerId: number
  /** `type` from `Player.GetActivePlayers`, when known. */
  playerType?: string
  /** `live` from `Player.GetProperties`. */
  live?: boolean
}

/** Returns the player's type (`video`, `audio`, `picture`), from the reported type or from its id. */
export function readPlayerType(player: KodiPlayerFacts): string {
  return player.playerType ?? PLAYER_TYPES_BY_ID.get(player.playerId) ?? 'unknown'
}

/** Tells whether an item is a movie or episode of Kodi's library, which has an `id`. */
export function isLibraryVideo(item: KodiItem): item is KodiItem & { type: 'movie' | 'episode'; id: number } {
  return (item.type === 'movie' || item.type === 'episode') && item.id !== undefined && item.id > 0
}

function describeItem(item: KodiItem): string {
  const name = item.title !== undefined && item.title !== '' ? item.title : item.label

  return name === undefined || name === '' ? `type ${item.type}` : `type ${item.type}, "${name}"`
}

/**
 * Explains why the playback of an item is ignored, or returns undefined for a movie or episode,
 * in or out of the library, on the video player. `trigger` names the Kodi notification or step
 * behind the check, such as `Player.OnAVStart`.
 */
export function explainIgnoredKodiItem(trigger: string, item: KodiItem, player: KodiPlayerFacts): string | undefined {
  const playerType = readPlayerType(player)

  // A PVR channel is checked first: Kodi moves PVR radio to the audio player.
  if (item.type === 'channel') {
    const channelType = item.channeltype === 'radio' ? 'radio' : 'TV'

    return `${trigger} ignored because live ${channelType} from a PVR channel is not tracked (${describeItem(item)})`
  }

  if (playerType === 'audio' || item.type === 'song') {
    return `${trigger} ignored because music is not tracked (${playerType} player, ${describeItem(item)})`
  }

  if (playerType === 'picture' || item.type === 'picture') {
    return `${trigger} ignored because pictures are not tracked (${playerType} player, ${describeItem(item)})`
  }

  if (item.type === 'musicvideo') {
    return `${trigger} ignored because music videos are not tracked (${describeItem(item)})`
  }

  if (!FILE_ITEM_TYPES.has(item.type)) {
    return `${trigger} ignored because item type "${item.type}" is not a movie or episode`
  }

  if (player.live === true) {
    return `${trigger} ignored because live streams are not tracked (${describeItem(item)})`
  }

  return undefined
}
