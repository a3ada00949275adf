/**
 * A fake Kodi for tests: a JSON-RPC WebSocket server on 127.0.0.1. It responds to the bridge's
 * requests from state the test sets (version, active players, items, properties, show details)
 * and records them. It pushes notifications on command, and it can drop its connections and
 * reject new ones, as a Kodi that goes away and comes back.
 */

import { createServer } from 'node:http'
import type { Socket } from 'node:net'

import { WebSocketServer } from 'ws'
import type WebSocket from 'ws'

import { readKodiFixture } from './fixtures.js'
import type { JsonObject } from './fixtures.js'

export { kodiProperties, kodiTime, readKodiFixture, readKodiFixtureItem, readKodiFixtureNotification, readKodiFixtureResult, readKodiFixtureText } from './fixtures.js'
export type { JsonObject } from './fixtures.js'

/** One request as the fake received it. */
export interface FakeKodiRequest {
  method: string
  params: unknown
  id: unknown
}

/** The fake's response to a request: a `result`, or a JSON-RPC `error` object. */
export type FakeKodiAnswer = { result: unknown } | { error: { code: number; message: string } }

export interface FakeKodi {
  /** `ws://127.0.0.1:<port>/jsonrpc`. */
  readonly url: string
  readonly requests: readonly FakeKodiRequest[]
  /** Connections accepted since the start, closed ones included. */
  readonly acceptedConnections: number
  /** Connections rejected while `rejectConnections()` was in force. */
  readonly rejectedConnections: number
  /** When each rejected connection arrived, epoch milliseconds. */
  readonly rejectedAt: readonly number[]
  /** Connections open now. */
  readonly openConnections: number
  setVersion(version: { major: number; minor: number; patch: number }): void
  /** Sets the `Player.GetActivePlayers` result. `Player.*` calls for an id not listed return error -32100. */
  setActivePlayers(players: readonly JsonObject[]): void
  /** Sets the `Player.GetItem` item of a player. */
  setItem(playerId: number, item: JsonObject): void
  /** Sets the `Player.GetProperties` result of a player. */
  setProperties(playerId: number, properties: JsonObject): void
  /** Sets the `VideoLibrary.GetTVShowDetails` details of a show. */
  setShowDetails(tvshowid: number, details: JsonObject): void
  /** Overrides the response to a method. Later calls replace earlier ones. */
  respond(method: string, answer: FakeKodiAnswer | ((params: unknown) => FakeKodiAnswer)): void
  /** Pushes a notification, as Kodi does, to every open connection. */
  notify(method: string, data: unknown): void
  /** Sends a text message as it is to every open connection. */
  sendRaw(text: string): void
  /** Drops every open connection without a close handshake, as a host that went away. */
  dropConnections(): void
  /** Closes every new TCP connection at once, as a host that is down. */
  rejectConnections(): void
  acceptConnections(): void
  /** Requests received for a method. */
  requestsFor(method: string): FakeKodiRequest[]
  close(): Promise<void>
}

const NOT_ACTIVE_ERROR = readKodiFixture('response-error-no-active-player.json')['error'] as { code: number; message: string }
const INVALID_PARAMS_ERROR = { code: -32602, message: 'Invalid params.' }
const METHOD_NOT_FOUND_ERROR = { code: -32601, message: 'Method not found.' }

function readMessageText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) {
    return Buffer.concat(data).toString('utf8')
  }

  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8')
}

function readParam(params: unknown, name: string): unknown {
  return typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as JsonObject)[name] : undefined
}

