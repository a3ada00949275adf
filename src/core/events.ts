/**
 * The normalized playback event: the one contract between the media-server adapters
 * (which translate) and the core (which decides what PunchPlay receives).
 */

export const SOURCE_KINDS = ['plex', 'jellyfin', 'emby', 'kodi'] as const
export type SourceKind = (typeof SOURCE_KINDS)[number]

export type MediaType = 'movie' | 'episode'

/** External ids of one item. Numbers for TMDB/TVDB/AniDB, as PunchPlay types them. */
export interface ExternalIds {
  imdb?: string
  tmdb?: number
  tvdb?: number
  anidb?: number
}

/** The played item. For an episode, `title`, `year` and `ids` describe the show. */
export interface MediaItem {
  type: MediaType
  title: string
  year?: number
  /** Movie ids, or for an episode the show's ids. Never an episode-level id. */
  ids: ExternalIds
  /** Episode-level ids, kept for diagnostics and later lookups; never sent as show ids. */
  episodeIds?: ExternalIds
  season?: number
  episode?: number
  /** Last episode of a multi-episode file. */
  episodeEnd?: number
  episodeTitle?: string
  absoluteEpisode?: number
  anime?: boolean
  durationSeconds?: number
  rawFilename?: string
  /** The source's own id of the item (Plex `ratingKey`); identifies the item within its server. */
  itemKey: string
  /** The source's own id of the show, for episode lookups (Plex `grandparentRatingKey`). */
  showKey?: string
  library?: { id: string; title: string }
}

/**
 * A playback action as the media server reported it.
 * - `scrobble` is a completion signal (Plex `media.scrobble`): the item counts as watched,
 *   but playback may continue until a `stop`.
 * - `watched` is a user marking the item watched in the server's UI, with no playback
 *   (Jellyfin `UserDataSaved` with `TogglePlayed`, Emby `item.markplayed`).
 */
export type PlaybackEventKind = 'play' | 'pause' | 'resume' | 'progress' | 'stop' | 'scrobble' | 'watched'

export interface PlaybackEvent {
  kind: PlaybackEventKind
  source: SourceKind
  /** The media server instance (Plex `Server.uuid`). */
  serverId: string
  /** The person who played, as the source names them (Plex `Account.title`). */
  user: { id?: string; name: string }
  /** The playback client (Plex `Player.uuid`). */
  player: { id: string; title?: string }
  /** The source's own playback session id, when it has one. */
  sessionKey?: string
  item: MediaItem
  /** Position in seconds, absent when the source did not report one. */
  positionSeconds?: number
  /**
   * The player's own paused state, for sources that report it with every progress event
   * (Jellyfin `IsPaused`). The tracker turns a change of it into a pause or a resume.
   */
  paused?: boolean
  /**
   * True when the source reported a seek: the only case where the tracked position may move
   * backwards (Kodi `Player.OnSeek`).
   */
  seeked?: boolean
  /** True when the source itself reports the item as played to completion. */
  completed?: boolean
  /** When the event happened, UTC epoch milliseconds. */
  occurredAt: number
}

/** The reason an adapter produced no playback event. */
export type AdapterRejection =
  /** Understood but not a playback we track (music, trailers, library events). Acknowledged with 2xx. */
  | { ok: false; outcome: 'ignored'; event: string; user?: string; reason: string }
  /** A payload the adapter cannot read. The route returns 400 with the reason. */
  | { ok: false; outcome: 'invalid'; reason: string }

export type AdapterResult = { ok: true; event: PlaybackEvent } | AdapterRejection

/** Context an adapter may need that is not in the payload itself. */
export interface AdapterContext {
  /** When the bridge received the payload, UTC epoch milliseconds. */
  receivedAt: number
}
