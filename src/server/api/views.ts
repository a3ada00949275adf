/**
 * The data behind each page, built the same way for the JSON API and for the server-rendered
 * pages, so a script gets exactly what the page shows. None of it contains a token or secret,
 * and the webhook URLs are only built for logged-in requests.
 */
import { desc, eq, sql } from 'drizzle-orm'

import type { RemoteNowPlaying } from '../../core/admin/now-playing.js'
import { listPayloads, listSeenUsers, type SeenUser } from '../../core/activity.js'
import { SOURCE_KINDS, type MediaItem, type SourceKind } from '../../core/events.js'
import { listLinks, type LinkSummary } from '../../core/links.js'
import { listOutboxCalls, summarizeOutbox, type OutboxCall, type OutboxSummary } from '../../core/outbox-admin.js'
import type { SettingView } from '../../core/runtime-config.js'
import { linksTable, webhookLogTable } from '../../core/storage/schema.js'
import type { OpenPlayback, SetupDeps } from './deps.js'
import type { KodiHostView } from './kodi-hosts.js'

export interface WebhookBase {
  base: string
  /** True when no public URL is configured and the base comes from the request's Host. */
  fromRequest: boolean
}

export interface ReceivedEvent {
  id: number
  receivedAt: number
  source: SourceKind
  event: string | null
  user: string | null
  outcome: 'accepted' | 'ignored' | 'invalid' | 'unmapped'
  reason: string | null
}

export interface SourceView {
  source: SourceKind
  /** The transport: webhooks from the server, or the bridge's own connection to Kodi. */
  transport: 'webhook' | 'json-rpc'
  /** False when this build has no receiver for the source yet. */
  supported: boolean
  /** Only for logged-in requests; contains the webhook token. */
  webhookUrl: string | null
  lastReceived: ReceivedEvent | null
  /** Whether a pasted payload of this source can be checked. */
  canCheckPayload: boolean
}

export interface OverviewView {
  appConfigured: boolean
  links: number
  linksNeedingRelink: number
  mappedUsers: number
  unmappedUsers: number
  lastReceived: ReceivedEvent | null
  lastDeliveryAt: number | null
  outbox: OutboxSummary
}

export interface PlayingItem {
  source: SourceKind
  state: 'playing' | 'paused' | 'stopped'
  title: string
  detail: string | null
  positionSeconds: number
  durationSeconds: number | null
  startedAt: number
  lastEventAt: number
}

export interface LinkActivity {
  linkId: number
  username: string | null
  state: LinkSummary['state']
  playing: PlayingItem[]
  punchplay: RemoteNowPlaying
}

export interface OutboxView {
  summary: OutboxSummary
  failed: OutboxCall[]
  pending: OutboxCall[]
  recent: OutboxCall[]
}

/** Return the public URL when one is configured, else `requestOrigin`, the address the browser used. */
export function webhookBase(deps: SetupDeps, requestOrigin: string): WebhookBase {
  const configured = deps.runtime.current().server.public_url
  if (configured !== undefined) return { base: configured.replace(/\/+$/, ''), fromRequest: false }
  return { base: requestOrigin, fromRequest: true }
}

export function webhookUrl(deps: SetupDeps, requestOrigin: string, source: SourceKind): string {
  return `${webhookBase(deps, requestOrigin).base}/webhooks/${source}/${deps.webhookToken}`
}

function toReceivedEvent(row: typeof webhookLogTable.$inferSelect): ReceivedEvent {
  return {
    id: row.id,
    receivedAt: row.receivedAt,
    source: row.source as SourceKind,
    event: row.event,
    user: row.user,
    outcome: row.outcome,
    reason: row.reason,
  }
}

export function listReceivedEvents(deps: SetupDeps, limit: number): ReceivedEvent[] {
  return deps.db.select().from(webhookLogTable).orderBy(desc(webhookLogTable.id)).limit(limit).all().map(toReceivedEvent)
}

function lastReceived(deps: SetupDeps, source?: SourceKind): ReceivedEvent | null {
  const row = deps.db
    .select()
    .from(webhookLogTable)
    .where(source === undefined ? undefined : eq(webhookLogTable.source, source))
    .orderBy(desc(webhookLogTable.id))
    .limit(1)
    .get()
  return row === undefined ? null : toReceivedEvent(row)
}

export function buildOverview(deps: SetupDeps): OverviewView {
  const links = listLinks(deps.db)
  const users = listSeenUsers(deps.db)
  const deliveries = links.map((link) => link.lastDeliveryAt).filter((at): at is number => at !== null)

  return {
    appConfigured: deps.runtime.current().punchplay.client_id !== undefined,
    links: links.length,
    linksNeedingRelink: links.filter((link) => link.state === 'needs_relink').length,
    mappedUsers: links.reduce((count, link) => count + link.identities.length, 0),
    unmappedUsers: users.filter((user) => user.linkId === null).length,
    lastReceived: lastReceived(deps),
    lastDeliveryAt: deliveries.length === 0 ? null : Math.max(...deliveries),
    outbox: summarizeOutbox(deps.db),
  }
}

