import type { MediaItem } from '../../src/core/events.js'

/** 136 minutes. */
export const MATRIX: MediaItem = {
  type: 'movie',
  title: 'The Matrix',
  year: 1999,
  ids: { imdb: 'tt0133093', tmdb: 603 },
  durationSeconds: 8160,
  itemKey: 'movie-matrix',
  library: { id: '1', title: 'Movies' },
}

/** 97 minutes. */
export const BEAVERS: MediaItem = {
  type: 'movie',
  title: 'Hundreds of Beavers',
  year: 2022,
  ids: { imdb: 'tt12818328', tmdb: 836225 },
  durationSeconds: 5820,
  itemKey: 'movie-beavers',
  library: { id: '1', title: 'Movies' },
}

/** A 2-minute trailer in the movie library. */
export const TRAILER: MediaItem = {
  type: 'movie',
  title: 'The Matrix (trailer)',
  year: 1999,
  ids: {},
  durationSeconds: 130,
  itemKey: 'movie-trailer',
  library: { id: '1', title: 'Movies' },
}

/** Home videos, in a library the household keeps out of PunchPlay. */
export const HOLIDAY: MediaItem = {
  type: 'movie',
  title: 'Summer 2025',
  ids: {},
  durationSeconds: 1800,
  itemKey: 'movie-holiday',
  library: { id: '9', title: 'Home Videos' },
}

/** Breaking Bad S05E14 and E15, 47 minutes each, with the show's TVDB id as legacy Plex gives it. */
export function breakingBad(episode: 14 | 15 | 16): MediaItem {
  const titles = { 14: 'Ozymandias', 15: 'Granite State', 16: 'Felina' }
  return {
    type: 'episode',
    title: 'Breaking Bad',
    ids: { tvdb: 81189 },
    episodeIds: { tvdb: 4_600_000 + episode },
    season: 5,
    episode,
    episodeTitle: titles[episode],
    durationSeconds: 2820,
    itemKey: `episode-bb-5-${episode}`,
    showKey: 'show-bb',
    library: { id: '2', title: 'TV Shows' },
  }
}

/** A double episode in one file: S01E01-E02. */
export const PILOT_DOUBLE: MediaItem = {
  type: 'episode',
  title: 'Severance',
  ids: { tvdb: 371980 },
  season: 1,
  episode: 1,
  episodeEnd: 2,
  episodeTitle: 'Good News About Hell',
  durationSeconds: 6000,
  itemKey: 'episode-sev-1-1',
  library: { id: '2', title: 'TV Shows' },
}

/** Anime with absolute numbering, as the HAMA agent reports it. */
export const ONE_PIECE: MediaItem = {
  type: 'episode',
  title: 'One Piece',
  ids: { anidb: 69 },
  season: 1,
  episode: 1071,
  absoluteEpisode: 1071,
  anime: true,
  durationSeconds: 1440,
  itemKey: 'episode-op-1071',
  library: { id: '3', title: 'Anime' },
}

/** A file outside any library, matched by its name. */
export const LOOSE_FILE: MediaItem = {
  type: 'episode',
  title: 'The Expanse',
  season: 2,
  episode: 5,
  ids: {},
  durationSeconds: 2640,
  rawFilename: 'The.Expanse.S02E05.1080p.mkv',
  itemKey: 'file-expanse-s02e05',
}
