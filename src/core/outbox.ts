/**
 * The delivery worker: sends queued PunchPlay calls from the `outbox` table.
 *
 * Rows of one playback go strictly in id order: only the oldest pending row of a playback is
 * ever in flight, so a failed `start` holds back that playback's `stop` until it succeeds.
 * Rows are marked sent only after PunchPlay answered 2xx; a crash in between re-sends the
 * row with the same `event_id`, which PunchPlay dedupes.
 */
import { and, eq, lt, sql } from 'drizzle-orm'
import PQueue from 'p-queue'
import type { Logger } from 'pino'

import type { PunchPlayClient } from './punchplay/client.js'
import { isPunchPlayHttpError, requestIdOf } from './punchplay/errors.js'
import { classifyFailure, computeRetryDelayMs } from './punchplay/retry-timing.js'
import type { BridgeDatabase } from './storage/database.js'
import { linksTable, outboxTable } from './storage/schema.js'
import { LinkUnavailableError, type TokenManager } from './tokens.js'

/** Calls in flight at once, across all playbacks. */
const CONCURRENCY = 4
/** At most this many calls start per second, so a backlog replay does not hit PunchPlay's rate limit. */
const DEFAULT_CALLS_PER_SECOND = 5
/** Pending rows are looked for at least this often, to pick up links re-linked by another process. */
const RESCAN_INTERVAL_MS = 30_000
/** How long a link that needs re-linking waits before its rows are looked at again. */
const RELINK_WAIT_MS = 5 * 60_000
const HEADS_PER_SCAN = 100

type OutboxRow = typeof outboxTable.$inferSelect
/** A row as the raw head query returns it: the body still JSON text. */
type StoredOutboxRow = Omit<OutboxRow, 'body'> & { body: string }

export interface OutboxOptions {
  db: BridgeDatabase
  client: PunchPlayClient
  tokens: TokenManager
  logger: Logger
  now?: () => number
  /**
   * Pending calls older than this many milliseconds are given up as `expired`; 0 keeps them
   * forever. Read on every scan.
   */
  backlogMs?: () => number
  /** Calls started per second at most; tests that replay hours of playback raise it. */
  callsPerSecond?: number
  /** Delay before retry number `attempt`; tests shorten it. Defaults to `computeRetryDelayMs`. */
  retryDelayMs?: (attempt: number, retryAfterSeconds: number | undefined) => number
}

export interface Outbox {
  /** Begin delivering. */
  start(): void
  /** New rows were committed: look for work now instead of at the next timer. */
  notify(): void
  /** Stop taking new work and wait for calls in flight, up to `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>
  /** Resolves once nothing is due and nothing is in flight (for tests and the demo). */
  whenIdle(): Promise<void>
}

