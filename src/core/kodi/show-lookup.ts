/**
 * Lookup of an episode's show in Kodi's library, for the show's own ids and year.
 */

import type { Logger } from 'pino'

import type { KodiItem, KodiShowDetails } from '../../adapters/kodi/schema.js'
import type { KodiApi } from './api.js'
import { KodiClosedError } from './errors.js'

/**
 * Returns the show of a library episode from the cache, or from `VideoLibrary.GetTVShowDetails`,
 * or undefined for any other item. A failed lookup is logged and gives undefined: the episode
 * is still tracked, by its own ids and numbers, without the show's ids. Only a closed
 * connection is thrown, because the step it belongs to cannot go on.
 */
export async function lookUpShow(
  item: KodiItem,
  api: Pick<KodiApi, 'getShowDetails'>,
  cache: Map<number, KodiShowDetails>,
  logger: Logger,
): Promise<KodiShowDetails | undefined> {
  const tvshowid = item.tvshowid
  if (item.type !== 'episode' || tvshowid === undefined || tvshowid < 0) {
    return undefined
  }

  const cached = cache.get(tvshowid)
  if (cached !== undefined) {
    return cached
  }

  try {
    const show = await api.getShowDetails(tvshowid)
    cache.set(tvshowid, show)

    return show
  } catch (error) {
    if (error instanceof KodiClosedError) {
      throw error
    }

    logger.warn({ err: error, tvshowid }, 'reading the show of a Kodi episode failed, so its show ids are left out')

    return undefined
  }
}
