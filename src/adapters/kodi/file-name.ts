/**
 * Reading a title, a year and episode numbers from the path of a video that is not in Kodi's
 * library. Kodi reports such a file with no ids, often as `type: "movie"` even when it is an
 * episode, so its name is the only description of it.
 */

import { splitKodiPath } from './path.js'

/** Title, year and episode numbers read from a video's file name. */
export interface KodiFileName {
  /** The movie title or, for an episode, the show title. '' when the path names nothing. */
  title: string
  year?: number
  season?: number
  episode?: number
  /** Last episode of a multi-episode file (`S01E01E02`, `S01E01-E02`). */
  episodeEnd?: number
}

const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
  '3gp', 'asf', 'avi', 'bdmv', 'divx', 'flv', 'ifo', 'img', 'iso', 'm2ts', 'm4v', 'mk3d', 'mkv',
  'mov', 'mp4', 'mpeg', 'mpg', 'mts', 'ogm', 'ogv', 'rm', 'rmvb', 'strm', 'ts', 'vob', 'webm', 'wmv',
])

// Names of DVD and Blu-ray structures, where the folder above names the video.
const DISC_NAMES: ReadonlySet<string> = new Set(['video_ts', 'audio_ts', 'bdmv', 'stream', 'index', 'certificate'])

const SEASON_FOLDER_PATTERN = /^(?:season|series|staffel|saison|temporada)[ ._-]*\d{1,4}$|^s\d{1,4}$|^specials?$/i

// `S01E02`, `s01.e02`, with further episodes as `E03`, `-E03` or `-03`.
const SEASON_EPISODE_PATTERN = /(?<![a-z0-9])s(\d{1,4})[ ._-]?e(\d{1,4})((?:-?e\d{1,4})*)(?:-(\d{1,4})(?![0-9a-z]))?/i
// `1x02`, with a further episode as `-03` or `-1x03`. Three or more digits before the `x`
// would be a resolution such as `1920x1080`.
const CROSS_PATTERN = /(?<![a-z0-9])(\d{1,2})x(\d{2,3})(?:-(?:\d{1,2}x)?(\d{2,3}))?(?![0-9a-z])/i

const YEAR_PATTERN = /(?<![0-9])(?:19|20)\d{2}(?![0-9])/g

// Release tags that end the title of a scene-named file (`Movie.Name.1080p.BluRay.x264-GRP`).
const RELEASE_TAG_PATTERN =
  /(?<![a-z0-9])(?:2160p|1080[pi]|720p|576p|480p|4k|uhd|blu-?ray|bdrip|brrip|web-?dl|webrip|hdtv|dvdrip|remux|x26[45]|h\.?26[45]|hevc|xvid|10bit|hdr)(?![a-z0-9])/i

// Kodi's default stacking names for parts of one movie: `Movie CD1`, `Movie - part 2`.
const STACK_PART_PATTERN = /[ ._-]+(?:cd|dvd|part|pt|dis[ck])[ ._-]*[0-9a-d]$/i

const LEADING_BRACKETS_PATTERN = /^(?:\s*\[[^\]]*\])+/

function stripVideoExtension(name: string): string {
  const dotIndex = name.lastIndexOf('.')
  if (dotIndex <= 0) {
    return name
  }

  const extension = name.slice(dotIndex + 1).toLowerCase()

  return VIDEO_EXTENSIONS.has(extension) ? name.slice(0, dotIndex) : name
}

/**
 * Turns a name fragment into a title: scene names (`The.Office.US`) get spaces for dots and
 * underscores, leading `[group]` tags and trailing separators go. A name that already contains
 * spaces keeps its dots (`Mr. Robot`).
 */
