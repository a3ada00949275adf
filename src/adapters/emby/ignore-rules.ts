/**
 * Rules that separate playback of movies and episodes from the other Emby webhooks, and the
 * reason each ignored webhook gets. The item-type rules serve the Jellyfin adapter too, because
 * Jellyfin kept Emby's item class names.
 */

import type { PlaybackEventKind } from '../../core/events.js'
import type { EmbyEnvelope } from './schema.js'

const PLAYBACK_KINDS: ReadonlyMap<string, PlaybackEventKind> = new Map([
  ['playback.start', 'play'],
  ['playback.pause', 'pause'],
  ['playback.unpause', 'resume'],
  ['playback.stop', 'stop'],
  ['item.markplayed', 'watched'],
])

// The test button of Emby's webhook settings sends `system.notificationtest`, and a capture
// from Emby 4.10 shows `system.webhooktest`.
const TEST_EVENT_PATTERN = /^system\.[a-z]*test$/

const MUSIC_REASON = 'music is not tracked'
const LIVE_TV_REASON = 'live TV is not tracked'
const PHOTO_REASON = 'photos are not tracked'

const IGNORED_ITEM_TYPES: ReadonlyMap<string, string> = new Map([
  ['Audio', MUSIC_REASON],
  ['MusicAlbum', MUSIC_REASON],
  ['MusicArtist', MUSIC_REASON],
  ['AudioBook', 'audiobooks are not tracked'],
  ['Book', 'books are not tracked'],
  ['Trailer', 'trailers are not tracked'],
  ['MusicVideo', 'music videos are not tracked'],
  ['Video', 'videos that the server did not match as a movie or episode are not tracked'],
  ['TvChannel', LIVE_TV_REASON],
  ['LiveTvChannel', LIVE_TV_REASON],
  ['LiveTvProgram', LIVE_TV_REASON],
  ['Program', LIVE_TV_REASON],
  ['Photo', PHOTO_REASON],
  ['PhotoAlbum', PHOTO_REASON],
  ['Series', 'a whole series is not a playable item'],
  ['Season', 'a whole season is not a playable item'],
])

/** Returns the playback kind of an Emby event name, or undefined for an event that is not tracked. */
export function readPlaybackKind(event: string): PlaybackEventKind | undefined {
  return PLAYBACK_KINDS.get(event)
}

/** Tells whether an event is the test notification of Emby's webhook settings. */
export function isTestEvent(event: string): boolean {
  return TEST_EVENT_PATTERN.test(event)
}

/** Explains why an event that is not tracked is ignored. */
export function explainIgnoredEvent(event: string): string {
  if (event === 'item.markunplayed') {
    return 'item.markunplayed ignored because marking an item unplayed is not tracked'
  }

  if (event === 'item.rate') {
    return 'item.rate ignored because a rating or favourite is not playback'
  }

  if (event.startsWith('library.')) {
    return `${event} ignored because library events report library changes, not playback`
  }

  if (event.startsWith('user.')) {
    return `${event} ignored because user events report account changes, not playback`
  }

  if (event.startsWith('system.') || event.startsWith('plugins.')) {
    return `${event} ignored because it reports server maintenance, not playback`
  }

  return (
    `unknown Emby event "${event}" ignored because only playback.start, playback.pause, ` +
    'playback.unpause, playback.stop and item.markplayed are tracked'
  )
}

/**
 * Explains why an item of an Emby or Jellyfin item type is ignored, or returns undefined for a
 * movie or episode.
 */
export function explainIgnoredItemType(event: string, type: string): string | undefined {
  if (type === 'Movie' || type === 'Episode') {
    return undefined
  }

  const reason = IGNORED_ITEM_TYPES.get(type) ?? `item type "${type}" is not a movie or episode`

  return `${event} ignored because ${reason} (item type ${type})`
}

/**
 * Explains why the item of a tracked event is ignored, or returns undefined for a movie or
 * episode and for an item without a type, which validation then rejects.
 */
export function explainIgnoredItem(event: string, item: EmbyEnvelope['Item']): string | undefined {
  if (item?.Type !== undefined) {
    return explainIgnoredItemType(event, item.Type)
  }

  return item?.MediaType === 'Audio' ? `${event} ignored because ${MUSIC_REASON} (media type Audio)` : undefined
}