/** Starts a fake Kodi on 127.0.0.1 on a free port. It plays nothing until a test sets players. */
export async function startFakeKodi(): Promise<FakeKodi> {
  const requests: FakeKodiRequest[] = []
  const overrides = new Map<string, FakeKodiAnswer | ((params: unknown) => FakeKodiAnswer)>()
  const items = new Map<number, JsonObject>()
  const properties = new Map<number, JsonObject>()
  const shows = new Map<number, JsonObject>()
  const clients = new Set<WebSocket>()
  const sockets = new Set<Socket>()
  let version = { major: 13, minor: 5, patch: 0 }
  let activePlayers: readonly JsonObject[] = []
  let rejecting = false
  let acceptedConnections = 0
  const rejectedAt: number[] = []

  function isActive(params: unknown): boolean {
    const playerId = readParam(params, 'playerid')

    return activePlayers.some((player) => player['playerid'] === playerId)
  }

  function answerPlayer(params: unknown, state: ReadonlyMap<number, JsonObject>, wrap: (value: JsonObject) => unknown): FakeKodiAnswer {
    const value = state.get(readParam(params, 'playerid') as number)
    if (!isActive(params) || value === undefined) {
      return { error: NOT_ACTIVE_ERROR }
    }

    return { result: wrap(structuredClone(value)) }
  }

  function answer(method: string, params: unknown): FakeKodiAnswer {
    const override = overrides.get(method)
    if (override !== undefined) {
      return typeof override === 'function' ? override(params) : override
    }

    switch (method) {
      case 'JSONRPC.Version':
        return { result: { version } }
      case 'JSONRPC.Ping':
        return { result: 'pong' }
      case 'Player.GetActivePlayers':
        return { result: structuredClone(activePlayers) }
      case 'Player.GetItem':
        return answerPlayer(params, items, (item) => ({ item }))
      case 'Player.GetProperties':
        return answerPlayer(params, properties, (value) => value)
      case 'VideoLibrary.GetTVShowDetails': {
        const show = shows.get(readParam(params, 'tvshowid') as number)

        return show === undefined ? { error: INVALID_PARAMS_ERROR } : { result: { tvshowdetails: structuredClone(show) } }
      }
      default:
        return { error: METHOD_NOT_FOUND_ERROR }
    }
  }

  function handleMessage(client: WebSocket, text: string): void {
    const message = JSON.parse(text) as JsonObject
    const method = String(message['method'])
    requests.push({ method, params: message['params'], id: message['id'] })

    client.send(JSON.stringify({ id: message['id'], jsonrpc: '2.0', ...answer(method, message['params']) }))
  }

  const server = createServer((_request, response) => {
    response.writeHead(404).end()
  })

  // Closing the TCP connection before the upgrade looks to the client like a host that is down.
  server.on('connection', (socket) => {
    if (rejecting) {
      rejectedAt.push(Date.now())
      socket.destroy()

      return
    }

    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })

  const wss = new WebSocketServer({ server, path: '/jsonrpc' })
  wss.on('connection', (client) => {
    acceptedConnections += 1
    clients.add(client)
    client.on('message', (data) => handleMessage(client, readMessageText(data)))
    client.once('close', () => clients.delete(client))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })

  const address = server.address()
  if (address === null || typeof address === 'string') {
    throw new Error(`Fake Kodi server has no TCP address: ${String(address)}`)
  }

  function broadcast(text: string): void {
    for (const client of clients) {
      client.send(text)
    }
  }

  let closing: Promise<void> | undefined

  return {
    url: `ws://127.0.0.1:${address.port}/jsonrpc`,
    requests,
    get acceptedConnections() {
      return acceptedConnections
    },
    get rejectedConnections() {
      return rejectedAt.length
    },
    rejectedAt,
    get openConnections() {
      return clients.size
    },
    setVersion(next) {
      version = next
    },
    setActivePlayers(players) {
      activePlayers = structuredClone(players)
    },
    setItem(playerId, item) {
      items.set(playerId, structuredClone(item))
    },
    setProperties(playerId, value) {
      properties.set(playerId, structuredClone(value))
    },
    setShowDetails(tvshowid, details) {
      shows.set(tvshowid, structuredClone(details))
    },
    respond(method, value) {
      overrides.set(method, value)
    },
    notify(method, data) {
      broadcast(JSON.stringify({ jsonrpc: '2.0', method, params: { data, sender: 'xbmc' } }))
    },
    sendRaw(text) {
      broadcast(text)
    },
    dropConnections() {
      for (const client of clients) {
        client.terminate()
      }
    },
    rejectConnections() {
      rejecting = true
    },
    acceptConnections() {
      rejecting = false
    },
    requestsFor(method) {
      return requests.filter((request) => request.method === method)
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const client of clients) {
          client.terminate()
        }

        for (const socket of sockets) {
          socket.destroy()
        }

        wss.close(() => server.close(() => resolve()))
      })

      return closing
    },
  }
}