function cleanTitle(text: string): string {
  const withoutTags = text.replace(LEADING_BRACKETS_PATTERN, '')
  const spaced = withoutTags.includes(' ') ? withoutTags.replaceAll('_', ' ') : withoutTags.replace(/[._]/g, ' ')

  return spaced
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-–([]+/, '')
    .replace(/[\s\-–([]+$/, '')
}

interface TitleYear {
  title: string
  year?: number
}

/**
 * Splits `Title (1999)` or `Title.1999.rest` at its last year that has a title before it, so
 * `Blade Runner 2049 (2017)` gives 2017 and `1917.mkv` keeps 1917 as its title.
 * NOTE: any year from 1900 to 2099 counts, so a title ending in a future year without a
 * release year after it (`Blade.Runner.2049.mkv`) loses that number to `year`.
 */
function splitYear(text: string): TitleYear {
  const matches = [...text.matchAll(YEAR_PATTERN)].reverse()

  for (const match of matches) {
    const title = cleanTitle(text.slice(0, match.index))
    if (title !== '') {
      return { title, year: Number(match[0]) }
    }
  }

  return { title: cleanTitle(text) }
}

function cutAtReleaseTag(text: string): string {
  const match = RELEASE_TAG_PATTERN.exec(text)
  if (match === null || cleanTitle(text.slice(0, match.index)) === '') {
    return text
  }

  return text.slice(0, match.index)
}

interface EpisodeMarker {
  /** The name before the marker, which names the show. */
  before: string
  season: number
  episode: number
  episodeEnd?: number
}

function readLastEpisode(chain: string | undefined): number | undefined {
  const numbers = chain?.match(/\d+/g)
  const last = numbers?.at(-1)

  return last === undefined ? undefined : Number(last)
}

function findEpisodeMarker(name: string): EpisodeMarker | undefined {
  const seasonEpisode = SEASON_EPISODE_PATTERN.exec(name)
  const cross = seasonEpisode === null ? CROSS_PATTERN.exec(name) : null
  const match = seasonEpisode ?? cross
  if (match === null) {
    return undefined
  }

  const season = Number(match[1])
  const episode = Number(match[2])
  // For `S01E02E03-04` the chain is `E03` and the dashed end is `04`. The last number wins.
  const episodeEnd = seasonEpisode === null ? readLastEpisode(match[3]) : readLastEpisode(`${match[3] ?? ''} ${match[4] ?? ''}`)
  const marker: EpisodeMarker = { before: name.slice(0, match.index), season, episode }

  if (episodeEnd !== undefined && episodeEnd > episode) {
    marker.episodeEnd = episodeEnd
  }

  return marker
}

function isDiscName(name: string): boolean {
  return DISC_NAMES.has(name.toLowerCase())
}

/** Returns the nearest folder that can name a show: not a season folder and not a disc structure. */
function findShowFolder(folders: readonly string[]): string | undefined {
  return folders.findLast((folder) => !SEASON_FOLDER_PATTERN.test(folder) && !isDiscName(folder))
}

function readMovieName(name: string): TitleYear {
  const titleYear = splitYear(cutAtReleaseTag(name))

  return { ...titleYear, title: titleYear.title.replace(STACK_PART_PATTERN, '') }
}

function buildEpisodeName(marker: EpisodeMarker, folders: readonly string[]): KodiFileName {
  // `Season 01/S01E02.mkv` names the show only in a folder above.
  const showText = cleanTitle(marker.before) === '' ? (findShowFolder(folders) ?? '') : marker.before
  const { title, year } = splitYear(cutAtReleaseTag(showText))
  const parsed: KodiFileName = { title, season: marker.season, episode: marker.episode }

  if (year !== undefined) {
    parsed.year = year
  }

  if (marker.episodeEnd !== undefined) {
    parsed.episodeEnd = marker.episodeEnd
  }

  return parsed
}

/**
 * Reads the title, year and, for an episode, season and episode numbers from a Kodi `file`
 * (a local path with either separator, or an `smb://`, `nfs://`, `http://` or `stack://` URL).
 * Names with dots or underscores for spaces are read as scene names. A DVD or Blu-ray
 * structure (`VIDEO_TS/VIDEO_TS.IFO`) is named by the folder above it.
 *
 * @example
 * parseKodiFileName('smb://nas/tv/The.Office.US.S02E03E04.720p.mkv')
 * // { title: 'The Office US', season: 2, episode: 3, episodeEnd: 4 }
 */
export function parseKodiFileName(file: string): KodiFileName {
  const segments = splitKodiPath(file)
  const baseName = segments.at(-1)
  if (baseName === undefined) {
    return { title: '' }
  }

  const folders = segments.slice(0, -1)
  const stem = stripVideoExtension(baseName)

  const marker = findEpisodeMarker(stem)
  if (marker !== undefined) {
    return buildEpisodeName(marker, folders)
  }

  const named = readMovieName(stem)
  const folder = findShowFolder(folders)
  const folderNamed = folder === undefined ? undefined : readMovieName(folder)

  // A disc structure, or a file named only by release tags, is named by its folder.
  const movie = (isDiscName(stem) || named.title === '') && folderNamed !== undefined ? folderNamed : named

  // `1917 (2019)/1917.mkv`: the folder of the same title gives the year.
  const sameTitle = folderNamed?.title.toLowerCase() === movie.title.toLowerCase()
  const year = movie.year ?? (sameTitle ? folderNamed?.year : undefined)

  return year === undefined ? { title: movie.title } : { title: movie.title, year }
}
