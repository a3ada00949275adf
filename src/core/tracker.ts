/**
 * The session tracker: decides, from the media servers' events, which PunchPlay calls a
 * playback produces, and queues them in the outbox in the same SQLite transaction. Every
 * source goes through the same rules; docs/sessions.md explains them to users.
 *
 * Invariants:
 * - A player (source, server, player, user) has at most one open playback.
 * - A playback's id is its `playback_session_id`; a later play of the same item is a new playback.
 * - Repeats (play while playing, pause while paused, a second stop) change nothing and send nothing.
 * - Completion is decided once, when the playback stops; every stop carries `watched` and
 *   `watched_threshold`.
 * - The position only moves backwards when the source reported a seek.
 */
import { createHash, randomUUID } from 'node:crypto'
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm'

import type { PlaybackEvent, SourceKind } from './events.js'
import { toUserKey } from './links.js'
import { buildPlaybackBody, type PlaybackSnapshot } from './playback-body.js'
import type { BridgeDatabase } from './storage/database.js'
import { outboxTable, playbacksTable, type PunchPlayAction } from './storage/schema.js'

/** A position this close to the end counts as finished, whatever the threshold (end credits). */
export const END_SLACK_SECONDS = 10
/**
 * A playback closed because another item started is sent this much later, so that the old
 * item's own stop, which media servers often deliver after the new play, can still correct it.
 */
export const CLOSE_GRACE_MS = 10_000
/** Sources that send no progress events; the tracker sends estimated progress for them. */
const SOURCES_WITHOUT_PROGRESS: readonly SourceKind[] = ['plex', 'emby']

export interface TrackerSettings {
  /** An open, playing playback with no event for this long is stopped by `sweepStale`. */
  staleAfterMs: number
  /** The same for a paused playback, which may rightly stay silent for hours. */
  stalePausedAfterMs: number
  /** Minimum time between two `progress` calls of one playback. */
  progressIntervalMs: number
  clientVersion: string
  /** Fraction of the runtime from which a stop counts as watched, per source. */
  watchedThreshold: (source: SourceKind) => number
}

export type TrackResult =
  | { outcome: 'accepted'; playbackId: string; actions: PunchPlayAction[] }
  | { outcome: 'ignored'; playbackId?: string; reason: string }

type PlaybackRow = typeof playbacksTable.$inferSelect
type Transaction = Parameters<Parameters<BridgeDatabase['transaction']>[0]>[0]

export interface Tracker {
  /**
   * Apply one event for the link its user is mapped to, in a transaction of its own unless
   * the caller passes one, so the state change and its queued calls commit together.
   */
  apply(event: PlaybackEvent, linkId: number, tx?: Transaction): TrackResult
  /** Stop every playback silent for longer than its stale timeout. Returns how many. */
  sweepStale(): number
  /** Queue estimated progress for playing items of sources that send none. Returns how many. */
  heartbeat(): number
  /** Open playbacks, newest first, for the activity views. */
  listOpen(): PlaybackRow[]
}

export interface TrackerOptions {
  db: BridgeDatabase
  /** Read on every event, so changed settings apply without a restart. */
  settings: () => TrackerSettings
  now?: () => number
}

