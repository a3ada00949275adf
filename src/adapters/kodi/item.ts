/**
 * Translation of a Kodi `Player.GetItem` item into the normalized media item: a library movie
 * or episode described by Kodi's scraped details, or a file outside the library described by
 * its name.
 */

import { createHash } from 'node:crypto'

import type { MediaItem } from '../../core/events.js'
import { parseKodiFileName } from './file-name.js'
import { readKodiUniqueIds } from './ids.js'
import { isLibraryVideo } from './ignore-rules.js'
import { readKodiFileBaseName } from './path.js'
import type { KodiItem, KodiShowDetails } from './schema.js'

/** A file's key is this many hex digits of the SHA-256 of its path. */
const FILE_KEY_LENGTH = 16

function hashKey(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, FILE_KEY_LENGTH)
}

function readText(text: string | undefined): string | undefined {
  const trimmed = text?.trim()

  return trimmed === undefined || trimmed === '' ? undefined : trimmed
}

// Kodi marks a missing season, episode or show id with -1 and a missing year with 0.
function readCount(value: number | undefined): number | undefined {
  return value === undefined || value < 0 ? undefined : value
}

function readYear(value: number | undefined): number | undefined {
  return value === undefined || value <= 0 ? undefined : value
}

/**
 * Returns the key that identifies an item on its Kodi host: `movie:2` or `episode:19234` for a
 * library item (and `channel:<id>` for a PVR channel), or `file:<hash>` of the path for a file
 * outside the library.
 */
export function readKodiItemKey(item: KodiItem): string {
  if (item.id !== undefined && item.id > 0) {
    return `${item.type}:${item.id}`
  }

  const file = readText(item.file)
  if (file !== undefined) {
    return `file:${hashKey(file)}`
  }

  const title = readText(item.title) ?? readText(item.label)

  return title === undefined ? `${item.type}:unknown` : `title:${hashKey(title)}`
}

/** Facts about the playback that the item needs besides the item itself. */
export interface KodiItemFacts {
  /** Length of what is playing in seconds, from `Player.GetProperties` `totaltime`. */
  totalSeconds?: number
  /** The episode's show, from `VideoLibrary.GetTVShowDetails`. */
  show?: KodiShowDetails
}

/**
 * Returns the length of the file being played, or else the scraped `runtime`. The file's length
 * comes first because the tracker compares the position with it, and `runtime` is the
 * scraper's running time, often in whole minutes.
 */
function readDurationSeconds(item: KodiItem, facts: KodiItemFacts): number | undefined {
  if (facts.totalSeconds !== undefined && facts.totalSeconds > 0) {
    return Math.floor(facts.totalSeconds)
  }

  return item.runtime !== undefined && item.runtime > 0 ? Math.floor(item.runtime) : undefined
}

function withOptionalFields(item: MediaItem, fields: Partial<MediaItem>): MediaItem {
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) {
      Object.assign(item, { [key]: value })
    }
  }

  return item
}

function buildLibraryMovie(item: KodiItem & { id: number }, title: string, facts: KodiItemFacts): MediaItem {
  const movie: MediaItem = { type: 'movie', title, ids: readKodiUniqueIds(item.uniqueid), itemKey: readKodiItemKey(item) }

  return withOptionalFields(movie, { year: readYear(item.year), durationSeconds: readDurationSeconds(item, facts) })
}

function readMultiEpisodeEnd(item: KodiItem, season: number | undefined, episode: number | undefined): number | undefined {
  // Kodi reports only the first episode of a multi-episode file, so the end comes from its name
  // when the name agrees on the first episode.
  const parsed = parseKodiFileName(item.file ?? '')

  return parsed.season === season && parsed.episode === episode ? parsed.episodeEnd : undefined
}

