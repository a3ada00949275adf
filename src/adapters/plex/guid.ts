/**
 * Parsing of Plex item identifiers: the `guid` string of an item (new `plex://` ids and the
 * legacy agent forms) and the `imdb://`, `tmdb://`, `tvdb://` entries of `Metadata.Guid[]`.
 */

import type { ExternalIds } from '../../core/events.js'

/** The agent or id source that a guid's scheme names. */
export type PlexGuidSource =
  /** `imdb://`, `tmdb://`, `tvdb://`: an entry of `Metadata.Guid[]` written by the new Plex agents. */
  | 'imdb'
  | 'tmdb'
  | 'tvdb'
  /** `plex://movie/<id>`: Plex's own id, which carries no external id. */
  | 'plex'
  /** `local://<ratingKey>`: an item the new agents could not match. */
  | 'local'
  | 'legacy-imdb'
  | 'legacy-themoviedb'
  | 'legacy-thetvdb'
  /** HAMA, the anime agent (`com.plexapp.agents.hama`). */
  | 'hama'
  /** MyAnimeList agents. PunchPlay has no MyAnimeList id field, so the id is dropped. */
  | 'myanimelist'
  /** Personal Media (`com.plexapp.agents.none`): no external id by design. */
  | 'none'
  | 'music'
  | 'unknown'

const HAMA_MODES = [
  'anidb',
  'anidb2',
  'anidb3',
  'anidb4',
  'tvdb',
  'tvdb2',
  'tvdb3',
  'tvdb4',
  'tvdb5',
  'tmdb',
  'tsdb',
  'imdb',
] as const

/** HAMA numbering mode, from the id prefix (`anidb-`, `anidb2-`, `tvdb3-`, …). */
export type HamaMode = (typeof HAMA_MODES)[number]

/** Source, external ids and path numbers of one guid string. */
export interface PlexGuid {
  source: PlexGuidSource
  /** External ids in the guid. For legacy TV agents and HAMA these are the show's ids. */
  ids: ExternalIds
  /** Season number from the path of a legacy TV agent or HAMA guid (`…://76156/1/18` gives 1). */
  season?: number
  /** Episode number from the same path (`…://76156/1/18` gives 18). */
  episode?: number
  /** HAMA numbering mode, which decides whether the episode number is absolute. */
  hamaMode?: HamaMode
  /** Item kind named by a `plex://` guid: `movie`, `show`, `season`, `episode`, `track`, … */
  plexType?: string
}

type LegacyAgentSource = Extract<
  PlexGuidSource,
  'legacy-imdb' | 'legacy-themoviedb' | 'legacy-thetvdb' | 'hama' | 'none' | 'music'
>

const LEGACY_SOURCES: Readonly<Record<string, LegacyAgentSource>> = {
  'com.plexapp.agents.imdb': 'legacy-imdb',
  'com.plexapp.agents.themoviedb': 'legacy-themoviedb',
  'com.plexapp.agents.thetvdb': 'legacy-thetvdb',
  'com.plexapp.agents.hama': 'hama',
  'com.plexapp.agents.none': 'none',
  'com.plexapp.agents.plexmusic': 'music',
}

// The MyAnimeList agents are third-party bundles published under more than one scheme
// (`net.fribbtastic.coding.plex.myanimelist`, `net.devvsbugs.coding.plex.myanimelist`).
const MYANIMELIST_SCHEME_SUFFIX = '.myanimelist'

const HAMA_ID_PATTERN = /^([a-z]+\d?)-(.+)$/
const IMDB_ID_PATTERN = /^tt\d+$/
const DIGITS_PATTERN = /^\d+$/

function readCount(text: string | undefined): number | undefined {
  if (text === undefined || !DIGITS_PATTERN.test(text)) {
    return undefined
  }

  return Number(text)
}

function readPositiveId(text: string | undefined): number | undefined {
  const id = readCount(text)

  return id !== undefined && id > 0 ? id : undefined
}

function readImdbId(text: string | undefined): string | undefined {
  return text !== undefined && IMDB_ID_PATTERN.test(text) ? text : undefined
}