export function createTracker(options: TrackerOptions): Tracker {
  const { db } = options
  const now = options.now ?? Date.now

  function enqueue(tx: Transaction, playback: PlaybackRow, action: PunchPlayAction, at: number, extra: EnqueueExtra = {}): void {
    const settings = options.settings()
    const eventId = randomUUID()
    const position = extra.positionSeconds ?? playback.positionSeconds
    const last = lastQueued(tx, playback.id)
    const snapshot: PlaybackSnapshot = {
      playbackId: playback.id,
      deviceId: playback.deviceId,
      media: playback.media,
      // A server's report can lag a few seconds behind the estimate sent before it. The position
      // sent to PunchPlay only goes backwards when the source reported a seek.
      positionSeconds: extra.seeked === true ? position : Math.max(position, last.positionSeconds),
      durationSeconds: playback.durationSeconds,
    }
    const body = buildPlaybackBody(action, snapshot, {
      eventId,
      // The server's clock and the bridge's can disagree; PunchPlay ignores an event older
      // than the one before it in the same session, so the times never go backwards.
      eventCreatedAt: Math.max(at, last.eventCreatedAt),
      clientVersion: settings.clientVersion,
      ...(action === 'stop'
        ? { completion: { watched: extra.watched ?? decideWatched(playback), threshold: settings.watchedThreshold(sourceOf(playback)) } }
        : {}),
    })

    // A queued progress is worth nothing once a newer progress or the stop is queued behind it.
    if (action === 'progress' || action === 'stop') {
      tx.update(outboxTable)
        .set({ status: 'superseded' })
        .where(and(eq(outboxTable.playbackId, playback.id), eq(outboxTable.action, 'progress'), eq(outboxTable.status, 'pending')))
        .run()
    }

    tx.insert(outboxTable)
      .values({
        eventId,
        linkId: playback.linkId,
        playbackId: playback.id,
        action,
        body,
        nextAttemptAt: now() + (extra.delayMs ?? 0),
        createdAt: now(),
      })
      .run()
  }

  /** Position and event time of the playback's latest queued call, or zeros before the first. */
  function lastQueued(tx: Transaction, playbackId: string): { positionSeconds: number; eventCreatedAt: number } {
    const last = tx
      .select({ body: outboxTable.body })
      .from(outboxTable)
      .where(eq(outboxTable.playbackId, playbackId))
      .orderBy(desc(outboxTable.id))
      .get()
    const position = last?.body['position_seconds']
    const createdAt = last?.body['event_created_at']
    return {
      positionSeconds: typeof position === 'number' ? position : 0,
      eventCreatedAt: typeof createdAt === 'number' ? createdAt : 0,
    }
  }

  function save(tx: Transaction, playback: PlaybackRow): void {
    tx.update(playbacksTable).set(playback).where(eq(playbacksTable.id, playback.id)).run()
  }

  /**
   * Decide whether a playback counts as watched: the source reported completion, or the
   * reported position reached the threshold or the last seconds of the runtime. For an
   * estimated stop, `position` is the last reported position, not the estimate.
   */
  function decideWatched(playback: PlaybackRow, position = playback.positionSeconds): boolean {
    if (playback.completed) return true
    const duration = playback.durationSeconds
    if (duration === null || duration <= 0) return false
    if (duration - position <= END_SLACK_SECONDS) return true
    return position / duration >= options.settings().watchedThreshold(sourceOf(playback))
  }

  /**
   * Close a playback at `positionSeconds`. Without one (a stale playback, or one replaced by the
   * next item) the stop carries the estimated position. Completion is still judged from the last
   * reported position, because an estimate must not credit a watch the source did not report.
   */
  function stop(tx: Transaction, playback: PlaybackRow, when: EventTimes, positionSeconds: number | undefined, extra: EnqueueExtra = {}): void {
    const reported = playback.positionSeconds
    playback.positionSeconds = positionSeconds ?? estimatePosition(playback, when.seen)
    playback.positionAt = when.seen
    playback.state = 'stopped'
    playback.stoppedAt = when.seen
    enqueue(tx, playback, 'stop', when.at, { ...extra, watched: decideWatched(playback, positionSeconds ?? reported) })
    save(tx, playback)
  }

  function start(tx: Transaction, event: PlaybackEvent, linkId: number, playerKey: string, when: EventTimes): PlaybackRow {
    const playback: PlaybackRow = {
      id: randomUUID(),
      linkId,
      source: event.source,
      playerKey,
      itemKey: event.item.itemKey,
      deviceId: deviceIdOf(event),
      media: event.item,
      state: 'playing',
      positionSeconds: event.positionSeconds ?? 0,
      positionAt: when.seen,
      durationSeconds: event.item.durationSeconds ?? null,
      completed: event.completed === true,
      startedAt: when.seen,
      lastEventAt: when.seen,
      lastProgressAt: progressClock(event.source, when),
      stoppedAt: null,
    }
    tx.insert(playbacksTable).values(playback).run()
    enqueue(tx, playback, 'start', when.at)
    return playback
  }

  /**
   * Apply an event for an item that is no longer the open one on its player, because the
   * webhooks of an autoplay arrived out of order or a completion came after the stop. The stop
   * already queued for that item is corrected while it still waits to be sent.
   */
  function applyLate(tx: Transaction, event: PlaybackEvent, playerKey: string): TrackResult {
    const earlier = tx
      .select()
      .from(playbacksTable)
      .where(and(eq(playbacksTable.playerKey, playerKey), eq(playbacksTable.itemKey, event.item.itemKey), eq(playbacksTable.state, 'stopped')))
      .orderBy(desc(playbacksTable.startedAt))
      .get()
    if (earlier === undefined) return { outcome: 'ignored', reason: `${event.kind} for an item that is not playing on this player` }

    const correctsStop = event.kind === 'stop' || event.kind === 'scrobble' || event.kind === 'watched'
    const queuedStop = tx
      .select()
      .from(outboxTable)
      .where(and(eq(outboxTable.playbackId, earlier.id), eq(outboxTable.action, 'stop'), eq(outboxTable.status, 'pending'), eq(outboxTable.attempts, 0)))
      .get()
    if (!correctsStop || queuedStop === undefined) {
      return { outcome: 'ignored', playbackId: earlier.id, reason: `${event.kind} arrived after the playback stopped` }
    }

    if (event.completed === true || event.kind === 'scrobble' || event.kind === 'watched') earlier.completed = true
    if (event.positionSeconds !== undefined && (event.seeked === true || event.positionSeconds > earlier.positionSeconds)) {
      earlier.positionSeconds = event.positionSeconds
    }
    save(tx, earlier)

    const body = {
      ...queuedStop.body,
      position_seconds: Math.floor(earlier.positionSeconds),
      watched: decideWatched(earlier),
      ...(earlier.durationSeconds !== null && earlier.durationSeconds > 0
        ? { progress: Math.round(Math.min(1, earlier.positionSeconds / earlier.durationSeconds) * 10_000) / 10_000 }
        : {}),
    }
    tx.update(outboxTable).set({ body }).where(eq(outboxTable.id, queuedStop.id)).run()
    return { outcome: 'ignored', playbackId: earlier.id, reason: `late ${event.kind}: corrected the queued stop` }
  }

  function applyInTransaction(tx: Transaction, event: PlaybackEvent, linkId: number): TrackResult {
    const at = event.occurredAt
    const when: EventTimes = { at, seen: now() }
    const playerKey = playerKeyOf(event)
    const actions: PunchPlayAction[] = []

    let open = tx
      .select()
      .from(playbacksTable)
      .where(and(eq(playbacksTable.playerKey, playerKey), ne(playbacksTable.state, 'stopped')))
      .orderBy(desc(playbacksTable.startedAt))
      .get()

    if (open !== undefined && open.itemKey !== event.item.itemKey) {
      // Only a sign of the new item playing ends the old one. A pause or stop of an item that
      // is not the open one is late news about an earlier playback.
      const newItemPlays = event.kind === 'play' || event.kind === 'resume' || event.kind === 'progress'
      if (!newItemPlays) return applyLate(tx, event, playerKey)

      stop(tx, open, when, undefined, { delayMs: CLOSE_GRACE_MS })
      actions.push('stop')
      open = undefined
    }

    if (open === undefined) {
      const latest = tx
        .select()
        .from(playbacksTable)
        .where(eq(playbacksTable.playerKey, playerKey))
        .orderBy(desc(playbacksTable.startedAt))
        .get()
      const sameItemStopped = latest !== undefined && latest.itemKey === event.item.itemKey && latest.state === 'stopped'

      // A stop or completion for a playback already stopped is late news, not a new playback.
      // Marking watched an item whose last playback stopped short of completion is not.
      const repeated = event.kind === 'stop' || event.kind === 'scrobble' || (event.kind === 'watched' && latest?.completed === true)
      if (sameItemStopped && repeated) {
        const late = applyLate(tx, event, playerKey)
        return actions.length > 0 ? { outcome: 'accepted', playbackId: latest.id, actions } : late
      }

      // No open playback: this event begins one. A pause, progress or stop whose play was
      // lost still produces the start PunchPlay needs.
      open = start(tx, event, linkId, playerKey, when)
      actions.push('start')
      if (event.kind === 'watched') {
        // A manual mark has no playback behind it: record one that ran to the end.
        open.completed = true
        stop(tx, open, when, open.durationSeconds ?? event.positionSeconds)
        actions.push('stop')
        return { outcome: 'accepted', playbackId: open.id, actions }
      }
      const startsPlaying = event.kind === 'play' || event.kind === 'resume' || (event.kind === 'progress' && event.paused !== true)
      if (startsPlaying) return { outcome: 'accepted', playbackId: open.id, actions }
    }

    const playback = open
    const wasPlaying = playback.state === 'playing'
    if (event.item.durationSeconds !== undefined) playback.durationSeconds = event.item.durationSeconds
    playback.lastEventAt = Math.max(playback.lastEventAt, when.seen)
    if (event.completed === true) playback.completed = true

    const ignore = (reason: string): TrackResult => {
      save(tx, playback)
      return actions.length > 0 ? { outcome: 'accepted', playbackId: playback.id, actions } : { outcome: 'ignored', playbackId: playback.id, reason }
    }
    const send = (action: PunchPlayAction): TrackResult => {
      enqueue(tx, playback, action, at, { seeked: event.seeked === true })
      actions.push(action)
      save(tx, playback)
      return { outcome: 'accepted', playbackId: playback.id, actions }
    }

    switch (event.kind) {
      case 'play':
      case 'resume': {
        updatePosition(playback, event, when.seen)
        if (wasPlaying) return ignore(`${event.kind} while already playing`)
        playback.state = 'playing'
        playback.lastProgressAt = progressClock(event.source, when)
        return send('resume')
      }
      case 'pause': {
        updatePosition(playback, event, when.seen)
        if (!wasPlaying) return ignore('pause while already paused')
        playback.state = 'paused'
        return send('pause')
      }
      case 'progress': {
        updatePosition(playback, event, when.seen)

        // Sources without pause events report the paused state on every tick instead.
        if (event.paused === true && wasPlaying) {
          playback.state = 'paused'
          return send('pause')
        }
        if (event.paused === false && !wasPlaying) {
          playback.state = 'playing'
          playback.lastProgressAt = progressClock(event.source, when)
          return send('resume')
        }

        if (!wasPlaying) return ignore('progress while paused')
        const progressAt = progressClock(event.source, when)
        const due = playback.lastProgressAt === null || progressAt - playback.lastProgressAt >= options.settings().progressIntervalMs
        if (!due) return ignore('progress throttled')
        playback.lastProgressAt = progressAt
        return send('progress')
      }
      case 'scrobble':
      case 'watched': {
        updatePosition(playback, event, when.seen)
        playback.completed = true
        return ignore(`${event.kind}: the coming stop will be sent as watched`)
      }
      case 'stop': {
        const position = event.positionSeconds === undefined ? undefined : nextPosition(playback, event, when.seen)
        stop(tx, playback, when, position, { seeked: event.seeked === true })
        actions.push('stop')
        return { outcome: 'accepted', playbackId: playback.id, actions }
      }
    }
  }

  return {
    apply(event, linkId, tx) {
      if (tx !== undefined) return applyInTransaction(tx, event, linkId)
      return db.transaction((inner) => applyInTransaction(inner, event, linkId))
    },

    sweepStale() {
      const settings = options.settings()
      const at = now()
      return db.transaction((tx) => {
        const open = tx.select().from(playbacksTable).where(ne(playbacksTable.state, 'stopped')).orderBy(asc(playbacksTable.lastEventAt)).all()
        let stopped = 0
        for (const playback of open) {
          const timeout = playback.state === 'paused' ? settings.stalePausedAfterMs : settings.staleAfterMs
          if (at - silentSince(playback) < timeout) continue
          // The player went away without a stop (a crash, a TV switched off). The stop is dated
          // when the playback was last known to run, not now: the last event, heartbeat or, for
          // sources without progress, the estimated end. It carries the position estimated for
          // that moment, the same estimate PunchPlay last received as progress.
          const lastSign = lastSignOfLife(playback)
          stop(tx, playback, { at: lastSign, seen: lastSign }, undefined)
          stopped += 1
        }
        return stopped
      })
    },

    heartbeat() {
      const settings = options.settings()
      const at = now()
      return db.transaction((tx) => {
        const playing = tx
          .select()
          .from(playbacksTable)
          .where(and(eq(playbacksTable.state, 'playing'), inArray(playbacksTable.source, [...SOURCES_WITHOUT_PROGRESS])))
          .all()
        let sent = 0
        for (const playback of playing) {
          if (playback.lastProgressAt !== null && at - playback.lastProgressAt < settings.progressIntervalMs) continue
          // Past the estimated end there is nothing new to tell until the stop or the sweep.
          const duration = playback.durationSeconds
          if (duration !== null && playback.lastProgressAt !== null && estimatePosition(playback, playback.lastProgressAt) >= duration) continue
          // Not stored as the known position: a later report from the server, which lags a few
          // seconds, must not look like a jump backwards.
          enqueue(tx, playback, 'progress', at, { positionSeconds: estimatePosition(playback, at) })
          playback.lastProgressAt = at
          save(tx, playback)
          sent += 1
        }
        return sent
      })
    },

    listOpen() {
      return db.select().from(playbacksTable).where(ne(playbacksTable.state, 'stopped')).orderBy(desc(playbacksTable.startedAt)).all()
    },
  }
}

