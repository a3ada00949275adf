/**
 * SQLite schema. Times are UTC epoch milliseconds unless a column name says otherwise.
 * Change it here, then run `npm run db:generate` and commit the new file in migrations/.
 */
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

import type { MediaItem } from '../events.js'

export const LINK_STATES = ['active', 'needs_relink'] as const
export const PLAYBACK_STATES = ['playing', 'paused', 'stopped'] as const
/**
 * `superseded`: a queued progress made unnecessary by a newer progress or the stop of the same
 * playback. `expired`: older than the configured backlog limit when it could finally be sent.
 */
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'expired', 'discarded', 'superseded'] as const
export const PUNCHPLAY_ACTIONS = ['start', 'pause', 'resume', 'progress', 'stop'] as const
export const WEBHOOK_OUTCOMES = ['accepted', 'ignored', 'invalid', 'unmapped'] as const

export type PunchPlayAction = (typeof PUNCHPLAY_ACTIONS)[number]

/** Small key-value store for values the bridge generates once, such as the webhook token. */
export const settingsTable = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
})

/** A linked PunchPlay account and its tokens. */
export const linksTable = sqliteTable('links', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username'),
  accessToken: text('access_token').notNull(),
  refreshToken: text('refresh_token').notNull(),
  accessExpiresAt: integer('access_expires_at').notNull(),
  refreshExpiresAt: integer('refresh_expires_at'),
  scope: text('scope').notNull(),
  state: text('state', { enum: LINK_STATES }).notNull().default('active'),
  stateReason: text('state_reason'),
  /** Deliveries for this link wait until then, after a refresh failed for a transient reason. */
  holdUntil: integer('hold_until'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  lastDeliveryAt: integer('last_delivery_at'),
})

/**
 * A media-server user that a link stands for. One user of a source maps to at most one
 * link, so an event can never be credited to two accounts.
 */
export const identitiesTable = sqliteTable(
  'identities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    linkId: integer('link_id')
      .notNull()
      .references(() => linksTable.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    /** Lower-cased user name or id, as events are matched. */
    userKey: text('user_key').notNull(),
    /** The name as the operator typed it. */
    display: text('display').notNull(),
  },
  (table) => [uniqueIndex('identities_source_user').on(table.source, table.userKey)],
)

/** Every media-server user the bridge has seen, so unmapped ones can be found and mapped. */
export const seenUsersTable = sqliteTable(
  'seen_users',
  {
    source: text('source').notNull(),
    userKey: text('user_key').notNull(),
    display: text('display').notNull(),
    eventCount: integer('event_count').notNull().default(0),
    /** Events dropped because no link maps this user. */
    droppedCount: integer('dropped_count').notNull().default(0),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.source, table.userKey] })],
)

/**
 * One playback of one item by one user on one player. Its id is the `playback_session_id`
 * sent to PunchPlay, so it must survive restarts.
 */
