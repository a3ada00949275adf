/**
 * The Kodi side of a running bridge: the hosts from the configuration plus those added later
 * (from the CLI or the setup page, kept in the database), each connected through the host
 * registry, with their events handed to ingest. Hosts added or removed by another process
 * (the `kodi add` command) are picked up within one sync interval, without a restart.
 */
import type { Logger } from 'pino'
import { z } from 'zod'

import { BridgeError } from '../errors.js'
import type { AdapterResult } from '../events.js'
import type { Ingest } from '../ingest.js'
import { readSetting } from '../settings.js'
import type { BridgeDatabase } from '../storage/database.js'
import { settingsTable } from '../storage/schema.js'
import { KodiShowDetails } from '../../adapters/kodi/schema.js'
import { createKodiConnection } from './connection.js'
import { createKodiHosts, type KodiHostConfig, type KodiHostStatus } from './hosts.js'

/**
 * How often the database is read for hosts added or removed by another process, and the host
 * states are compared with what was last recorded. Both are a single-row read.
 */
const SYNC_INTERVAL_MS = 2_000
const ADDED_HOSTS_KEY = 'kodi_hosts'
const STATUS_KEY = 'kodi_status'
/** Kodi boxes and TVs are often off: retry soon at first, then once a minute, forever. */
const RECONNECT = { initialMs: 2_000, maxMs: 60_000 }

const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$/

const StoredHosts = z.array(z.object({ name: z.string(), url: z.string() }))
const StoredStatus = z.object({
  writtenAt: z.number(),
  hosts: z.array(z.object({ name: z.string(), url: z.string(), origin: z.enum(['config', 'added']), state: z.looseObject({ status: z.string() }) })),
})
export type KodiStatusSnapshot = z.infer<typeof StoredStatus>

export interface KodiHostEntry extends KodiHostStatus {
  /** `config`: from config.yaml or BRIDGE_KODI_HOSTS, removed only there. `added`: from the CLI or page. */
  origin: 'config' | 'added'
}

export interface KodiService {
  start(): void
  stop(): Promise<void>
  /** Connect to one more host and remember it across restarts. */
  add(host: KodiHostConfig): void
  /** Forget a host added earlier. Resolves false when no host has the name. */
  remove(name: string): Promise<boolean>
  list(): KodiHostEntry[]
}

export interface KodiServiceOptions {
  db: BridgeDatabase
  logger: Logger
  /** Hosts from the configuration. */
  configuredHosts: readonly KodiHostConfig[]
  pollIntervalMs: number
  ingest: Ingest
  now?: () => number
}

/** Check a host's name and WebSocket URL, with messages an operator can act on. */
export function validateKodiHost(host: KodiHostConfig): KodiHostConfig {
  const name = host.name.trim()
  if (!HOST_NAME.test(name)) {
    throw new BridgeError('invalid_request', `Invalid Kodi host name "${host.name}": use letters, digits, spaces, ".", "_" or "-", up to 63 characters.`)
  }

  let url: URL
  try {
    url = new URL(host.url)
  } catch {
    throw new BridgeError('invalid_request', `Invalid Kodi URL "${host.url}": expected ws://<host>:9090/jsonrpc.`)
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new BridgeError('invalid_request', `Invalid Kodi URL "${host.url}": expected ws://<host>:9090/jsonrpc (Kodi's JSON-RPC WebSocket).`)
  }
  return { name, url: url.toString() }
}

export function readAddedKodiHosts(db: BridgeDatabase): KodiHostConfig[] {
  const stored = readSetting(db, ADDED_HOSTS_KEY)
  if (stored === undefined) return []
  const parsed = StoredHosts.safeParse(JSON.parse(stored))
  return parsed.success ? parsed.data : []
}

function writeAddedKodiHosts(db: BridgeDatabase, hosts: KodiHostConfig[]): void {
  writeSetting(db, ADDED_HOSTS_KEY, JSON.stringify(hosts))
}

/** Remember a host in the database; a running bridge connects to it within seconds. */
export function addKodiHost(db: BridgeDatabase, host: KodiHostConfig, configuredHosts: readonly KodiHostConfig[]): KodiHostConfig {
  const valid = validateKodiHost(host)
  const nameInUse = [...configuredHosts, ...readAddedKodiHosts(db)].some((existing) => existing.name.toLowerCase() === valid.name.toLowerCase())
  if (nameInUse) throw new BridgeError('invalid_request', `A Kodi host named "${valid.name}" already exists; choose another name.`)
  writeAddedKodiHosts(db, [...readAddedKodiHosts(db), valid])
  return valid
}

