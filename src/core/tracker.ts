/**
 * The session tracker: decides, from the media server's events, which PunchPlay calls a
 * playback produces, and queues them in the outbox in the same SQLite transaction.
 *
 * Invariants:
 * - A player (source, server, player, user) has at most one open playback.
 * - A playback's id is its `playback_session_id`; a later play of the same item is a new playback.
 * - Repeats (play while playing, pause while paused, a second stop) change nothing and send nothing.
 * - Every stop carries `watched` and `watched_threshold`.
 */
import { createHash, randomUUID } from 'node:crypto'
import { and, asc, desc, eq, lt, ne } from 'drizzle-orm'

import type { PlaybackEvent } from './events.js'
import { toUserKey } from './links.js'
import { buildPlaybackBody, type PlaybackSnapshot } from './playback-body.js'
import type { BridgeDatabase } from './storage/database.js'
import { outboxTable, playbacksTable, type PunchPlayAction } from './storage/schema.js'

export interface TrackerSettings {
  /** Fraction of the duration from which a stop counts as watched. */
  watchedThreshold: number
  /** An open playback with no event for this long is stopped by `sweepStale`. */
  staleAfterMs: number
  /** Minimum time between two `progress` calls of one playback. */
  progressIntervalMs: number
  clientVersion: string
}

export type TrackResult =
  | { outcome: 'accepted'; playbackId: string; actions: PunchPlayAction[] }
  | { outcome: 'ignored'; playbackId?: string; reason: string }

type PlaybackRow = typeof playbacksTable.$inferSelect
type Transaction = Parameters<Parameters<BridgeDatabase['transaction']>[0]>[0]

export interface Tracker {
  /**
   * Apply one event for the link its user is mapped to. Runs in its own transaction unless
   * the caller passes one, so the state change and its queued calls commit together.
   */
  apply(event: PlaybackEvent, linkId: number, tx?: Transaction): TrackResult
  /** Stop every playback silent for longer than the stale timeout. Returns how many. */
  sweepStale(): number
}

