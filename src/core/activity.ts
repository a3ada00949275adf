/**
 * Read-only views of what the bridge has received, for the CLI and the web page.
 */
import { and, desc, eq } from 'drizzle-orm'

import type { SourceKind } from './events.js'
import type { BridgeDatabase } from './storage/database.js'
import { identitiesTable, payloadLogTable, seenUsersTable } from './storage/schema.js'

export interface SeenUser {
  source: SourceKind
  user: string
  eventCount: number
  droppedCount: number
  lastSeenAt: number
  /** The link this user is mapped to, or null when their events are dropped. */
  linkId: number | null
}

/** Every media-server user seen, newest first, with the link each one is mapped to. */
export function listSeenUsers(db: BridgeDatabase, source?: SourceKind): SeenUser[] {
  const rows = db
    .select({
      source: seenUsersTable.source,
      user: seenUsersTable.display,
      eventCount: seenUsersTable.eventCount,
      droppedCount: seenUsersTable.droppedCount,
      lastSeenAt: seenUsersTable.lastSeenAt,
      linkId: identitiesTable.linkId,
    })
    .from(seenUsersTable)
    .leftJoin(identitiesTable, and(eq(identitiesTable.source, seenUsersTable.source), eq(identitiesTable.userKey, seenUsersTable.userKey)))
    .where(source === undefined ? undefined : eq(seenUsersTable.source, source))
    .orderBy(desc(seenUsersTable.lastSeenAt))
    .all()
  return rows.map((row) => ({ ...row, source: row.source as SourceKind }))
}

export type LoggedPayload = typeof payloadLogTable.$inferSelect

/** The newest `last` payloads of a source, newest first. */
export function listPayloads(db: BridgeDatabase, source: SourceKind, last: number): LoggedPayload[] {
  return db.select().from(payloadLogTable).where(eq(payloadLogTable.source, source)).orderBy(desc(payloadLogTable.id)).limit(last).all()
}