type IdProvider = keyof ExternalIds

function readProviderIds(provider: IdProvider, text: string | undefined): ExternalIds {
  if (provider === 'imdb') {
    const imdb = readImdbId(text)

    return imdb === undefined ? {} : { imdb }
  }

  const id = readPositiveId(text)

  return id === undefined ? {} : { [provider]: id }
}

function isHamaMode(text: string): text is HamaMode {
  return (HAMA_MODES as readonly string[]).includes(text)
}

function readHamaProvider(mode: HamaMode): IdProvider {
  if (mode.startsWith('anidb')) {
    return 'anidb'
  }

  if (mode.startsWith('tvdb')) {
    return 'tvdb'
  }

  // `tsdb` is HAMA's name for the TV part of TMDB, so its ids are TMDB ids.
  return mode === 'imdb' ? 'imdb' : 'tmdb'
}

/** Adds the season and episode numbers of a `<id>/<season>/<episode>` path, when present. */
function withPathNumbers(guid: PlexGuid, segments: readonly string[]): PlexGuid {
  const season = readCount(segments[1])
  const episode = readCount(segments[2])

  if (season !== undefined) {
    guid.season = season
  }

  if (episode !== undefined) {
    guid.episode = episode
  }

  return guid
}

function parseHamaGuid(segments: readonly string[]): PlexGuid {
  const match = HAMA_ID_PATTERN.exec(segments[0] ?? '')
  const mode = match?.[1]
  if (mode === undefined || !isHamaMode(mode)) {
    return withPathNumbers({ source: 'hama', ids: {} }, segments)
  }

  const ids = readProviderIds(readHamaProvider(mode), match?.[2])

  return withPathNumbers({ source: 'hama', ids, hamaMode: mode }, segments)
}

function parseLegacyGuid(source: LegacyAgentSource, segments: readonly string[]): PlexGuid {
  switch (source) {
    case 'legacy-imdb':
      return { source, ids: readProviderIds('imdb', segments[0]) }
    case 'legacy-themoviedb':
      return withPathNumbers({ source, ids: readProviderIds('tmdb', segments[0]) }, segments)
    case 'legacy-thetvdb':
      return withPathNumbers({ source, ids: readProviderIds('tvdb', segments[0]) }, segments)
    case 'hama':
      return parseHamaGuid(segments)
    case 'none':
    case 'music':
      return { source, ids: {} }
  }
}

/**
 * Parses a Plex guid into its source, external ids and, for legacy TV agents and HAMA, the
 * season and episode numbers in its path. The `?lang=…` query is ignored. A guid that is not
 * understood gives `source: 'unknown'` with no ids, never an error.
 *
 * @example
 * parsePlexGuid('com.plexapp.agents.thetvdb://76156/1/18?lang=en')
 * // { source: 'legacy-thetvdb', ids: { tvdb: 76156 }, season: 1, episode: 18 }
 */
export function parsePlexGuid(guid: string): PlexGuid {
  const separatorIndex = guid.indexOf('://')
  if (separatorIndex === -1) {
    return { source: 'unknown', ids: {} }
  }

  const scheme = guid.slice(0, separatorIndex).toLowerCase()
  const path = guid.slice(separatorIndex + 3).split('?')[0] ?? ''
  const segments = path.split('/')

  switch (scheme) {
    case 'imdb':
    case 'tmdb':
    case 'tvdb':
      return { source: scheme, ids: readProviderIds(scheme, segments[0]) }
    case 'plex':
      return segments[0] === undefined || segments[0] === ''
        ? { source: 'plex', ids: {} }
        : { source: 'plex', ids: {}, plexType: segments[0] }
    case 'local':
      return { source: 'local', ids: {} }
  }

  const legacySource = LEGACY_SOURCES[scheme]
  if (legacySource !== undefined) {
    return parseLegacyGuid(legacySource, segments)
  }

  if (scheme.endsWith(MYANIMELIST_SCHEME_SUFFIX)) {
    return { source: 'myanimelist', ids: {} }
  }

  return { source: 'unknown', ids: {} }
}
