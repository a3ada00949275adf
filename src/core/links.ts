/**
 * Linked PunchPlay accounts and the media-server users each one stands for.
 */
import { and, asc, eq, sql } from 'drizzle-orm'

import { BridgeError } from './errors.js'
import { SOURCE_KINDS, type SourceKind } from './events.js'
import type { TokenResponse } from './punchplay/client.js'
import type { BridgeDatabase } from './storage/database.js'
import { identitiesTable, linksTable, outboxTable, seenUsersTable } from './storage/schema.js'

export interface Identity {
  source: SourceKind
  /** User name (or id, for sources that have one) as the operator typed it. */
  user: string
}

/** A link as shown to the operator: never its tokens. */
export interface LinkSummary {
  id: number
  username: string | null
  state: 'active' | 'needs_relink'
  stateReason: string | null
  /** Set while deliveries wait after a token refresh failed for a transient reason. */
  holdUntil: number | null
  identities: Identity[]
  createdAt: number
  lastDeliveryAt: number | null
}

/** Normalize a user name for matching: Plex titles can differ in case and outer spaces. */
export function toUserKey(user: string): string {
  return user.trim().toLowerCase()
}

/**
 * Parse `source:user` as typed on the command line, e.g. `plex:Mia Tanaka`.
 *
 * @throws BridgeError invalid_request with the accepted sources when it cannot be read.
 */
export function parseIdentity(text: string): Identity {
  const colon = text.indexOf(':')
  const source = colon === -1 ? '' : text.slice(0, colon).trim().toLowerCase()
  const user = colon === -1 ? '' : text.slice(colon + 1).trim()

  if (!isSourceKind(source) || user === '') {
    throw new BridgeError(
      'invalid_request',
      `Invalid user mapping "${text}": expected <source>:<user> with source one of ${SOURCE_KINDS.join(', ')}, e.g. plex:alice`,
    )
  }
  return { source, user }
}

function isSourceKind(value: string): value is SourceKind {
  return (SOURCE_KINDS as readonly string[]).includes(value)
}

/** Store a newly approved account with its identities, in one transaction. */
export function createLink(db: BridgeDatabase, tokens: TokenResponse, identities: Identity[], nowMs: number): number {
  return db.transaction((tx) => {
    const row = tx
      .insert(linksTable)
      .values({
        username: tokens.username ?? null,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        accessExpiresAt: nowMs + tokens.expires_in * 1000,
        refreshExpiresAt: expiryOf(tokens.refresh_expires_in, nowMs),
        scope: tokens.scope,
        createdAt: nowMs,
        updatedAt: nowMs,
      })
      .returning({ id: linksTable.id })
      .get()

    for (const identity of identities) insertIdentity(tx, row.id, identity)
    return row.id
  })
}

/** Map one more media-server user to an existing link. */
export function addIdentity(db: BridgeDatabase, linkId: number, identity: Identity): void {
  db.transaction((tx) => {
    const link = tx.select({ id: linksTable.id }).from(linksTable).where(eq(linksTable.id, linkId)).get()
    if (link === undefined) throw new BridgeError('not_found', `Link ${linkId} not found. See the ids with: punchplay-bridge links`)
    insertIdentity(tx, linkId, identity)
  })
}

type Transaction = Parameters<Parameters<BridgeDatabase['transaction']>[0]>[0]

function insertIdentity(tx: Transaction, linkId: number, identity: Identity): void {
  const userKey = toUserKey(identity.user)
  const existing = tx
    .select({ linkId: identitiesTable.linkId })
    .from(identitiesTable)
    .where(and(eq(identitiesTable.source, identity.source), eq(identitiesTable.userKey, userKey)))
    .get()

  if (existing?.linkId === linkId) return
  if (existing !== undefined) throw identityTaken(identity, existing.linkId)
  tx.insert(identitiesTable).values({ linkId, source: identity.source, userKey, display: identity.user.trim() }).run()
}

/**
 * Check, before a device flow starts, that the identities can be mapped (to `linkId`, or to a
 * new link) and that `linkId` exists, so that a code is never approved only to fail afterwards.
 *
 * @throws BridgeError not_found or invalid_request with the fix.
 */
export function checkLinkRequest(db: BridgeDatabase, identities: Identity[], linkId?: number): void {
  if (linkId !== undefined) {
    const link = db.select({ id: linksTable.id }).from(linksTable).where(eq(linksTable.id, linkId)).get()
    if (link === undefined) throw new BridgeError('not_found', `Link ${linkId} not found. See the ids with: punchplay-bridge links`)
  }
  for (const identity of identities) {
    const existing = db
      .select({ linkId: identitiesTable.linkId })
      .from(identitiesTable)
      .where(and(eq(identitiesTable.source, identity.source), eq(identitiesTable.userKey, toUserKey(identity.user))))
      .get()
    if (existing !== undefined && existing.linkId !== linkId) throw identityTaken(identity, existing.linkId)
  }
}

