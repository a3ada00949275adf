/**
 * Ingest: what happens to an adapter's result. It finds the link of the event's user, lets the
 * tracker decide the PunchPlay calls, and records the outcome, all in one SQLite transaction
 * committed before the webhook is answered.
 */
import { lte, max } from 'drizzle-orm'
import type { Logger } from 'pino'

import type { AdapterResult, SourceKind } from './events.js'
import { findLinkIdForUser, recordSeenUser } from './links.js'
import type { BridgeDatabase } from './storage/database.js'
import { webhookLogTable } from './storage/schema.js'
import type { Tracker } from './tracker.js'
import type { PunchPlayAction } from './storage/schema.js'

/** Pruning the outcome log on every insert would cost a query per webhook; every 100th is enough. */
const PRUNE_EVERY = 100

export type IngestOutcome =
  | { outcome: 'accepted'; event: string; user: string; playbackId: string; actions: PunchPlayAction[] }
  | { outcome: 'ignored'; event: string; user?: string; reason: string; playbackId?: string }
  | { outcome: 'unmapped'; event: string; user: string; reason: string }
  | { outcome: 'invalid'; reason: string }

export interface IngestOptions {
  db: BridgeDatabase
  tracker: Tracker
  logger: Logger
  /** How many webhook outcomes to keep. */
  keepOutcomes: number
  /** Called after a commit that queued PunchPlay calls. */
  onQueued: () => void
}

export type Ingest = (source: SourceKind, result: AdapterResult, receivedAt: number) => IngestOutcome

export function createIngest(options: IngestOptions): Ingest {
  const { db, tracker, logger } = options
  let insertsSincePrune = 0

  function decide(source: SourceKind, result: AdapterResult, receivedAt: number): IngestOutcome {
    if (!result.ok) return result.outcome === 'invalid' ? { outcome: 'invalid', reason: result.reason } : result

    const { event } = result
    const eventName = event.kind
    const linkId = findLinkIdForUser(db, source, event.user.id === undefined ? [event.user.name] : [event.user.name, event.user.id])
    recordSeenUser(db, source, event.user.name, linkId === undefined, receivedAt)

    if (linkId === undefined) {
      return {
        outcome: 'unmapped',
        event: eventName,
        user: event.user.name,
        reason: `${source} user "${event.user.name}" is not mapped to a PunchPlay link`,
      }
    }

    const tracked = tracker.apply(event, linkId)
    if (tracked.outcome === 'ignored') {
      return { outcome: 'ignored', event: eventName, user: event.user.name, reason: tracked.reason, playbackId: tracked.playbackId ?? '' }
    }
    return { outcome: 'accepted', event: eventName, user: event.user.name, playbackId: tracked.playbackId, actions: tracked.actions }
  }

  function record(source: SourceKind, outcome: IngestOutcome, receivedAt: number): void {
    db.insert(webhookLogTable)
      .values({
        receivedAt,
        source,
        event: 'event' in outcome ? outcome.event : null,
        user: 'user' in outcome ? (outcome.user ?? null) : null,
        outcome: outcome.outcome,
        reason: 'reason' in outcome ? outcome.reason : `sent ${outcome.actions.join(', ') || 'nothing new'}`,
        playbackId: 'playbackId' in outcome ? (outcome.playbackId ?? null) : null,
      })
      .run()

    insertsSincePrune += 1
    if (insertsSincePrune >= PRUNE_EVERY) {
      insertsSincePrune = 0
      const newest = db.select({ id: max(webhookLogTable.id) }).from(webhookLogTable).get()?.id ?? 0
      db.delete(webhookLogTable).where(lte(webhookLogTable.id, newest - options.keepOutcomes)).run()
    }
  }

  return (source, result, receivedAt) => {
    const outcome = db.transaction(() => {
      const decided = decide(source, result, receivedAt)
      record(source, decided, receivedAt)
      return decided
    })

    logOutcome(logger, source, outcome)
    if (outcome.outcome === 'accepted' && outcome.actions.length > 0) options.onQueued()
    return outcome
  }
}

function logOutcome(logger: Logger, source: SourceKind, outcome: IngestOutcome): void {
  const fields = { source, ...outcome }
  switch (outcome.outcome) {
    case 'accepted':
      logger.info(fields, 'webhook accepted')
      break
    case 'unmapped':
      logger.info(fields, 'webhook dropped: user not mapped')
      break
    case 'ignored':
      logger.info(fields, 'webhook ignored')
      break
    case 'invalid':
      logger.warn(fields, 'webhook rejected as invalid')
      break
  }
}
