import type { ResolvedOptions } from './options.js'
import type { PlaybackAction, PlaybackEventBody } from './schemas.js'

/** Why an accepted event changed nothing. Clients must not depend on the exact strings. */
export type IgnoredReason = 'out_of_order' | 'stale_session'

/** One authenticated, valid playback request, in arrival order. */
export interface PlaybackCall {
  action: PlaybackAction
  /** The validated body: unknown keys removed, JSON nulls kept. */
  body: PlaybackEventBody
  /** The JSON object exactly as the client sent it. */
  rawBody: Record<string, unknown>
  username: string
  eventId: string | undefined
  deduped: boolean
  ignored?: IgnoredReason
  requestId: string
  /** Arrival time in epoch milliseconds on the fake's clock. */
  at: number
}

/** How a stop was judged: a completed watch, or only a saved position. */
export interface CompletionDecision {
  completed: boolean
  reason: 'watched_true' | 'watched_false' | 'threshold_reached' | 'below_threshold' | 'no_progress'
  /** The progress fraction compared with the threshold, when one was known. */
  progress?: number
  threshold: number
}

export type SessionState = 'playing' | 'paused' | 'stopped'

/** One playback session of one user, keyed by `playback_session_id`. */
export interface PlaybackSessionState {
  /** The client's `playback_session_id`, or `implicit:` and a number for events that sent none. */
  sessionId: string
  implicit: boolean
  username: string
  /** The body of the latest applied event, which carries the media fields. */
  media: PlaybackEventBody
  /** Applied actions in order. Deduped and ignored events are not listed. */
  actions: PlaybackAction[]
  state: SessionState
  /** Fraction 0..1, from `progress` or else derived from position and duration. */
  progress: number | undefined
  positionSeconds: number | undefined
  durationSeconds: number | undefined
  lastEventCreatedAt: number | undefined
  /** Set by the first applied stop. */
  decision: CompletionDecision | undefined
  completed: boolean
  /** Device label for the now-playing `mediaSource` field. */
  mediaSource: string | undefined
  startedAt: number
  updatedAt: number
  /** Increases with every applied event across all sessions, so ordering works with a frozen clock. */
  updateSequence: number
}

export interface PlaybackEventInput {
  action: PlaybackAction
  body: PlaybackEventBody
  rawBody: Record<string, unknown>
  username: string
  userId: string
  clientId: string
  mediaSource: string | undefined
  requestId: string
}

export type PlaybackOutcome =
  | { deduped: true }
  | { deduped: false; ignored?: IgnoredReason }

/** Playback sessions, `event_id` dedupe and the call log of the fake. */
export class PlaybackStore {
  private readonly options: ResolvedOptions
  private sessionsByUser = new Map<string, PlaybackSessionState[]>()
  private seenEventIds = new Set<string>()
  private nextImplicitSession = 1
  private nextUpdateSequence = 1
  readonly calls: PlaybackCall[] = []

  constructor(options: ResolvedOptions) {
    this.options = options
  }

  /**
   * Applies one event to its session and logs the call. A repeated `event_id` of the same user
   * and app is reported as deduped with no state change, for the life of the fake.
   */
  applyEvent(input: PlaybackEventInput): PlaybackOutcome {
    const eventId = input.body.event_id ?? undefined
    const call: PlaybackCall = {
      action: input.action,
      body: input.body,
      rawBody: input.rawBody,
      username: input.username,
      eventId,
      deduped: false,
      requestId: input.requestId,
      at: this.options.now(),
    }
    this.calls.push(call)

    if (eventId !== undefined) {
      const dedupeKey = JSON.stringify([input.userId, input.clientId, eventId])
      if (this.seenEventIds.has(dedupeKey)) {
        call.deduped = true
        return { deduped: true }
      }
      this.seenEventIds.add(dedupeKey)
    }

    const ignored = this.applyToSession(input)
    if (ignored !== undefined) {
      call.ignored = ignored
      return { deduped: false, ignored }
    }
    return { deduped: false }
  }

  /** Returns copies of the user's sessions, oldest first. */
  sessions(username: string): PlaybackSessionState[] {
    return structuredClone(this.sessionsByUser.get(username) ?? [])
  }

  /** Returns the user's live session records, for the read endpoints. */
  sessionsOf(username: string): readonly PlaybackSessionState[] {
    return this.sessionsByUser.get(username) ?? []
  }

  reset(): void {
    this.sessionsByUser.clear()
    this.seenEventIds.clear()
    this.calls.length = 0
    this.nextImplicitSession = 1
    this.nextUpdateSequence = 1
  }

