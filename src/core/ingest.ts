/**
 * Ingest: the handling of an adapter's result. It finds the link of the event's user, lets the
 * tracker decide the PunchPlay calls, and records the outcome, all in one SQLite transaction
 * committed before the webhook gets its response.
 */
import { lte, max, sql } from 'drizzle-orm'
import type { Logger } from 'pino'

import type { AdapterResult, SourceKind } from './events.js'
import { findLinkIdForUser, recordSeenUser } from './links.js'
import { findFilterReason, type SourcePolicy } from './policy.js'
import type { BridgeDatabase } from './storage/database.js'
import { payloadLogTable, webhookLogTable } from './storage/schema.js'
import { redactPayload, redactText } from './redact.js'
import type { Tracker } from './tracker.js'
import type { PunchPlayAction } from './storage/schema.js'

/** Pruning the logs on every insert would cost a query per webhook; every 100th is enough. */
const PRUNE_EVERY = 100
/** Maximum body length kept in the payload log, in characters. The Plex poster part is never logged. */
const MAX_LOGGED_BODY = 64 * 1024

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
  /** How many raw payloads to keep per source; 0 keeps none. */
  keepPayloads: number
  /** Called after a commit that queued PunchPlay calls. */
  onQueued: () => void
  /** The filters and threshold of a source, read on every event. */
  policy: (source: SourceKind) => SourcePolicy
}

/** The payload as received: parsed JSON, or the text when it was not JSON. */
export interface RawPayload {
  body: unknown
  contentType?: string | undefined
}

export type Ingest = (source: SourceKind, result: AdapterResult, receivedAt: number, raw?: RawPayload) => IngestOutcome

export function createIngest(options: IngestOptions): Ingest {
  const { db, tracker, logger } = options
  let insertsSincePrune = 0
  const payloadsSincePrune = new Map<SourceKind, number>()

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

    const filtered = findFilterReason(event, options.policy(source))
    if (filtered !== undefined) return { outcome: 'ignored', event: eventName, user: event.user.name, reason: `filtered: ${filtered}` }

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
        reason: 'reason' in outcome ? outcome.reason : `queued ${outcome.actions.join(', ') || 'nothing new'}`,
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

  function recordPayload(source: SourceKind, raw: RawPayload, outcome: IngestOutcome, receivedAt: number): void {
    if (options.keepPayloads === 0) return

    const text = typeof raw.body === 'string' ? redactText(raw.body) : JSON.stringify(redactPayload(raw.body))
    db.insert(payloadLogTable)
      .values({
        source,
        receivedAt,
        contentType: raw.contentType ?? null,
        body: text.length > MAX_LOGGED_BODY ? `${text.slice(0, MAX_LOGGED_BODY)}…[truncated]` : text,
        outcome: outcome.outcome,
        reason: describeForPayloadLog(outcome),
      })
      .run()

    const count = (payloadsSincePrune.get(source) ?? 0) + 1
    payloadsSincePrune.set(source, count)
    if (count < Math.min(PRUNE_EVERY, options.keepPayloads)) return
    payloadsSincePrune.set(source, 0)
    db.run(sql`DELETE FROM payload_log WHERE source = ${source} AND id <= (
      SELECT id FROM payload_log WHERE source = ${source} ORDER BY id DESC LIMIT 1 OFFSET ${options.keepPayloads})`)
  }

  return (source, result, receivedAt, raw) => {
    const outcome = db.transaction(() => {
      const decided = decide(source, result, receivedAt)
      record(source, decided, receivedAt)
      if (raw !== undefined) recordPayload(source, raw, decided, receivedAt)
      return decided
    })

    logOutcome(logger, source, outcome)
    if (outcome.outcome === 'accepted' && outcome.actions.length > 0) options.onQueued()
    return outcome
  }
}

/** Describe the outcome without the user's name, which the payload log redacts everywhere. */
function describeForPayloadLog(outcome: IngestOutcome): string {
  switch (outcome.outcome) {
    case 'accepted':
      return `queued ${outcome.actions.join(', ') || 'nothing new'}`
    case 'unmapped':
      return 'the user is not mapped to a PunchPlay link (see punchplay-bridge users)'
    case 'ignored':
    case 'invalid':
      return outcome.reason
  }
}

function logOutcome(logger: Logger, source: SourceKind, outcome: IngestOutcome): void {
  const fields = { source, ...outcome }
  // Kodi's events come over its JSON-RPC connection, not as webhooks.
  const label = source === 'kodi' ? 'Kodi event' : 'webhook'
  switch (outcome.outcome) {
    case 'accepted':
      logger.info(fields, `${label} accepted`)
      break
    case 'unmapped':
      logger.info(fields, `${label} dropped: user not mapped`)
      break
    case 'ignored':
      logger.info(fields, `${label} ignored`)
      break
    case 'invalid':
      logger.warn(fields, `${label} rejected as invalid`)
      break
  }
}