export const playbacksTable = sqliteTable(
  'playbacks',
  {
    id: text('id').primaryKey(),
    linkId: integer('link_id')
      .notNull()
      .references(() => linksTable.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    /** source, server, player and user joined: the tracker keeps one open playback per key. */
    playerKey: text('player_key').notNull(),
    itemKey: text('item_key').notNull(),
    deviceId: text('device_id').notNull(),
    media: text('media', { mode: 'json' }).$type<MediaItem>().notNull(),
    state: text('state', { enum: PLAYBACK_STATES }).notNull(),
    positionSeconds: real('position_seconds').notNull().default(0),
    /** When `position_seconds` was true; while playing, the position grows from here. */
    positionAt: integer('position_at').notNull(),
    durationSeconds: real('duration_seconds'),
    completed: integer('completed', { mode: 'boolean' }).notNull().default(false),
    startedAt: integer('started_at').notNull(),
    lastEventAt: integer('last_event_at').notNull(),
    lastProgressAt: integer('last_progress_at'),
    stoppedAt: integer('stopped_at'),
  },
  (table) => [
    // The tracker's lookup: the newest playback on a player, open or not.
    index('playbacks_player_key').on(table.playerKey, table.startedAt),
    // The stale sweep: open playbacks by last event.
    index('playbacks_state_last_event').on(table.state, table.lastEventAt),
  ],
)

/** Durable queue of PunchPlay calls; `id` order is the send order within a playback. */
export const outboxTable = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Sent as `event_id`; the same on every retry so PunchPlay can dedupe. */
    eventId: text('event_id').notNull().unique(),
    linkId: integer('link_id').notNull(),
    playbackId: text('playback_id').notNull(),
    action: text('action', { enum: PUNCHPLAY_ACTIONS }).notNull(),
    body: text('body', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    requestId: text('request_id'),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (table) => [
    // The worker's scan: pending rows in order.
    index('outbox_status_id').on(table.status, table.id),
    index('outbox_playback').on(table.playbackId, table.id),
  ],
)

/** The outcome of each received webhook, for the operator; pruned to a configured count. */
export const webhookLogTable = sqliteTable(
  'webhook_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    receivedAt: integer('received_at').notNull(),
    source: text('source').notNull(),
    event: text('event'),
    user: text('user'),
    outcome: text('outcome', { enum: WEBHOOK_OUTCOMES }).notNull(),
    reason: text('reason'),
    playbackId: text('playback_id'),
  },
  (table) => [index('webhook_log_received').on(table.receivedAt)],
)

/**
 * The latest raw payloads per source, redacted, with how each was handled: what an operator
 * looks at first when a media server sends something unexpected. Pruned per source.
 */
export const payloadLogTable = sqliteTable(
  'payload_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    source: text('source').notNull(),
    receivedAt: integer('received_at').notNull(),
    contentType: text('content_type'),
    /** Redacted JSON, or redacted text when the body was not JSON; truncated to 64 KiB. */
    body: text('body').notNull(),
    outcome: text('outcome', { enum: WEBHOOK_OUTCOMES }).notNull(),
    reason: text('reason'),
  },
  // The pruning and `payloads --source` queries: newest rows of one source.
  (table) => [index('payload_log_source_id').on(table.source, table.id)],
)

/**
 * Show-level ids fetched from a media server's own API for episodes whose payload carries only
 * episode ids. `ids` is `{}` when the server had none, so the lookup is not repeated at once.
 */
export const showIdsTable = sqliteTable(
  'show_ids',
  {
    source: text('source').notNull(),
    serverId: text('server_id').notNull(),
    showKey: text('show_key').notNull(),
    ids: text('ids', { mode: 'json' }).$type<{ imdb?: string; tmdb?: number; tvdb?: number; anidb?: number }>().notNull(),
    year: integer('year'),
    fetchedAt: integer('fetched_at').notNull(),
  },
  (table) => [primaryKey({ columns: [table.source, table.serverId, table.showKey] })],
)

// ---- Web setup page ----
// The admin password hash, the PunchPlay app credentials entered on the page and the page's
// setting overrides live in `settings`. Only logins need a table of their own.

/**
 * A logged-in browser or script of the setup page. The cookie contains a random token, and only
 * its SHA-256 is stored, so a copy of the database does not log anyone in.
 */
export const adminSessionsTable = sqliteTable(
  'admin_sessions',
  {
    /** SHA-256 of the session token, hex. */
    tokenHash: text('token_hash').primaryKey(),
    /** Sent back in `X-CSRF-Token` with every state-changing request of this session. */
    csrfToken: text('csrf_token').notNull(),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  // Expired sessions are deleted by expiry.
  (table) => [index('admin_sessions_expires').on(table.expiresAt)],
)

export const schema = {
  settingsTable,
  linksTable,
  identitiesTable,
  seenUsersTable,
  playbacksTable,
  outboxTable,
  webhookLogTable,
  payloadLogTable,
  showIdsTable,
  adminSessionsTable,
}

