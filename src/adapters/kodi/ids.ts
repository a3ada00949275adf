/**
 * External ids from a Kodi `uniqueid` object (`{"imdb":"tt0133093","tmdb":"603"}`). Kodi stores
 * every id as a string under the scraper's name for its provider.
 */

import type { ExternalIds } from '../../core/events.js'

const IMDB_ID_PATTERN = /^tt\d+$/
const DIGITS_PATTERN = /^\d+$/

function readPositiveId(text: string | undefined): number | undefined {
  if (text === undefined || !DIGITS_PATTERN.test(text.trim())) {
    return undefined
  }

  const id = Number(text.trim())

  return id > 0 ? id : undefined
}

/**
 * Reads the IMDb, TMDB, TVDB and AniDB ids of a `uniqueid` object. Other providers, empty
 * strings and malformed values are dropped, so a malformed id goes no further.
 */
export function readKodiUniqueIds(uniqueid: Readonly<Record<string, string>> | undefined): ExternalIds {
  if (uniqueid === undefined) {
    return {}
  }

  const ids: ExternalIds = {}

  const imdb = uniqueid['imdb']?.trim()
  if (imdb !== undefined && IMDB_ID_PATTERN.test(imdb)) {
    ids.imdb = imdb
  }

  const tmdb = readPositiveId(uniqueid['tmdb'])
  if (tmdb !== undefined) {
    ids.tmdb = tmdb
  }

  const tvdb = readPositiveId(uniqueid['tvdb'])
  if (tvdb !== undefined) {
    ids.tvdb = tvdb
  }

  const anidb = readPositiveId(uniqueid['anidb'])
  if (anidb !== undefined) {
    ids.anidb = anidb
  }

  return ids
}
