/**
 * The registry of Kodi hosts: one connection per configured host, which can be added and
 * removed while the bridge runs.
 */

import type { Logger } from 'pino'

import { validateReconnectTiming } from './backoff.js'
import { createKodiConnection } from './connection.js'
import type { KodiConnection, KodiConnectionOptions, KodiConnectionState } from './connection.js'

export interface KodiHostConfig {
  /** Unique name of the host, used as server id and user name of its events. */
  name: string
  /** WebSocket URL of the host's JSON-RPC, such as `ws://192.0.2.10:9090/jsonrpc`. */
  url: string
}

/** The options every connection shares. Each host adds its name and URL. */
export type KodiSharedOptions = Omit<KodiConnectionOptions, 'name' | 'url'>

export interface KodiHostsOptions extends KodiSharedOptions {
  hosts: readonly KodiHostConfig[]
  logger: Logger
  /** Builds one connection, and tests may wrap it. Defaults to `createKodiConnection`. */
  createConnection?: (options: KodiConnectionOptions) => KodiConnection
}

export interface KodiHostStatus {
  name: string
  url: string
  state: KodiConnectionState
}

export interface KodiHosts {
  /** Starts every host's connection. Hosts added later start at once. */
  start(): void
  /** Stops every connection. */
  stop(): Promise<void>
  /** Adds a host, and connects to it when the registry is started. Throws a TypeError for a duplicate name or a bad URL. */
  add(host: KodiHostConfig): void
  /** Stops and removes a host. Resolves false when no host has the name. */
  remove(name: string): Promise<boolean>
  /** The hosts in the order they were added, with their connection state. */
  list(): KodiHostStatus[]
}

/**
 * Creates the registry. Nothing connects until `start()`.
 *
 * @example
 * const kodi = createKodiHosts({ hosts: [{ name: 'living-room', url: 'ws://192.0.2.10:9090/jsonrpc' }],
 *   logger, onEvent, reconnect: { initialMs: 1000, maxMs: 60_000 } })
 * kodi.start()
 */
export function createKodiHosts(options: KodiHostsOptions): KodiHosts {
  const { hosts, createConnection = createKodiConnection, ...shared } = options
  const connections = new Map<string, KodiConnection>()
  let running = false

  validateReconnectTiming(shared.reconnect)

  function add(host: KodiHostConfig): void {
    if (connections.has(host.name)) {
      throw new TypeError(`a Kodi host named "${host.name}" already exists; host names must be unique`)
    }

    const connection = createConnection({ ...shared, name: host.name, url: host.url })
    connections.set(host.name, connection)

    if (running) {
      connection.start()
    }
  }

  for (const host of hosts) {
    add(host)
  }

  return {
    start() {
      if (running) {
        return
      }

      running = true
      for (const connection of connections.values()) {
        connection.start()
      }
    },

    async stop() {
      running = false
      await Promise.all([...connections.values()].map((connection) => connection.stop()))
    },

    add,

    async remove(name) {
      const connection = connections.get(name)
      if (connection === undefined) {
        return false
      }

      connections.delete(name)
      await connection.stop()

      return true
    },

    list() {
      return [...connections.values()].map((connection) => ({ name: connection.name, url: connection.url, state: connection.state() }))
    },
  }
}
