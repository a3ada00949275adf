/**
 * Show-level ids for episodes whose payload carries only the episode's own ids (new-agent
 * Plex, Jellyfin, Emby). They are fetched from the media server's own API when the operator
 * configured access to it, and cached in SQLite. Without access, or when the lookup fails,
 * the episode is sent with the show title, season and episode alone, which PunchPlay can match.
 */
import { and, eq } from 'drizzle-orm'
import type { Logger } from 'pino'
import { z } from 'zod'

import type { Config } from './config.js'
import type { ExternalIds, PlaybackEvent, SourceKind } from './events.js'
import type { BridgeDatabase } from './storage/database.js'
import { showIdsTable } from './storage/schema.js'

/** A lookup that found no ids is tried again after this long, in case the server was matching. */
const EMPTY_RESULT_TTL_MS = 24 * 60 * 60_000
/** After a failed request, the same server is not asked again for this long. */
const FAILURE_BACKOFF_MS = 5 * 60_000
const DEFAULT_TIMEOUT_MS = 3_000

const PlexShowResponse = z.object({
  MediaContainer: z.object({
    Metadata: z
      .array(z.looseObject({ year: z.number().int().optional(), Guid: z.array(z.object({ id: z.string() })).optional() }))
      .min(1),
  }),
})

const ItemsResponse = z.object({
  Items: z
    .array(
      z.looseObject({
        ProviderIds: z.record(z.string(), z.string().nullable()).optional(),
        ProductionYear: z.number().int().nullish(),
      }),
    )
    .min(1),
})

interface ServerAccess {
  url: string
  headers: Record<string, string>
  path: (showKey: string) => string
  read: (json: unknown) => { ids: ExternalIds; year?: number }
}

export interface ShowIdLookupOptions {
  db: BridgeDatabase
  logger: Logger
  /** Read on every lookup, so access configured later applies without a restart. */
  config: () => Config
  now?: () => number
  timeoutMs?: number
}

export type EnrichEvent = (event: PlaybackEvent) => Promise<PlaybackEvent>

/** Create the lookup. A failed or timed-out request to the server leaves the event as it was. */
export function createShowIdLookup(options: ShowIdLookupOptions): EnrichEvent {
  const { db, logger } = options
  const now = options.now ?? Date.now
  const failedUntil = new Map<SourceKind, number>()

  function readCache(event: PlaybackEvent, showKey: string) {
    return db
      .select()
      .from(showIdsTable)
      .where(and(eq(showIdsTable.source, event.source), eq(showIdsTable.serverId, event.serverId), eq(showIdsTable.showKey, showKey)))
      .get()
  }

  async function fetchShow(access: ServerAccess, source: SourceKind, showKey: string) {
    const response = await fetch(access.url.replace(/\/+$/, '') + access.path(showKey), {
      headers: { accept: 'application/json', ...access.headers },
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    })
    if (!response.ok) throw new Error(`${source} responded with HTTP ${response.status}`)
    return access.read(await response.json())
  }

  return async function enrichWithShowIds(event) {
    const showKey = event.item.showKey
    if (event.item.type !== 'episode' || showKey === undefined || hasIds(event.item.ids)) return event

    const access = accessFor(options.config(), event.source)
    if (access === undefined) return event

    const cached = readCache(event, showKey)
    const fresh = cached !== undefined && (hasIds(cached.ids) || now() - cached.fetchedAt < EMPTY_RESULT_TTL_MS)
    if (fresh) return withShow(event, cached.ids, cached.year ?? undefined)

    if ((failedUntil.get(event.source) ?? 0) > now()) return event
    try {
      const show = await fetchShow(access, event.source, showKey)
      db.insert(showIdsTable)
        .values({ source: event.source, serverId: event.serverId, showKey, ids: show.ids, year: show.year ?? null, fetchedAt: now() })
        .onConflictDoUpdate({
          target: [showIdsTable.source, showIdsTable.serverId, showIdsTable.showKey],
          set: { ids: show.ids, year: show.year ?? null, fetchedAt: now() },
        })
        .run()
      return withShow(event, show.ids, show.year)
    } catch (error) {
      failedUntil.set(event.source, now() + FAILURE_BACKOFF_MS)
      // The message names the server and the status only. The token is in a request header,
      // which is never logged.
      logger.warn(
        { source: event.source, showKey, err: error instanceof Error ? error.message : String(error) },
        `show id lookup failed; sending the episode without show ids, and not asking ${event.source} again for 5 minutes`,
      )
      return event
    }
  }
}

function accessFor(config: Config, source: SourceKind): ServerAccess | undefined {
  switch (source) {
    case 'plex': {
      const { url, token } = config.plex
      if (url === undefined || token === undefined) return undefined
      return {
        url,
        headers: { 'x-plex-token': token },
        path: (showKey) => `/library/metadata/${encodeURIComponent(showKey)}?includeGuids=1`,
        read: readPlexShow,
      }
    }
    case 'jellyfin': {
      const { url, api_key: apiKey } = config.jellyfin
      if (url === undefined || apiKey === undefined) return undefined
      return {
        url,
        headers: { authorization: `MediaBrowser Token="${apiKey}"` },
        path: (showKey) => `/Items?ids=${encodeURIComponent(showKey)}&fields=ProviderIds,ProductionYear`,
        read: readItemsShow,
      }
    }
    case 'emby': {
      const { url, api_key: apiKey } = config.emby
      if (url === undefined || apiKey === undefined) return undefined
      return {
        url,
        headers: { 'x-emby-token': apiKey },
        path: (showKey) => `/emby/Items?Ids=${encodeURIComponent(showKey)}&Fields=ProviderIds,ProductionYear`,
        read: readItemsShow,
      }
    }
    case 'kodi':
      // Kodi's show ids come over its own JSON-RPC connection.
      return undefined
  }
}

function readPlexShow(json: unknown): { ids: ExternalIds; year?: number } {
  const show = PlexShowResponse.parse(json).MediaContainer.Metadata[0]
  const ids: ExternalIds = {}
  for (const { id } of show?.Guid ?? []) {
    const [scheme, value = ''] = id.split('://')
    assignId(ids, scheme ?? '', value)
  }
  return show?.year === undefined ? { ids } : { ids, year: show.year }
}

function readItemsShow(json: unknown): { ids: ExternalIds; year?: number } {
  const show = ItemsResponse.parse(json).Items[0]
  const ids: ExternalIds = {}
  for (const [key, value] of Object.entries(show?.ProviderIds ?? {})) {
    if (value !== null) assignId(ids, key.toLowerCase(), value)
  }
  const year = show?.ProductionYear
  return year === undefined || year === null ? { ids } : { ids, year }
}

function assignId(ids: ExternalIds, scheme: string, value: string): void {
  if (scheme === 'imdb' && /^tt\d+$/.test(value)) ids.imdb = value
  if (scheme === 'tmdb' && /^\d+$/.test(value)) ids.tmdb = Number(value)
  if (scheme === 'tvdb' && /^\d+$/.test(value)) ids.tvdb = Number(value)
  if (scheme === 'anidb' && /^\d+$/.test(value)) ids.anidb = Number(value)
}

function hasIds(ids: ExternalIds): boolean {
  return Object.values(ids).some((value) => value !== undefined)
}

function withShow(event: PlaybackEvent, ids: ExternalIds, year: number | undefined): PlaybackEvent {
  const item = { ...event.item, ids: { ...ids } }
  if (item.year === undefined && year !== undefined) item.year = year
  return { ...event, item }
}