/**
 * Two clocks for one event: `at`, the time the server reports for it (sent as
 * `event_created_at`), and `seen`, when the bridge received it. Silence, estimates and stale
 * timeouts use `seen`, so a server whose clock is wrong cannot make a playback look abandoned.
 */
interface EventTimes {
  at: number
  seen: number
}

interface EnqueueExtra {
  /** Position to send instead of the stored one (an estimate). */
  positionSeconds?: number
  /** Hold the call back this long before it may be sent. */
  delayMs?: number
  /** Completion of a stop, when decided from other evidence than the stored position. */
  watched?: boolean
  /** The source reported a seek, so the position may go backwards. */
  seeked?: boolean
}

/** Estimate the position at `at`: it moves with the wall clock while playing, up to the duration. */
export function estimatePosition(
  playback: Pick<PlaybackRow, 'state' | 'positionSeconds' | 'positionAt' | 'durationSeconds'>,
  at: number,
): number {
  const elapsed = playback.state === 'playing' ? Math.max(0, at - playback.positionAt) / 1000 : 0
  const estimate = playback.positionSeconds + elapsed
  return playback.durationSeconds === null ? estimate : Math.min(estimate, playback.durationSeconds)
}

/**
 * Return since when a playback has been silent beyond what its source leads the bridge to
 * expect. Plex and Emby send nothing while playing, so a playing item of theirs is overdue only
 * after its estimated end. Other sources report progress, so their last event counts.
 */