  private applyToSession(input: PlaybackEventInput): IgnoredReason | undefined {
    const { action, body } = input
    const found = this.findSession(input)
    if (found === 'stale') {
      return 'stale_session'
    }
    const session = found ?? this.createSession(input)

    if (session.state === 'stopped') {
      return 'stale_session'
    }
    const createdAt = body.event_created_at ?? undefined
    if (
      createdAt !== undefined &&
      session.lastEventCreatedAt !== undefined &&
      createdAt < session.lastEventCreatedAt
    ) {
      return 'out_of_order'
    }

    session.actions.push(action)
    session.media = body
    session.mediaSource = input.mediaSource ?? session.mediaSource
    session.positionSeconds = body.position_seconds ?? session.positionSeconds
    session.durationSeconds = body.duration_seconds ?? session.durationSeconds
    session.progress = readProgress(body) ?? session.progress
    if (createdAt !== undefined) {
      session.lastEventCreatedAt = createdAt
    }
    session.updatedAt = this.options.now()
    session.updateSequence = this.nextUpdateSequence++

    if (action === 'pause') {
      session.state = 'paused'
    } else if (action === 'stop') {
      session.state = 'stopped'
      session.decision = this.decideCompletion(body, session.progress)
      session.completed = session.decision.completed
    } else {
      session.state = 'playing'
    }
    return undefined
  }

  /**
   * Finds the session an event belongs to. Events without `playback_session_id` share one
   * implicit session per user and media item. After that session stopped, only a `start`
   * opens a new one, and other events for the item are reported as stale.
   */
  private findSession(input: PlaybackEventInput): PlaybackSessionState | 'stale' | undefined {
    const sessions = this.sessionsByUser.get(input.username) ?? []
    const sessionId = input.body.playback_session_id ?? undefined
    if (sessionId !== undefined) {
      return sessions.find((session) => !session.implicit && session.sessionId === sessionId)
    }

    const identity = describeMediaIdentity(input.body)
    const sameItem = sessions.filter(
      (session) => session.implicit && describeMediaIdentity(session.media) === identity,
    )
    const open = sameItem.find((session) => session.state !== 'stopped')
    if (open !== undefined) {
      return open
    }
    if (sameItem.length > 0 && input.action !== 'start') {
      return 'stale'
    }
    return undefined
  }

  private createSession(input: PlaybackEventInput): PlaybackSessionState {
    const explicitId = input.body.playback_session_id ?? undefined
    const now = this.options.now()
    const session: PlaybackSessionState = {
      sessionId: explicitId ?? `implicit:${this.nextImplicitSession++}`,
      implicit: explicitId === undefined,
      username: input.username,
      media: input.body,
      actions: [],
      state: 'playing',
      progress: undefined,
      positionSeconds: undefined,
      durationSeconds: undefined,
      lastEventCreatedAt: undefined,
      decision: undefined,
      completed: false,
      mediaSource: input.mediaSource,
      startedAt: now,
      updatedAt: now,
      updateSequence: 0,
    }
    const sessions = this.sessionsByUser.get(input.username) ?? []
    sessions.push(session)
    this.sessionsByUser.set(input.username, sessions)
    return session
  }

  /**
   * Judges a stop: `watched` decides when sent, otherwise progress is compared with
   * `watched_threshold`, or with the configured default when the event sends none.
   */
  private decideCompletion(body: PlaybackEventBody, progress: number | undefined): CompletionDecision {
    const threshold = body.watched_threshold ?? this.options.defaultWatchedThreshold
    if (body.watched === true) {
      return { completed: true, reason: 'watched_true', progress, threshold }
    }
    if (body.watched === false) {
      return { completed: false, reason: 'watched_false', progress, threshold }
    }
    if (progress === undefined) {
      return { completed: false, reason: 'no_progress', threshold }
    }
    if (progress >= threshold) {
      return { completed: true, reason: 'threshold_reached', progress, threshold }
    }
    return { completed: false, reason: 'below_threshold', progress, threshold }
  }
}

/** Reads the progress fraction of an event, deriving it from position and duration when absent. */
export function readProgress(body: PlaybackEventBody): number | undefined {
  if (body.progress !== null && body.progress !== undefined) {
    return body.progress
  }
  const position = body.position_seconds
  const duration = body.duration_seconds
  if (position === null || position === undefined || duration === null || duration === undefined || duration === 0) {
    return undefined
  }
  return Math.min(position / duration, 1)
}

/** Describes the show or movie an event is about, ignoring the episode. */
export function describeTitleIdentity(body: PlaybackEventBody): string {
  if (body.tmdb_id !== null && body.tmdb_id !== undefined) {
    return `${body.media_type}:tmdb:${body.tmdb_id}`
  }
  if (body.tvdb_id !== null && body.tvdb_id !== undefined) {
    return `${body.media_type}:tvdb:${body.tvdb_id}`
  }
  if (body.imdb_id !== null && body.imdb_id !== undefined) {
    return `${body.media_type}:imdb:${body.imdb_id}`
  }
  return `${body.media_type}:title:${body.title.trim().toLowerCase()}:${body.year ?? ''}`
}

/** Describes the movie or the exact episode an event is about. */
export function describeMediaIdentity(body: PlaybackEventBody): string {
  const title = describeTitleIdentity(body)
  if (body.media_type === 'movie') {
    return title
  }
  return `${title}:s${body.season ?? ''}:e${body.episode ?? ''}:a${body.absolute_episode ?? ''}`
}