export function createOutbox(options: OutboxOptions): Outbox {
  const { db, client, tokens, logger } = options
  const now = options.now ?? Date.now
  const retryDelayMs = options.retryDelayMs ?? computeRetryDelayMs
  const queue = new PQueue({ concurrency: CONCURRENCY, interval: 1000, intervalCap: options.callsPerSecond ?? DEFAULT_CALLS_PER_SECOND })
  const inFlight = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let running = false
  let idleWaiters: Array<() => void> = []

  const selectDueHeads = db.$client.prepare<[number, number, number], StoredOutboxRow>(`
    SELECT o.id, o.event_id AS eventId, o.link_id AS linkId, o.playback_id AS playbackId, o.action,
           o.body, o.status, o.attempts, o.next_attempt_at AS nextAttemptAt, o.last_error AS lastError,
           o.request_id AS requestId, o.created_at AS createdAt, o.sent_at AS sentAt
    FROM outbox o
    JOIN links l ON l.id = o.link_id
    WHERE o.status = 'pending'
      AND o.id = (SELECT MIN(p.id) FROM outbox p WHERE p.playback_id = o.playback_id AND p.status = 'pending')
      AND o.next_attempt_at <= ?
      AND l.state = 'active'
      AND (l.hold_until IS NULL OR l.hold_until <= ?)
    ORDER BY o.id
    LIMIT ?`)

  const selectNextDue = db.$client.prepare<[], { at: number | null }>(`
    SELECT MIN(o.next_attempt_at) AS at FROM outbox o JOIN links l ON l.id = o.link_id
    WHERE o.status = 'pending' AND l.state = 'active'`)

  function scan(): void {
    if (!running) return
    clearTimeout(timer)
    timer = undefined

    const at = now()
    expireBacklog(at)
    const heads = selectDueHeads.all(at, at, HEADS_PER_SCAN).filter((row) => !inFlight.has(row.playbackId))
    for (const raw of heads) {
      const row: OutboxRow = { ...raw, body: JSON.parse(raw.body) as Record<string, unknown> }
      inFlight.add(row.playbackId)
      void queue.add(async () => {
        try {
          await deliver(row)
        } catch (error) {
          logger.error({ err: error, eventId: row.eventId }, 'unexpected error while delivering an outbox row')
          postpone(row, now() + RELINK_WAIT_MS, 'unexpected error', undefined, false)
        } finally {
          inFlight.delete(row.playbackId)
          scan()
        }
      })
    }

    scheduleNextScan()
    if (inFlight.size === 0) settleIdle()
  }

  function expireBacklog(at: number): void {
    const backlogMs = options.backlogMs?.() ?? 0
    if (backlogMs <= 0) return

    const expired = db
      .update(outboxTable)
      .set({ status: 'expired', lastError: `not delivered within ${Math.round(backlogMs / 86_400_000)} days` })
      .where(and(eq(outboxTable.status, 'pending'), lt(outboxTable.createdAt, at - backlogMs)))
      .run().changes
    if (expired > 0) logger.warn({ expired }, 'gave up on PunchPlay calls older than the backlog limit (playback.backlog_days)')
  }

  function scheduleNextScan(): void {
    if (!running) return
    const next = selectNextDue.get()?.at
    const delay = next === null || next === undefined ? RESCAN_INTERVAL_MS : Math.min(Math.max(0, next - now()), RESCAN_INTERVAL_MS)
    timer = setTimeout(scan, Math.max(delay, 50))
    timer.unref()
  }

  function settleIdle(): void {
    const due = selectDueHeads.all(now(), now(), 1)
    if (due.length > 0) return
    const waiters = idleWaiters
    idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  async function deliver(row: OutboxRow): Promise<void> {
    let token: string
    try {
      token = await tokens.getAccessToken(row.linkId)
    } catch (error) {
      handleFailure(row, error)
      return
    }

    try {
      await send(row, token)
    } catch (error) {
      if (classifyFailure(error) !== 'unauthorized') {
        handleFailure(row, error)
        return
      }
      // One refresh and one retry per 401; a second 401 is retried later like any failure.
      try {
        const fresh = await tokens.refreshAfterRejection(row.linkId, token)
        await send(row, fresh)
      } catch (retryError) {
        handleFailure(row, retryError)
      }
    }
  }

  async function send(row: OutboxRow, token: string): Promise<void> {
    const { response, requestId } = await client.sendPlayback(token, row.action, row.body)
    const sentAt = now()
    db.transaction((tx) => {
      tx.update(outboxTable)
        .set({ status: 'sent', sentAt, requestId: requestId ?? null, attempts: row.attempts + 1, lastError: null })
        .where(eq(outboxTable.id, row.id))
        .run()
      tx.update(linksTable).set({ lastDeliveryAt: sentAt }).where(eq(linksTable.id, row.linkId)).run()
    })
    logger.info(
      {
        linkId: row.linkId,
        playbackId: row.playbackId,
        action: row.action,
        eventId: row.eventId,
        requestId,
        ...(response.deduped === true ? { deduped: true } : {}),
        ...(response.ignored ? { ignored: response.ignored } : {}),
      },
      `sent ${row.action} to PunchPlay`,
    )
  }

  function handleFailure(row: OutboxRow, error: unknown): void {
    if (error instanceof LinkUnavailableError) {
      // The token manager has logged why; the rows wait for the link without using up attempts.
      postpone(row, error.retryAt ?? now() + RELINK_WAIT_MS, error.message, undefined, false)
      return
    }

    const requestId = requestIdOf(error)
    const message = error instanceof Error ? error.message : String(error)
    const context = { linkId: row.linkId, playbackId: row.playbackId, action: row.action, eventId: row.eventId, requestId, attempt: row.attempts + 1 }

    if (classifyFailure(error) === 'permanent') {
      db.update(outboxTable)
        .set({ status: 'failed', attempts: row.attempts + 1, lastError: message, requestId: requestId ?? null })
        .where(eq(outboxTable.id, row.id))
        .run()
      logger.error({ ...context, err: message }, `PunchPlay rejected ${row.action}; it will not be retried`)
      return
    }

    const retryAfter = isPunchPlayHttpError(error) ? error.retryAfterSeconds : undefined
    const retryAt = now() + retryDelayMs(row.attempts + 1, retryAfter)
    postpone(row, retryAt, message, requestId, true)
    logger.warn({ ...context, err: message, retryAt: new Date(retryAt).toISOString() }, `delivering ${row.action} failed; will retry`)
  }

  function postpone(row: OutboxRow, retryAt: number, reason: string, requestId: string | undefined, countAttempt: boolean): void {
    db.update(outboxTable)
      .set({
        nextAttemptAt: retryAt,
        lastError: reason,
        ...(requestId === undefined ? {} : { requestId }),
        ...(countAttempt ? { attempts: sql`${outboxTable.attempts} + 1` } : {}),
      })
      .where(and(eq(outboxTable.id, row.id), eq(outboxTable.status, 'pending')))
      .run()
  }

  return {
    start() {
      if (running) return
      running = true
      scan()
    },

    notify() {
      scan()
    },

    async stop(timeoutMs = 5_000) {
      running = false
      clearTimeout(timer)
      queue.clear()
      // Docker waits 10 s after SIGTERM before it kills; a hung call must not use all of it.
      if (queue.pending > 0) logger.info({ inFlight: queue.pending, timeoutMs }, 'waiting for PunchPlay calls in flight before stopping')
      await Promise.race([queue.onIdle(), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())])
      const waiters = idleWaiters
      idleWaiters = []
      for (const resolve of waiters) resolve()
    },

    whenIdle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve)
        if (inFlight.size === 0) settleIdle()
      })
    },
  }
}
