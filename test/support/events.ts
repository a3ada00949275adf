import type { MediaItem, PlaybackEvent } from '../../src/core/events.js'

export const MATRIX: MediaItem = {
  type: 'movie',
  title: 'The Matrix',
  year: 1999,
  ids: { imdb: 'tt0133093', tmdb: 603 },
  durationSeconds: 8160,
  itemKey: '48213',
}

export const OZYMANDIAS: MediaItem = {
  type: 'episode',
  title: 'Breaking Bad',
  ids: { tvdb: 81189 },
  season: 5,
  episode: 14,
  episodeTitle: 'Ozymandias',
  durationSeconds: 2820,
  itemKey: '298572',
  showKey: '294795',
}

/** A Plex-like event at `occurredAt`, with the fields a test does not care about filled in. */
export function buildEvent(kind: PlaybackEvent['kind'], occurredAt: number, overrides: Partial<PlaybackEvent> = {}): PlaybackEvent {
  return {
    kind,
    source: 'plex',
    serverId: 'server-1',
    user: { name: 'sam_rivera' },
    player: { id: 'player-1', title: 'Living Room' },
    item: MATRIX,
    occurredAt,
    ...overrides,
  }
}
