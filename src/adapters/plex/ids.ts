/**
 * External ids of a Plex item, at the level PunchPlay expects: a movie's own ids, or for an
 * episode the show's ids, kept apart from the episode's own ids.
 */

import type { ExternalIds } from '../../core/events.js'
import { parsePlexGuid } from './guid.js'
import type { PlexGuid, PlexGuidSource } from './guid.js'
import type { PlexEpisodeMetadata, PlexMovieMetadata } from './schema.js'

// Legacy TV agents identify an episode by the show's id plus a season/episode path
// (`com.plexapp.agents.thetvdb://76156/1/18`), so the id in an episode's guid is the show's.
const SHOW_LEVEL_EPISODE_SOURCES: ReadonlySet<PlexGuidSource> = new Set([
  'legacy-thetvdb',
  'legacy-themoviedb',
  'hama',
])

/** Merges id sets, preferring the earlier set when two name the same provider. */
function mergeIds(idSets: readonly ExternalIds[]): ExternalIds {
  return idSets.reduceRight<ExternalIds>((merged, ids) => ({ ...merged, ...ids }), {})
}

function readGuidArrayIds(entries: PlexMovieMetadata['Guid']): ExternalIds {
  return mergeIds((entries ?? []).map((entry) => parsePlexGuid(entry.id).ids))
}

function parseOptionalGuid(guid: string | undefined): PlexGuid {
  return guid === undefined ? { source: 'unknown', ids: {} } : parsePlexGuid(guid)
}

/** Movie ids and the agent facts that go with them. */
export interface MovieIds {
  ids: ExternalIds
  anime: boolean
}

/**
 * Collects a movie's ids from `Guid[]` (new agents) and its `guid` (legacy agents).
 * `Guid[]` is preferred when both name the same provider, because Plex fills it at the item's
 * latest match or metadata refresh.
 */
export function collectMovieIds(metadata: PlexMovieMetadata): MovieIds {
  const guid = parseOptionalGuid(metadata.guid)

  return {
    ids: mergeIds([readGuidArrayIds(metadata.Guid), guid.ids]),
    anime: guid.source === 'hama',
  }
}

/** Episode ids, kept apart by level, and the guid facts that numbering needs. */
export interface EpisodeIds {
  /** The show's ids, only from guids that really name the show. */
  showIds: ExternalIds
  /** The episode's own ids from `Guid[]`. */
  episodeIds: ExternalIds
  /** The episode's guid, when a legacy TV agent or HAMA wrote it. */
  showLevelGuid?: PlexGuid
  /** The HAMA guid of the episode or of its show, when HAMA matched the show. */
  hamaGuid?: PlexGuid
}

/**
 * Collects an episode's ids. `Guid[]` of an episode contains episode-level ids (the IMDb, TMDB and
 * TVDB ids of the episode itself), so they never become show ids. Show ids come only from a
 * legacy TV agent or HAMA `guid` and from `grandparentGuid`. With the new Plex agents both are
 * `plex://` guids, so the show ids stay empty.
 */
export function collectEpisodeIds(metadata: PlexEpisodeMetadata): EpisodeIds {
  const episodeGuid = parseOptionalGuid(metadata.guid)
  const showGuid = parseOptionalGuid(metadata.grandparentGuid)
  const showLevelGuid = SHOW_LEVEL_EPISODE_SOURCES.has(episodeGuid.source) ? episodeGuid : undefined

  const result: EpisodeIds = {
    showIds: mergeIds([showLevelGuid?.ids ?? {}, showGuid.ids]),
    episodeIds: readGuidArrayIds(metadata.Guid),
  }

  if (showLevelGuid !== undefined) {
    result.showLevelGuid = showLevelGuid
  }

  const hamaGuid = [episodeGuid, showGuid].find((guid) => guid.source === 'hama')
  if (hamaGuid !== undefined) {
    result.hamaGuid = hamaGuid
  }

  return result
}