function identityTaken(identity: Identity, linkId: number): BridgeError {
  return new BridgeError(
    'invalid_request',
    `${identity.source}:${identity.user} is already mapped to link ${linkId}; a user can belong to one link only. Remove it with: punchplay-bridge unmap ${identity.source}:${identity.user}`,
  )
}

/** Remove one user mapping; the link keeps its other users. */
export function removeIdentity(db: BridgeDatabase, identity: Identity): void {
  const result = db
    .delete(identitiesTable)
    .where(and(eq(identitiesTable.source, identity.source), eq(identitiesTable.userKey, toUserKey(identity.user))))
    .run()
  if (result.changes === 0) {
    throw new BridgeError('not_found', `${identity.source}:${identity.user} is not mapped to any link. See the mappings with: punchplay-bridge links`)
  }
}

/**
 * Replace the tokens of a link after a new device flow and make it active again. Its waiting
 * outbox rows become due at once, so delivery resumes without waiting out a backoff.
 */
export function relink(db: BridgeDatabase, linkId: number, tokens: TokenResponse, nowMs: number): void {
  db.transaction((tx) => {
    renewTokens(tx, linkId, tokens, nowMs)
    tx.update(outboxTable)
      .set({ nextAttemptAt: nowMs })
      .where(and(eq(outboxTable.linkId, linkId), eq(outboxTable.status, 'pending')))
      .run()
  })
}

function renewTokens(tx: Transaction, linkId: number, tokens: TokenResponse, nowMs: number): void {
  const result = tx
    .update(linksTable)
    .set({
      username: tokens.username ?? null,
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      accessExpiresAt: nowMs + tokens.expires_in * 1000,
      refreshExpiresAt: expiryOf(tokens.refresh_expires_in, nowMs),
      scope: tokens.scope,
      state: 'active',
      stateReason: null,
      holdUntil: null,
      updatedAt: nowMs,
    })
    .where(eq(linksTable.id, linkId))
    .run()
  if (result.changes === 0) throw new BridgeError('not_found', `Link ${linkId} not found. See the ids with: punchplay-bridge links`)
}

export function removeLink(db: BridgeDatabase, linkId: number): void {
  const result = db.delete(linksTable).where(eq(linksTable.id, linkId)).run()
  if (result.changes === 0) throw new BridgeError('not_found', `Link ${linkId} not found. See the ids with: punchplay-bridge links`)
}

export function listLinks(db: BridgeDatabase): LinkSummary[] {
  const links = db
    .select({
      id: linksTable.id,
      username: linksTable.username,
      state: linksTable.state,
      stateReason: linksTable.stateReason,
      holdUntil: linksTable.holdUntil,
      createdAt: linksTable.createdAt,
      lastDeliveryAt: linksTable.lastDeliveryAt,
    })
    .from(linksTable)
    .orderBy(asc(linksTable.id))
    .all()
  const identities = db.select().from(identitiesTable).orderBy(asc(identitiesTable.id)).all()

  return links.map((link) => ({
    ...link,
    identities: identities
      .filter((identity) => identity.linkId === link.id)
      .map((identity) => ({ source: identity.source as SourceKind, user: identity.display })),
  }))
}

/** Find the link a media-server user is mapped to, or undefined: there is no default link. */
export function findLinkIdForUser(db: BridgeDatabase, source: SourceKind, userNames: string[]): number | undefined {
  for (const name of userNames) {
    const row = db
      .select({ linkId: identitiesTable.linkId })
      .from(identitiesTable)
      .where(and(eq(identitiesTable.source, source), eq(identitiesTable.userKey, toUserKey(name))))
      .get()
    if (row !== undefined) return row.linkId
  }
  return undefined
}

/** Count an event from a media-server user, and whether it was dropped for lack of a mapping. */
export function recordSeenUser(db: BridgeDatabase, source: SourceKind, user: string, dropped: boolean, nowMs: number): void {
  const dropIncrement = dropped ? 1 : 0
  db.insert(seenUsersTable)
    .values({ source, userKey: toUserKey(user), display: user, eventCount: 1, droppedCount: dropIncrement, lastSeenAt: nowMs })
    .onConflictDoUpdate({
      target: [seenUsersTable.source, seenUsersTable.userKey],
      set: {
        display: user,
        eventCount: sql`${seenUsersTable.eventCount} + 1`,
        droppedCount: sql`${seenUsersTable.droppedCount} + ${dropIncrement}`,
        lastSeenAt: nowMs,
      },
    })
    .run()
}

function expiryOf(seconds: number | null | undefined, nowMs: number): number | null {
  // 0 or absent means PunchPlay gave no lifetime, so the refresh token is kept until rejected.
  return seconds === undefined || seconds === null || seconds <= 0 ? null : nowMs + seconds * 1000
}
