/**
 * External ids from the provider id maps of Emby and Jellyfin: Emby's `Item.ProviderIds`
 * (`{ "Tmdb": "603" }`) and the Jellyfin plugin's flat `Provider_tmdb` keys. Both store every
 * value as a string under a name that metadata plugins choose, so names are matched in any
 * letter case and values that do not have the shape of the id are dropped.
 */

import type { ExternalIds } from '../../core/events.js'

type IdProvider = keyof ExternalIds

const ID_PROVIDERS: ReadonlyMap<string, IdProvider> = new Map([
  ['imdb', 'imdb'],
  ['tmdb', 'tmdb'],
  ['tvdb', 'tvdb'],
  ['anidb', 'anidb'],
])

// AniDB lists only anime and AniList only anime and manga, so on a video either id marks the
// item as anime. PunchPlay has no AniList id field, so an AniList id is used for that mark only.
const ANIME_PROVIDERS: ReadonlySet<string> = new Set(['anidb', 'anilist'])

const IMDB_ID_PATTERN = /^tt\d+$/
const DIGITS_PATTERN = /^\d+$/

/** External ids of one provider id map, and whether an anime-only provider identified the item. */
export interface ProviderIds {
  ids: ExternalIds
  anime: boolean
}

/** Reads a positive whole-number id from a digit string or, as templates may write it, a JSON number. */
function readNumericId(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value > 0 ? value : undefined
  }

  if (typeof value !== 'string' || !DIGITS_PATTERN.test(value.trim())) {
    return undefined
  }

  const id = Number(value.trim())

  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

function readProviderId(provider: IdProvider, value: unknown): ExternalIds {
  if (provider === 'imdb') {
    const imdb = typeof value === 'string' ? value.trim() : ''

    return IMDB_ID_PATTERN.test(imdb) ? { imdb } : {}
  }

  const id = readNumericId(value)

  return id === undefined ? {} : { [provider]: id }
}

/**
 * Collects external ids from (provider name, value) pairs. A name is matched in any letter
 * case (`Tmdb`, `TMDB`, `tmdb`), and names PunchPlay has no field for (`TvRage`, `Wikidata`,
 * `Official Website`) are skipped. A value without the shape of its id (`tt` and digits for
 * IMDb, a positive number for the others) is dropped, so a URL or an empty template value never
 * becomes an id. When two names differ only in case, the first valid value wins.
 *
 * @example
 * collectProviderIds(Object.entries({ Tmdb: '603', Imdb: 'tt0133093', 'Official Website': 'https://…' }))
 * // { ids: { tmdb: 603, imdb: 'tt0133093' }, anime: false }
 */
export function collectProviderIds(entries: Iterable<readonly [string, unknown]>): ProviderIds {
  const ids: ExternalIds = {}
  let anime = false

  for (const [name, value] of entries) {
    const providerName = name.toLowerCase()

    if (ANIME_PROVIDERS.has(providerName) && readNumericId(value) !== undefined) {
      anime = true
    }

    const provider = ID_PROVIDERS.get(providerName)
    if (provider !== undefined && ids[provider] === undefined) {
      Object.assign(ids, readProviderId(provider, value))
    }
  }

  return { ids, anime }
}