export function createTracker(options: { db: BridgeDatabase; settings: TrackerSettings; now?: () => number }): Tracker {
  const { db, settings } = options
  const now = options.now ?? Date.now

  function enqueue(tx: Transaction, playback: PlaybackRow, action: PunchPlayAction, at: number, watched?: boolean): void {
    const eventId = randomUUID()
    const snapshot: PlaybackSnapshot = {
      playbackId: playback.id,
      deviceId: playback.deviceId,
      media: playback.media,
      positionSeconds: playback.positionSeconds,
      durationSeconds: playback.durationSeconds,
    }
    const body = buildPlaybackBody(action, snapshot, {
      eventId,
      eventCreatedAt: at,
      clientVersion: settings.clientVersion,
      ...(watched === undefined ? {} : { completion: { watched, threshold: settings.watchedThreshold } }),
    })
    tx.insert(outboxTable)
      .values({ eventId, linkId: playback.linkId, playbackId: playback.id, action, body, nextAttemptAt: now(), createdAt: now() })
      .run()
  }

  function save(tx: Transaction, playback: PlaybackRow): void {
    tx.update(playbacksTable).set(playback).where(eq(playbacksTable.id, playback.id)).run()
  }

  function decideWatched(playback: PlaybackRow): boolean {
    if (playback.completed) return true
    if (playback.durationSeconds === null || playback.durationSeconds <= 0) return false
    return playback.positionSeconds / playback.durationSeconds >= settings.watchedThreshold
  }

  /** Close a playback: stop at `positionSeconds` (or its estimate) with completion decided. */
  function stop(tx: Transaction, playback: PlaybackRow, at: number, positionSeconds: number | undefined): void {
    playback.positionSeconds = positionSeconds ?? estimatePosition(playback, at)
    playback.positionAt = at
    playback.state = 'stopped'
    playback.stoppedAt = at
    enqueue(tx, playback, 'stop', at, decideWatched(playback))
    save(tx, playback)
  }

  function start(tx: Transaction, event: PlaybackEvent, linkId: number, playerKey: string): PlaybackRow {
    const at = event.occurredAt
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
      positionAt: at,
      durationSeconds: event.item.durationSeconds ?? null,
      completed: event.completed === true,
      startedAt: at,
      lastEventAt: at,
      lastProgressAt: at,
      stoppedAt: null,
    }
    tx.insert(playbacksTable).values(playback).run()
    enqueue(tx, playback, 'start', at)
    return playback
  }

  function applyInTransaction(tx: Transaction, event: PlaybackEvent, linkId: number): TrackResult {
    const at = event.occurredAt
    const playerKey = playerKeyOf(event)
    const actions: PunchPlayAction[] = []

    let open = tx
      .select()
      .from(playbacksTable)
      .where(and(eq(playbacksTable.playerKey, playerKey), ne(playbacksTable.state, 'stopped')))
      .orderBy(desc(playbacksTable.startedAt))
      .get()

    // A different item on the same player: the old playback ended (autoplay, a queue, or a
    // lost stop). Close it first so its watch is decided before the new one starts.
    if (open !== undefined && open.itemKey !== event.item.itemKey) {
      stop(tx, open, at, undefined)
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

      // A stop or completion for a playback already stopped is a repeat, not a new playback.
      // Marking watched an item whose last playback stopped short of completion is not.
      const repeated =
        event.kind === 'stop' || event.kind === 'scrobble' || (event.kind === 'watched' && latest?.completed === true)
      if (sameItemStopped && repeated) {
        return actions.length > 0
          ? { outcome: 'accepted', playbackId: latest.id, actions }
          : { outcome: 'ignored', playbackId: latest.id, reason: `${event.kind} for a playback that already stopped` }
      }

      // No open playback: this event begins one. A pause, resume, progress or stop whose
      // play was lost still produces the start PunchPlay needs.
      open = start(tx, event, linkId, playerKey)
      actions.push('start')
      if (event.kind === 'watched') {
        // A manual mark has no playback behind it: record one that ran to the end.
        open.completed = true
        stop(tx, open, at, open.durationSeconds ?? event.positionSeconds)
        actions.push('stop')
        return { outcome: 'accepted', playbackId: open.id, actions }
      }
      const startsPlaying = event.kind === 'play' || event.kind === 'resume' || (event.kind === 'progress' && event.paused !== true)
      if (startsPlaying) return { outcome: 'accepted', playbackId: open.id, actions }
    }

    const playback = open
    const wasPlaying = playback.state === 'playing'
    if (event.item.durationSeconds !== undefined) playback.durationSeconds = event.item.durationSeconds
    playback.lastEventAt = Math.max(playback.lastEventAt, at)
    if (event.completed === true) playback.completed = true

    switch (event.kind) {
      case 'play':
      case 'resume': {
        updatePosition(playback, event, at)
        if (wasPlaying) return ignored(tx, playback, actions, `${event.kind} while already playing`)
        playback.state = 'playing'
        enqueue(tx, playback, 'resume', at)
        actions.push('resume')
        break
      }
      case 'pause': {
        updatePosition(playback, event, at)
        if (!wasPlaying) return ignored(tx, playback, actions, 'pause while already paused')
        playback.state = 'paused'
        enqueue(tx, playback, 'pause', at)
        actions.push('pause')
        break
      }
      case 'progress': {
        updatePosition(playback, event, at)

        // Sources without pause events report the paused state on every tick instead.
        if (event.paused === true && wasPlaying) {
          playback.state = 'paused'
          enqueue(tx, playback, 'pause', at)
          actions.push('pause')
          break
        }
        if (event.paused === false && !wasPlaying) {
          playback.state = 'playing'
          playback.lastProgressAt = at
          enqueue(tx, playback, 'resume', at)
          actions.push('resume')
          break
        }

        const due = playback.lastProgressAt === null || at - playback.lastProgressAt >= settings.progressIntervalMs
        if (!wasPlaying || !due) return ignored(tx, playback, actions, wasPlaying ? 'progress throttled' : 'progress while paused')
        playback.lastProgressAt = at
        enqueue(tx, playback, 'progress', at)
        actions.push('progress')
        break
      }
      case 'scrobble':
      case 'watched': {
        updatePosition(playback, event, at)
        playback.completed = true
        save(tx, playback)
        return { outcome: 'accepted', playbackId: playback.id, actions }
      }
      case 'stop': {
        stop(tx, playback, at, event.positionSeconds)
        actions.push('stop')
        return { outcome: 'accepted', playbackId: playback.id, actions }
      }
    }

    save(tx, playback)
    return { outcome: 'accepted', playbackId: playback.id, actions }
  }

  function ignored(tx: Transaction, playback: PlaybackRow, actions: PunchPlayAction[], reason: string): TrackResult {
    save(tx, playback)
    if (actions.length > 0) return { outcome: 'accepted', playbackId: playback.id, actions }
    return { outcome: 'ignored', playbackId: playback.id, reason }
  }

  return {
    apply(event, linkId, tx) {
      if (tx !== undefined) return applyInTransaction(tx, event, linkId)
      return db.transaction((inner) => applyInTransaction(inner, event, linkId))
    },

    sweepStale() {
      const cutoff = now() - settings.staleAfterMs
      return db.transaction((tx) => {
        const stale = tx
          .select()
          .from(playbacksTable)
          .where(and(ne(playbacksTable.state, 'stopped'), lt(playbacksTable.lastEventAt, cutoff)))
          .orderBy(asc(playbacksTable.lastEventAt))
          .all()
        // The player went away without a stop (crash, TV switched off). The stop is dated at
        // the last event, not now, and carries the position reached by then.
        for (const playback of stale) stop(tx, playback, playback.lastEventAt, undefined)
        return stale.length
      })
    },
  }
}

/** Where the playhead is at `at`: it moves with the wall clock while playing, up to the duration. */
export function estimatePosition(playback: Pick<PlaybackRow, 'state' | 'positionSeconds' | 'positionAt' | 'durationSeconds'>, at: number): number {
  const elapsed = playback.state === 'playing' ? Math.max(0, at - playback.positionAt) / 1000 : 0
  const estimate = playback.positionSeconds + elapsed
  return playback.durationSeconds === null ? estimate : Math.min(estimate, playback.durationSeconds)
}

function updatePosition(playback: PlaybackRow, event: PlaybackEvent, at: number): void {
  playback.positionSeconds = event.positionSeconds ?? estimatePosition(playback, at)
  playback.positionAt = at
}

function playerKeyOf(event: PlaybackEvent): string {
  return [event.source, event.serverId, event.player.id, toUserKey(event.user.name)].join('|')
}

/** A stable, opaque `device_id` per player: the same player always maps to the same id. */
function deviceIdOf(event: PlaybackEvent): string {
  const digest = createHash('sha256').update(`${event.source}|${event.serverId}|${event.player.id}`).digest('hex')
  return `${event.source}-${digest.slice(0, 20)}`
}
