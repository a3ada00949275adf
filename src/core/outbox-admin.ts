/**
 * What the setup page shows of the outbox, and the two things it can do to a call that
 * PunchPlay rejected for good: queue it again, or discard it. The delivery worker itself
 * lives in outbox.ts and is told about a retried call through `Outbox.notify()`.
 */
import { and, desc, eq, inArray, min, sql } from 'drizzle-orm'

import { BridgeError } from './errors.js'
import type { BridgeDatabase } from './storage/database.js'
import { OUTBOX_STATUSES, outboxTable, type PunchPlayAction } from './storage/schema.js'

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]

/** Statuses that end a call without delivery; the page offers retry and discard for them. */
const RETRYABLE: readonly OutboxStatus[] = ['failed', 'expired']

export interface OutboxCall {
  id: number
  linkId: number
  playbackId: string
  action: PunchPlayAction
  status: OutboxStatus
  /** The item's title from the queued body, for people reading the list. */
  title: string | null
  attempts: number
  nextAttemptAt: number
  lastError: string | null
  /** PunchPlay's `X-PunchPlay-Request-Id` of the latest attempt. */
  requestId: string | null
  createdAt: number
  sentAt: number | null
}

export interface OutboxSummary {
  pending: number
  /** When the earliest pending call is due, or null with nothing pending. */
  nextAttemptAt: number | null
  failed: number
  expired: number
}

export function summarizeOutbox(db: BridgeDatabase): OutboxSummary {
  const counts = db
    .select({ status: outboxTable.status, count: sql<number>`count(*)` })
    .from(outboxTable)
    .where(inArray(outboxTable.status, ['pending', 'failed', 'expired']))
    .groupBy(outboxTable.status)
    .all()
  const next = db.select({ at: min(outboxTable.nextAttemptAt) }).from(outboxTable).where(eq(outboxTable.status, 'pending')).get()
  const countOf = (status: OutboxStatus) => counts.find((row) => row.status === status)?.count ?? 0

  return { pending: countOf('pending'), nextAttemptAt: next?.at ?? null, failed: countOf('failed'), expired: countOf('expired') }
}

/** The newest calls with one of `statuses`, newest first. */
export function listOutboxCalls(db: BridgeDatabase, statuses: readonly OutboxStatus[], limit: number): OutboxCall[] {
  const rows = db
    .select()
    .from(outboxTable)
    .where(inArray(outboxTable.status, [...statuses]))
    .orderBy(desc(outboxTable.id))
    .limit(limit)
    .all()

  return rows.map((row) => ({
    id: row.id,
    linkId: row.linkId,
    playbackId: row.playbackId,
    action: row.action,
    status: row.status,
    title: typeof row.body['title'] === 'string' ? row.body['title'] : null,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    requestId: row.requestId,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  }))
}

/**
 * Queue a failed or expired call again, due now. The caller then notifies the outbox.
 *
 * @throws BridgeError not_found for an unknown id, invalid_request for a call in another status.
 */
export function retryOutboxCall(db: BridgeDatabase, id: number, nowMs: number): void {
  requireRetryable(db, id)
  db.update(outboxTable)
    .set({ status: 'pending', nextAttemptAt: nowMs })
    .where(and(eq(outboxTable.id, id), inArray(outboxTable.status, [...RETRYABLE])))
    .run()
}

/**
 * Give up on a failed or expired call for good.
 *
 * @throws BridgeError not_found for an unknown id, invalid_request for a call in another status.
 */
export function discardOutboxCall(db: BridgeDatabase, id: number): void {
  requireRetryable(db, id)
  db.update(outboxTable)
    .set({ status: 'discarded' })
    .where(and(eq(outboxTable.id, id), inArray(outboxTable.status, [...RETRYABLE])))
    .run()
}

function requireRetryable(db: BridgeDatabase, id: number): void {
  const row = db.select({ status: outboxTable.status }).from(outboxTable).where(eq(outboxTable.id, id)).get()
  if (row === undefined) throw new BridgeError('not_found', `Outbox call ${id} not found.`)
  if (!RETRYABLE.includes(row.status)) {
    throw new BridgeError('invalid_request', `Outbox call ${id} is ${row.status}; only failed or expired calls can be retried or discarded.`)
  }
}
