/**
 * Translation of a Plex `Metadata` object into the normalized media item.
 */

import type { MediaItem } from '../../core/events.js'
import { readAbsoluteEpisode } from './hama.js'
import { collectEpisodeIds, collectMovieIds } from './ids.js'
import type { PlexEpisodeMetadata, PlexMovieMetadata } from './schema.js'

type ItemFields = Pick<MediaItem, 'itemKey' | 'durationSeconds' | 'library'>

/** Converts Plex milliseconds to whole seconds, rounding down so a position never passes the duration. */
export function toWholeSeconds(milliseconds: number): number {
  return Math.floor(milliseconds / 1000)
}

function readItemFields(metadata: PlexMovieMetadata | PlexEpisodeMetadata): ItemFields {
  const fields: ItemFields = { itemKey: metadata.ratingKey }

  if (metadata.duration !== undefined) {
    fields.durationSeconds = toWholeSeconds(metadata.duration)
  }

  if (metadata.librarySectionID !== undefined && metadata.librarySectionTitle !== undefined) {
    fields.library = { id: String(metadata.librarySectionID), title: metadata.librarySectionTitle }
  }

  return fields
}

function buildMovieItem(metadata: PlexMovieMetadata): MediaItem {
  const { ids, anime } = collectMovieIds(metadata)
  const item: MediaItem = { ...readItemFields(metadata), type: 'movie', title: metadata.title, ids }

  if (metadata.year !== undefined) {
    item.year = metadata.year
  }

  if (anime) {
    item.anime = true
  }

  return item
}

function buildEpisodeItem(metadata: PlexEpisodeMetadata): MediaItem {
  const { showIds, episodeIds, showLevelGuid, hamaGuid } = collectEpisodeIds(metadata)

  // NOTE: `year` stays unset. Plex's `year` on an episode is the episode's year, not the show's,
  // and the payload carries no show year.
  const item: MediaItem = {
    ...readItemFields(metadata),
    type: 'episode',
    title: metadata.grandparentTitle,
    episodeTitle: metadata.title,
    ids: showIds,
  }

  if (Object.keys(episodeIds).length > 0) {
    item.episodeIds = episodeIds
  }

  if (metadata.grandparentRatingKey !== undefined) {
    item.showKey = metadata.grandparentRatingKey
  }

  // Plex's own numbers come first. The guid path of a legacy TV agent fills in a missing one.
  const season = metadata.parentIndex ?? showLevelGuid?.season
  const episode = metadata.index ?? showLevelGuid?.episode

  if (season !== undefined) {
    item.season = season
  }

  if (episode !== undefined) {
    item.episode = episode
  }

  if (hamaGuid !== undefined) {
    item.anime = true

    const absoluteEpisode = readAbsoluteEpisode(hamaGuid.hamaMode, season, episode)
    if (absoluteEpisode !== undefined) {
      item.absoluteEpisode = absoluteEpisode
    }
  }

  return item
}

/** Builds the normalized item of a movie or episode. */
export function buildMediaItem(metadata: PlexMovieMetadata | PlexEpisodeMetadata): MediaItem {
  return metadata.type === 'movie' ? buildMovieItem(metadata) : buildEpisodeItem(metadata)
}
