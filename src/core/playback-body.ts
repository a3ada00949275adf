/**
 * The JSON body of a PunchPlay `playback/{action}` call, built from a tracked playback.
 */
import type { MediaItem } from './events.js'
import type { PunchPlayAction } from './storage/schema.js'

export interface PlaybackSnapshot {
  playbackId: string
  deviceId: string
  media: MediaItem
  positionSeconds: number
  durationSeconds: number | null
}

export interface BodyContext {
  eventId: string
  /** UTC epoch milliseconds of the media-server event behind this call. */
  eventCreatedAt: number
  clientVersion: string
  /** Only on `stop`. */
  completion?: { watched: boolean; threshold: number }
}

/**
 * Build the body. Optional fields are left out rather than sent as null. Positions are whole
 * seconds and `progress` a fraction from 0 to 1, as the Platform API defines them.
 */
export function buildPlaybackBody(action: PunchPlayAction, snapshot: PlaybackSnapshot, context: BodyContext): Record<string, unknown> {
  const { media } = snapshot
  const body: Record<string, unknown> = {
    event_id: context.eventId,
    event_created_at: context.eventCreatedAt,
    client_version: context.clientVersion,
    playback_session_id: snapshot.playbackId,
    device_id: snapshot.deviceId,
    media_type: media.type,
    title: media.title,
  }

  assignDefined(body, {
    year: media.year,
    imdb_id: media.ids.imdb,
    tmdb_id: media.ids.tmdb,
    tvdb_id: media.ids.tvdb,
    raw_filename: media.rawFilename,
  })

  if (media.type === 'episode') {
    assignDefined(body, {
      season: media.season,
      episode: media.episode,
      episode_title: media.episodeTitle,
      absolute_episode: media.absoluteEpisode,
      anime: media.anime,
    })
    if (media.episodeEnd !== undefined && media.episode !== undefined && media.episodeEnd > media.episode) {
      body['episode_end'] = media.episodeEnd
      body['multi_episode'] = true
    }
  } else if (media.anime === true) {
    body['anime'] = true
  }

  body['position_seconds'] = Math.floor(snapshot.positionSeconds)
  if (snapshot.durationSeconds !== null && snapshot.durationSeconds > 0) {
    body['duration_seconds'] = Math.round(snapshot.durationSeconds)
    body['progress'] = roundFraction(Math.min(1, snapshot.positionSeconds / snapshot.durationSeconds))
  }

  if (action === 'stop' && context.completion !== undefined) {
    body['watched'] = context.completion.watched
    body['watched_threshold'] = context.completion.threshold
  }
  return body
}

function assignDefined(target: Record<string, unknown>, values: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) target[key] = value
  }
}

function roundFraction(value: number): number {
  return Math.round(value * 10_000) / 10_000
}
