/**
 * Per-source playback policy: the completion threshold and the filters that decide which
 * playbacks are tracked at all. A source's own section of the config overrides `playback`.
 */
import type { Config } from './config.js'
import type { PlaybackEvent, SourceKind } from './events.js'

export interface SourcePolicy {
  /** Fraction of the runtime from which a stop counts as watched. */
  watchedThreshold: number
  /** Items shorter than this are not tracked (trailers, extras, short clips). 0 tracks all. */
  minDurationSeconds: number
  movies: boolean
  episodes: boolean
  /** Library names or ids, lower-cased. With `include` set, only those libraries count. */
  libraries: { include: string[]; exclude: string[] }
}

export function resolvePolicy(config: Config, source: SourceKind): SourcePolicy {
  const own = config[source]
  const lower = (names: string[]) => names.map((name) => name.trim().toLowerCase())

  return {
    watchedThreshold: own.watched_threshold ?? config.playback.watched_threshold,
    minDurationSeconds: (own.min_duration_minutes ?? config.playback.min_duration_minutes) * 60,
    movies: own.movies ?? config.playback.movies,
    episodes: own.episodes ?? config.playback.episodes,
    libraries: { include: lower(own.libraries.include), exclude: lower(own.libraries.exclude) },
  }
}

/**
 * Why the policy excludes this event's item, or undefined when it is tracked. An item without a
 * known duration passes the length filter, because dropping it could lose a real watch.
 */
export function findFilterReason(event: PlaybackEvent, policy: SourcePolicy): string | undefined {
  const { item } = event

  if (item.type === 'movie' && !policy.movies) return `movies from ${event.source} are turned off`
  if (item.type === 'episode' && !policy.episodes) return `episodes from ${event.source} are turned off`

  const duration = item.durationSeconds
  if (duration !== undefined && duration > 0 && duration < policy.minDurationSeconds) {
    return `shorter than the minimum length (${Math.round(duration / 60)} of ${policy.minDurationSeconds / 60} minutes)`
  }

  const names = item.library === undefined ? [] : [item.library.id.toLowerCase(), item.library.title.toLowerCase()]
  const label = item.library?.title ?? 'unknown'
  if (names.some((name) => policy.libraries.exclude.includes(name))) return `library "${label}" is excluded`
  if (policy.libraries.include.length > 0 && !names.some((name) => policy.libraries.include.includes(name))) {
    return `library "${label}" is not in the included libraries`
  }
  return undefined
}
