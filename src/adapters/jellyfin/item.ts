/**
 * Translation of the item fields of a Jellyfin notification into the normalized media item.
 */

import type { MediaItem } from '../../core/events.js'
import { readFileName, ticksToWholeSeconds } from '../emby/conversions.js'
import { collectProviderIds } from '../emby/provider-ids.js'
import type { ProviderIds } from '../emby/provider-ids.js'
import type { JellyfinEpisode, JellyfinItem, JellyfinMovie } from './schema.js'

type ItemFields = Pick<MediaItem, 'itemKey' | 'durationSeconds' | 'rawFilename' | 'library'>

const PROVIDER_KEY_PATTERN = /^provider_(.+)$/i
const DATE_YEAR_PATTERN = /^(\d{4})-\d{2}-\d{2}$/

/**
 * Collects the ids of the plugin's `Provider_<name>` keys. The plugin lower-cases the name
 * (`Provider_tmdb`), and a template may spell it in any case.
 */
function collectItemProviderIds(item: JellyfinItem): ProviderIds {
  const entries: [string, unknown][] = []

  for (const [key, value] of Object.entries(item)) {
    const providerName = PROVIDER_KEY_PATTERN.exec(key)?.[1]
    if (providerName !== undefined) {
      entries.push([providerName, value])
    }
  }

  return collectProviderIds(entries)
}

function readItemFields(item: JellyfinItem): ItemFields {
  const fields: ItemFields = { itemKey: item.ItemId }

  // A runtime of 0 ticks means the server does not know it.
  if (item.RunTimeTicks !== undefined && item.RunTimeTicks > 0) {
    fields.durationSeconds = ticksToWholeSeconds(item.RunTimeTicks)
  }

  const fileName = readFileName(item.Path ?? '')
  if (fileName !== undefined) {
    fields.rawFilename = fileName
  }

  if (item.LibraryIdByMaxPath !== undefined && item.LibraryNameByMaxPath !== undefined) {
    fields.library = { id: item.LibraryIdByMaxPath, title: item.LibraryNameByMaxPath }
  }

  return fields
}

function buildMovieItem(item: JellyfinMovie): MediaItem {
  const { ids, anime } = collectItemProviderIds(item)
  const mediaItem: MediaItem = { ...readItemFields(item), type: 'movie', title: item.Name, ids }

  if (item.Year !== undefined) {
    mediaItem.year = item.Year
  }

  if (anime) {
    mediaItem.anime = true
  }

  return mediaItem
}

function buildEpisodeItem(item: JellyfinEpisode): MediaItem {
  // The plugin writes the episode's own provider ids and none of the series, so the show ids
  // stay empty and the episode's ids are kept apart.
  const episode = collectItemProviderIds(item)

  const mediaItem: MediaItem = { ...readItemFields(item), type: 'episode', title: item.SeriesName, ids: {} }

  if (Object.keys(episode.ids).length > 0) {
    mediaItem.episodeIds = episode.ids
  }

  // NOTE: the show year comes from SeriesPremiereDate and is unset without it. `Year` is not
  // used because the plugin fills it with the episode's own year when the series has none.
  const showYear = DATE_YEAR_PATTERN.exec(item.SeriesPremiereDate ?? '')?.[1]
  if (showYear !== undefined) {
    mediaItem.year = Number(showYear)
  }

  if (item.Name !== undefined) {
    mediaItem.episodeTitle = item.Name
  }

  if (item.SeriesId !== undefined) {
    mediaItem.showKey = item.SeriesId
  }

  if (item.SeasonNumber !== undefined) {
    mediaItem.season = item.SeasonNumber
  }

  if (item.EpisodeNumber !== undefined) {
    mediaItem.episode = item.EpisodeNumber

    // A multi-episode file (`S01E01-E02`) names its last episode. An end equal to the start is
    // a single episode.
    if (item.EpisodeNumberEnd !== undefined && item.EpisodeNumberEnd > item.EpisodeNumber) {
      mediaItem.episodeEnd = item.EpisodeNumberEnd
    }
  }

  if (episode.anime) {
    mediaItem.anime = true
  }

  return mediaItem
}

/** Builds the normalized item of a movie or episode. */
export function buildMediaItem(item: JellyfinItem): MediaItem {
  return item.ItemType === 'Movie' ? buildMovieItem(item) : buildEpisodeItem(item)
}