function buildLibraryEpisode(item: KodiItem & { id: number }, facts: KodiItemFacts): MediaItem | undefined {
  const { show } = facts
  const title = readText(item.showtitle) ?? readText(show?.title)
  if (title === undefined) {
    return undefined
  }

  const season = readCount(item.season)
  const episode = readCount(item.episode)
  const episodeIds = readKodiUniqueIds(item.uniqueid)
  const tvshowid = readCount(item.tvshowid)

  // `uniqueid` of an episode contains the episode's ids, so only the show's details give show
  // ids. Kodi's `year` of an episode is the year the episode aired, so only the show's year is used.
  const result: MediaItem = { type: 'episode', title, ids: readKodiUniqueIds(show?.uniqueid), itemKey: readKodiItemKey(item) }

  return withOptionalFields(result, {
    year: readYear(show?.year),
    episodeIds: Object.keys(episodeIds).length > 0 ? episodeIds : undefined,
    season,
    episode,
    episodeEnd: readMultiEpisodeEnd(item, season, episode),
    episodeTitle: readText(item.title),
    durationSeconds: readDurationSeconds(item, facts),
    showKey: tvshowid === undefined ? undefined : String(tvshowid),
  })
}

/** Returns Kodi's own title, unless it is only the file name, which Kodi uses as a label. */
function readOwnTitle(text: string | undefined, baseName: string): string | undefined {
  const title = readText(text)
  if (title === undefined || title === baseName || baseName.startsWith(`${title}.`)) {
    return undefined
  }

  return title
}

function buildFileItem(item: KodiItem, facts: KodiItemFacts): MediaItem | undefined {
  const file = item.file ?? ''
  const baseName = readKodiFileBaseName(file)
  const parsed = parseKodiFileName(file)
  const ownTitle = readOwnTitle(item.title, baseName)

  // An add-on may set the show, season and episode of a stream, and the file name fills the gaps.
  const ownSeason = readCount(item.season)
  const ownEpisode = readCount(item.episode)
  const season = ownSeason ?? parsed.season
  const episode = ownEpisode ?? parsed.episode
  const isEpisode = season !== undefined && episode !== undefined

  const showTitle = readText(item.showtitle) ?? readText(parsed.title)
  const movieTitle = ownTitle ?? readText(parsed.title) ?? readOwnTitle(item.label, baseName)
  const title = isEpisode ? showTitle : movieTitle
  if (title === undefined) {
    return undefined
  }

  const ids = readKodiUniqueIds(item.uniqueid)
  const fileItem: MediaItem = { type: isEpisode ? 'episode' : 'movie', title, ids: isEpisode ? {} : ids, itemKey: readKodiItemKey(item) }
  const usesParsedNumbers = ownSeason === undefined && ownEpisode === undefined

  return withOptionalFields(fileItem, {
    year: readYear(item.year) ?? parsed.year,
    // An add-on's `uniqueid` of an episode contains the episode's ids, like the library's.
    episodeIds: isEpisode && Object.keys(ids).length > 0 ? ids : undefined,
    season: isEpisode ? season : undefined,
    episode: isEpisode ? episode : undefined,
    episodeEnd: isEpisode && usesParsedNumbers ? parsed.episodeEnd : undefined,
    episodeTitle: isEpisode ? ownTitle : undefined,
    durationSeconds: readDurationSeconds(item, facts),
    rawFilename: baseName === '' ? undefined : baseName,
  })
}

/**
 * Builds the normalized item of a Kodi movie or episode, or returns undefined when nothing
 * names it: a library episode without a show title, or a file without a title or file name.
 * The caller has already checked with `explainIgnoredKodiItem` that the item is a video.
 */
export function buildKodiMediaItem(item: KodiItem, facts: KodiItemFacts): MediaItem | undefined {
  if (!isLibraryVideo(item)) {
    return buildFileItem(item, facts)
  }

  if (item.type === 'episode') {
    return buildLibraryEpisode(item, facts)
  }

  const title = readText(item.title) ?? readText(item.label)

  return title === undefined ? undefined : buildLibraryMovie(item, title, facts)
}