export function buildPunchPlayApp(deps: SetupDeps): { apiUrl: string; clientId: SettingView; clientSecret: SettingView } {
  return {
    apiUrl: deps.runtime.current().punchplay.api_url,
    clientId: deps.runtime.describeKey('punchplay.client_id'),
    clientSecret: deps.runtime.describeKey('punchplay.client_secret'),
  }
}

export function buildLinks(deps: SetupDeps): LinkSummary[] {
  return listLinks(deps.db)
}

export function buildUsers(deps: SetupDeps): SeenUser[] {
  return listSeenUsers(deps.db)
}

export function buildSources(deps: SetupDeps, requestOrigin: string): SourceView[] {
  return SOURCE_KINDS.map((source) => {
    const transport = source === 'kodi' ? 'json-rpc' : 'webhook'
    const supported = transport === 'webhook' ? deps.webhookSources.includes(source) : deps.kodiHosts !== undefined
    return {
      source,
      transport,
      supported,
      webhookUrl: transport === 'webhook' && supported ? webhookUrl(deps, requestOrigin, source) : null,
      lastReceived: lastReceived(deps, source),
      canCheckPayload: deps.payloadParsers[source] !== undefined,
    }
  })
}

export async function buildKodiHosts(deps: SetupDeps): Promise<KodiHostView[] | null> {
  return deps.kodiHosts === undefined ? null : await deps.kodiHosts.list()
}

function describeItem(media: MediaItem): { title: string; detail: string | null } {
  if (media.type !== 'episode') return { title: media.title, detail: media.year === undefined ? null : String(media.year) }
  const season = media.season === undefined ? '' : `S${String(media.season).padStart(2, '0')}`
  const episode = media.episode === undefined ? '' : `E${String(media.episode).padStart(2, '0')}`
  const name = media.episodeTitle === undefined ? '' : ` ${media.episodeTitle}`
  const detail = `${season}${episode}${name}`.trim()
  return { title: media.title, detail: detail === '' ? null : detail }
}

/** Estimate the position now: a playing item moves on from its last reported position. */
function currentPosition(playback: OpenPlayback, at: number): number {
  if (playback.state !== 'playing') return playback.positionSeconds
  const moved = playback.positionSeconds + Math.max(0, at - playback.positionAt) / 1000
  return playback.durationSeconds === null ? moved : Math.min(moved, playback.durationSeconds)
}

export async function buildNowPlaying(deps: SetupDeps): Promise<LinkActivity[]> {
  const links = listLinks(deps.db)
  const scopes = new Map(deps.db.select({ id: linksTable.id, scope: linksTable.scope }).from(linksTable).all().map((row) => [row.id, row.scope]))
  const open = deps.openPlaybacks()
  const at = deps.now()

  return Promise.all(
    links.map(async (link) => ({
      linkId: link.id,
      username: link.username,
      state: link.state,
      playing: open
        .filter((playback) => playback.linkId === link.id)
        .map((playback) => ({
          source: playback.source as SourceKind,
          state: playback.state,
          ...describeItem(playback.media),
          positionSeconds: Math.round(currentPosition(playback, at)),
          durationSeconds: playback.durationSeconds,
          startedAt: playback.startedAt,
          lastEventAt: playback.lastEventAt,
        })),
      punchplay:
        link.state === 'active'
          ? await deps.nowPlaying(link.id, scopes.get(link.id) ?? '')
          : { status: 'unavailable' as const, message: 'The link needs re-linking.' },
    })),
  )
}

export function buildOutbox(deps: SetupDeps): OutboxView {
  return {
    summary: summarizeOutbox(deps.db),
    failed: listOutboxCalls(deps.db, ['failed', 'expired'], 100),
    pending: listOutboxCalls(deps.db, ['pending'], 100),
    recent: listOutboxCalls(deps.db, ['sent', 'failed', 'expired', 'discarded'], 30),
  }
}

export function buildPayloads(deps: SetupDeps, source: SourceKind | undefined, limit: number) {
  const sources = source === undefined ? SOURCE_KINDS : [source]
  return sources
    .flatMap((kind) => listPayloads(deps.db, kind, limit))
    .sort((a, b) => b.receivedAt - a.receivedAt || b.id - a.id)
    .slice(0, limit)
}

/** Count the pending calls of each link, for the links list. */
export function countPendingByLink(deps: SetupDeps): Map<number, number> {
  const rows = deps.db.all<{ linkId: number; count: number }>(
    sql`SELECT link_id AS linkId, count(*) AS count FROM outbox WHERE status = 'pending' GROUP BY link_id`,
  )
  return new Map(rows.map((row) => [row.linkId, row.count]))
}