function silentSince(playback: PlaybackRow): number {
  const duration = playback.durationSeconds
  if (playback.state !== 'playing' || duration === null || !SOURCES_WITHOUT_PROGRESS.includes(sourceOf(playback))) {
    return playback.lastEventAt
  }
  const expectedEnd = playback.positionAt + Math.max(0, duration - playback.positionSeconds) * 1000
  return Math.max(playback.lastEventAt, expectedEnd)
}

/**
 * When a playback was last known to run, on the bridge's clock: its last event or, for sources
 * without progress, the estimated end and the heartbeats sent until then.
 */
function lastSignOfLife(playback: PlaybackRow): number {
  if (!SOURCES_WITHOUT_PROGRESS.includes(sourceOf(playback))) return playback.lastEventAt
  return Math.max(silentSince(playback), playback.lastProgressAt ?? 0)
}

/**
 * Return the time to store in `lastProgressAt`. Sources that report progress are throttled on
 * their own event times, which stay true when their webhooks arrive in a burst. The heartbeats
 * for the other sources run on the bridge's clock.
 */
function progressClock(source: SourceKind, when: EventTimes): number {
  return SOURCES_WITHOUT_PROGRESS.includes(source) ? when.seen : when.at
}

/** Return the position after an event: the reported one, unless it goes backwards without a seek. */
function nextPosition(playback: PlaybackRow, event: PlaybackEvent, at: number): number {
  if (event.positionSeconds === undefined) return estimatePosition(playback, at)
  if (event.seeked === true || event.positionSeconds >= playback.positionSeconds) return event.positionSeconds
  return playback.positionSeconds
}

function updatePosition(playback: PlaybackRow, event: PlaybackEvent, at: number): void {
  playback.positionSeconds = nextPosition(playback, event, at)
  playback.positionAt = at
}

function sourceOf(playback: PlaybackRow): SourceKind {
  return playback.source as SourceKind
}

function playerKeyOf(event: PlaybackEvent): string {
  return [event.source, event.serverId, event.player.id, toUserKey(event.user.name)].join('|')
}

/** Derive a stable, opaque `device_id` per player: the same player always gets the same id. */
function deviceIdOf(event: PlaybackEvent): string {
  const digest = createHash('sha256').update(`${event.source}|${event.serverId}|${event.player.id}`).digest('hex')
  return `${event.source}-${digest.slice(0, 20)}`
}
