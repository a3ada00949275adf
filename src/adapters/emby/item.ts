/**
 * Translation of an Emby `Item` (a `BaseItemDto`) into the normalized media item. The Jellyfin
 * adapter uses it for templates in the same shape.
 */

import type { ExternalIds, MediaItem } from '../../core/events.js'
import { readFileName, ticksToWholeSeconds } from './conversions.js'
import { collectProviderIds } from './provider-ids.js'
import type { EmbyEpisodeItem, EmbyMovieItem } from './schema.js'

type ItemFields = Pick<MediaItem, 'itemKey' | 'durationSeconds' | 'rawFilename'>

/** Facts about an episode's series that a payload carries beyond the episode itself. */
export interface SeriesFacts {
  ids: ExternalIds
  anime: boolean
  year?: number
}

function readItemFields(item: EmbyMovieItem | EmbyEpisodeItem): ItemFields {
  const fields: ItemFields = { itemKey: item.Id }

  // A runtime of 0 ticks means the server does not know it.
  if (item.RunTimeTicks !== undefined && item.RunTimeTicks > 0) {
    fields.durationSeconds = ticksToWholeSeconds(item.RunTimeTicks)
  }

  const fileName = readFileName(item.FileName ?? item.Path ?? '')
  if (fileName !== undefined) {
    fields.rawFilename = fileName
  }

  return fields
}

function buildMovieItem(item: EmbyMovieItem): MediaItem {
  const { ids, anime } = collectProviderIds(Object.entries(item.ProviderIds ?? {}))
  const mediaItem: MediaItem = { ...readItemFields(item), type: 'movie', title: item.Name, ids }

  if (item.ProductionYear !== undefined) {
    mediaItem.year = item.ProductionYear
  }

  if (anime) {
    mediaItem.anime = true
  }

  return mediaItem
}

function buildEpisodeItem(item: EmbyEpisodeItem, series: SeriesFacts | undefined): MediaItem {
  // The provider ids of an episode are the episode's own (its TVDB or TMDB episode id), so they
  // never become show ids.
  const episode = collectProviderIds(Object.entries(item.ProviderIds ?? {}))

  const mediaItem: MediaItem = {
    ...readItemFields(item),
    type: 'episode',
    title: item.SeriesName,
    ids: series?.ids ?? {},
  }

  if (Object.keys(episode.ids).length > 0) {
    mediaItem.episodeIds = episode.ids
  }

  // NOTE: without series facts `year` stays unset. `ProductionYear` of an episode is the
  // episode's own year, and Emby's payload carries no series year.
  if (series?.year !== undefined) {
    mediaItem.year = series.year
  }

  if (item.Name !== undefined) {
    mediaItem.episodeTitle = item.Name
  }

  if (item.SeriesId !== undefined) {
    mediaItem.showKey = item.SeriesId
  }

  if (item.ParentIndexNumber !== undefined) {
    mediaItem.season = item.ParentIndexNumber
  }

  if (item.IndexNumber !== undefined) {
    mediaItem.episode = item.IndexNumber

    // A multi-episode file (`S01E01-E02`) names its last episode. An end equal to the start is
    // a single episode.
    if (item.IndexNumberEnd !== undefined && item.IndexNumberEnd > item.IndexNumber) {
      mediaItem.episodeEnd = item.IndexNumberEnd
    }
  }

  if (episode.anime || series?.anime === true) {
    mediaItem.anime = true
  }

  return mediaItem
}

/**
 * Builds the normalized item of a movie or episode. `series` gives the show ids and year when
 * the payload has a series object, which Emby's own webhooks never send.
 */
export function buildMediaItem(item: EmbyMovieItem | EmbyEpisodeItem, series?: SeriesFacts): MediaItem {
  return item.Type === 'Movie' ? buildMovieItem(item) : buildEpisodeItem(item, series)
}
