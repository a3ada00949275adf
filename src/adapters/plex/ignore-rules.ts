/**
 * Rules that separate playback of movies and episodes from the other Plex webhooks, and the
 * reason each ignored webhook gets. Plex sends every event of the account to the webhook,
 * including music, trailers and library changes, so ignored webhooks are routine.
 */

import type { PlaybackEventKind } from '../../core/events.js'
import type { PlexEnvelope } from './schema.js'

const PLAYBACK_KINDS: ReadonlyMap<string, PlaybackEventKind> = new Map([
  ['media.play', 'play'],
  ['media.pause', 'pause'],
  ['media.resume', 'resume'],
  ['media.stop', 'stop'],
  ['media.scrobble', 'scrobble'],
])

const MUSIC_TYPES = new Set(['track', 'album', 'artist'])

/** Returns the playback kind of a `media.*` event name, or undefined for any other event. */
export function readPlaybackKind(event: string): PlaybackEventKind | undefined {
  return PLAYBACK_KINDS.get(event)
}

/** Explains why an event that is not playback is ignored. */
export function explainIgnoredEvent(event: string): string {
  if (event === 'media.rate') {
    return 'media.rate ignored because a rating is not playback'
  }

  if (event.startsWith('library.')) {
    return `${event} ignored because library events report library changes, not playback`
  }

  if (event.startsWith('admin.')) {
    return `${event} ignored because admin events report server maintenance, not playback`
  }

  if (event === 'device.new') {
    return 'device.new ignored because it reports a new device, not playback'
  }

  if (event === 'playback.started') {
    return (
      'playback.started ignored because it is a notice to the server owner, ' +
      'and the playback itself arrives as media.* events'
    )
  }

  return (
    `unknown Plex event "${event}" ignored because only media.play, media.pause, ` +
    'media.resume, media.stop and media.scrobble are tracked'
  )
}

function isLiveTv(metadata: NonNullable<PlexEnvelope['Metadata']>): boolean {
  return metadata.live === 1 || metadata.live === true || metadata.key?.includes('/livetv/') === true
}

/**
 * Explains why the item of a `media.*` event is ignored, or returns undefined for a movie or
 * episode and for an item without a type, which validation then rejects.
 */
export function explainIgnoredItem(event: string, metadata: PlexEnvelope['Metadata']): string | undefined {
  if (metadata === undefined) {
    return undefined
  }

  const { type, subtype, librarySectionType } = metadata

  // Live TV is checked first because a live programme can carry type movie or episode.
  if (isLiveTv(metadata)) {
    return `${event} ignored because live TV is not tracked`
  }

  if ((type !== undefined && MUSIC_TYPES.has(type)) || librarySectionType === 'artist') {
    const libraryType = librarySectionType ?? 'unknown'

    return `${event} ignored because music is not tracked (type ${type ?? 'unknown'}, library type ${libraryType})`
  }

  if (type === 'clip') {
    const kind = subtype === undefined ? '' : `, subtype ${subtype}`

    return `${event} ignored because trailers, extras and pre-rolls are not tracked (type clip${kind})`
  }

  if (type === 'photo' || librarySectionType === 'photo') {
    return `${event} ignored because photos are not tracked (type ${type ?? 'unknown'})`
  }

  if (type === 'show' || type === 'season') {
    return `${event} ignored because a whole ${type} is not a playable item`
  }

  if (type !== undefined && type !== 'movie' && type !== 'episode') {
    return `${event} ignored because item type "${type}" is not a movie or episode`
  }

  return undefined
}