/** Forget a host added earlier; hosts from the configuration are removed there. */
export function removeKodiHost(db: BridgeDatabase, name: string, configuredHosts: readonly KodiHostConfig[]): void {
  if (configuredHosts.some((host) => host.name === name)) {
    throw new BridgeError('invalid_request', `Kodi host "${name}" comes from the configuration (kodi.hosts or BRIDGE_KODI_HOSTS); remove it there.`)
  }
  const added = readAddedKodiHosts(db)
  if (!added.some((host) => host.name === name)) throw new BridgeError('not_found', `Kodi host "${name}" not found. See the names with: punchplay-bridge kodi`)
  writeAddedKodiHosts(db, added.filter((host) => host.name !== name))
}

/** Read the host states the running bridge last wrote, for the `kodi` command. */
export function readKodiStatus(db: BridgeDatabase): KodiStatusSnapshot | undefined {
  const stored = readSetting(db, STATUS_KEY)
  if (stored === undefined) return undefined
  const parsed = StoredStatus.safeParse(JSON.parse(stored))
  return parsed.success ? parsed.data : undefined
}

/**
 * Show details of one host, kept in the `settings` table as well as in memory, so that a
 * restart does not ask Kodi for every show again. Entries that no longer parse are fetched anew.
 */
class StoredShowCache extends Map<number, KodiShowDetails> {
  readonly #db: BridgeDatabase
  readonly #prefix: string

  constructor(db: BridgeDatabase, hostName: string) {
    super()
    this.#db = db
    this.#prefix = `kodi_show:${hostName}:`
  }

  override get(tvshowid: number): KodiShowDetails | undefined {
    const known = super.get(tvshowid)
    if (known !== undefined) return known

    const stored = readSetting(this.#db, this.#prefix + String(tvshowid))
    if (stored === undefined) return undefined
    const parsed = KodiShowDetails.safeParse(JSON.parse(stored))
    if (!parsed.success) return undefined
    super.set(tvshowid, parsed.data)
    return parsed.data
  }

  override set(tvshowid: number, details: KodiShowDetails): this {
    writeSetting(this.#db, this.#prefix + String(tvshowid), JSON.stringify(details))
    return super.set(tvshowid, details)
  }
}

function writeSetting(db: BridgeDatabase, key: string, value: string): void {
  db.insert(settingsTable).values({ key, value }).onConflictDoUpdate({ target: settingsTable.key, set: { value } }).run()
}

export function createKodiService(options: KodiServiceOptions): KodiService {
  const { db, logger, configuredHosts } = options
  const now = options.now ?? Date.now
  let timer: NodeJS.Timeout | undefined

  const registry = createKodiHosts({
    hosts: [...configuredHosts],
    logger,
    createConnection: (connection) => createKodiConnection({ ...connection, showCache: new StoredShowCache(db, connection.name) }),
    pollIntervalMs: options.pollIntervalMs,
    reconnect: RECONNECT,
    now,
    onEvent: (output) => {
      const result: AdapterResult = 'kind' in output ? { ok: true, event: output } : output
      options.ingest('kodi', result, now())
    },
  })

  function list(): KodiHostEntry[] {
    return registry.list().map((status) => ({
      ...status,
      origin: configuredHosts.some((host) => host.name === status.name) ? 'config' : 'added',
    }))
  }

  /** Bring the registry in line with the database, and record the states for the CLI. */
  async function sync(): Promise<void> {
    const storedHosts = readAddedKodiHosts(db)
    for (const host of storedHosts) {
      if (!registry.list().some((status) => status.name === host.name)) registry.add(host)
    }
    for (const status of list()) {
      if (status.origin === 'added' && !storedHosts.some((host) => host.name === status.name)) await registry.remove(status.name)
    }
    recordStatus()
  }

  /** Write the host states for the `kodi` command when they changed; `writtenAt` is the change. */
  let recorded = ''
  function recordStatus(): void {
    const hosts = JSON.stringify(list())
    if (hosts === recorded) return
    recorded = hosts
    writeSetting(db, STATUS_KEY, `{"writtenAt":${now()},"hosts":${hosts}}`)
  }

  function scheduleSync(): void {
    timer = setTimeout(() => {
      sync()
        .catch((error: unknown) => logger.error({ err: error }, 'syncing the Kodi hosts failed'))
        .finally(scheduleSync)
    }, SYNC_INTERVAL_MS)
    timer.unref()
  }

  return {
    start() {
      for (const host of readAddedKodiHosts(db)) {
        if (!configuredHosts.some((configured) => configured.name === host.name)) registry.add(host)
      }
      registry.start()
      recordStatus()
      scheduleSync()
    },

    async stop() {
      clearTimeout(timer)
      await registry.stop()
    },

    add(host) {
      const valid = addKodiHost(db, host, configuredHosts)
      registry.add(valid)
    },

    async remove(name) {
      if (!readAddedKodiHosts(db).some((host) => host.name === name) && !configuredHosts.some((host) => host.name === name)) return false
      removeKodiHost(db, name, configuredHosts)
      return registry.remove(name)
    },

    list,
  }
}
