import { describeMediaIdentity } from './playback-store.js'
import type { PlaybackSessionState } from './playback-store.js'

/**
 * One item of the read endpoints. The docs name only `type`, `tmdbId`, `title`,
 * `progressPercent`, `progressSeconds`, `durationSeconds`, `nowPlaying`, `playbackState` and
 * `mediaSource`. The other fields, the enums, the 0-100 scale of `progressPercent` and the
 * nulls for an idle user are this fake's choices.
 */
export interface PlaybackItemView {
  nowPlaying: boolean
  playbackState: 'playing' | 'paused' | null
  type: 'movie' | 'episode' | null
  title: string | null
  year: number | null
  tmdbId: number | null
  tvdbId: number | null
  imdbId: string | null
  season: number | null
  episode: number | null
  episodeTitle: string | null
  progressPercent: number | null
  progressSeconds: number | null
  durationSeconds: number | null
  mediaSource: string | null
  playbackSessionId: string | null
  /** ISO-8601 UTC with milliseconds, like the other read payloads. */
  updatedAt: string | null
}

const IDLE_VIEW: PlaybackItemView = {
  nowPlaying: false,
  playbackState: null,
  type: null,
  title: null,
  year: null,
  tmdbId: null,
  tvdbId: null,
  imdbId: null,
  season: null,
  episode: null,
  episodeTitle: null,
  progressPercent: null,
  progressSeconds: null,
  durationSeconds: null,
  mediaSource: null,
  playbackSessionId: null,
  updatedAt: null,
}

/** Builds the now-playing response body: the most recently updated session that has not stopped. */
export function buildNowPlaying(sessions: readonly PlaybackSessionState[]): PlaybackItemView {
  const active = sortNewestFirst(sessions.filter((session) => session.state !== 'stopped'))
  const current = active[0]
  return current === undefined ? { ...IDLE_VIEW } : describeSession(current)
}

/**
 * Builds the in-progress response body: per media item its latest session, newest first, leaving
 * out items whose latest session completed.
 */
export function buildInProgress(sessions: readonly PlaybackSessionState[]): { items: PlaybackItemView[] } {
  const latestByItem = new Map<string, PlaybackSessionState>()
  for (const session of sortNewestFirst(sessions)) {
    const identity = describeMediaIdentity(session.media)
    if (!latestByItem.has(identity)) {
      latestByItem.set(identity, session)
    }
  }
  const items = [...latestByItem.values()]
    .filter((session) => !session.completed)
    .map((session) => describeSession(session))
  return { items }
}

function sortNewestFirst(sessions: readonly PlaybackSessionState[]): PlaybackSessionState[] {
  return [...sessions].sort((a, b) => b.updateSequence - a.updateSequence)
}

function describeSession(session: PlaybackSessionState): PlaybackItemView {
  const media = session.media
  const stopped = session.state === 'stopped'
  return {
    nowPlaying: !stopped,
    playbackState: session.state === 'stopped' ? null : session.state,
    type: media.media_type,
    title: media.title,
    year: media.year ?? null,
    tmdbId: media.tmdb_id ?? null,
    tvdbId: media.tvdb_id ?? null,
    imdbId: media.imdb_id ?? null,
    season: media.season ?? null,
    episode: media.episode ?? null,
    episodeTitle: media.episode_title ?? null,
    progressPercent: session.progress === undefined ? null : Math.round(session.progress * 1000) / 10,
    progressSeconds: session.positionSeconds ?? null,
    durationSeconds: session.durationSeconds ?? null,
    mediaSource: session.mediaSource ?? null,
    playbackSessionId: session.implicit ? null : session.sessionId,
    updatedAt: new Date(session.updatedAt).toISOString(),
  }
}
