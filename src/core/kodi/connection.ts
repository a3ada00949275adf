/**
 * The connection to one Kodi host over JSON-RPC on a WebSocket (`ws://host:9090/jsonrpc`).
 * It checks the API version, hands notifications to the host's playback session, polls the
 * position while a video plays, pings while idle, and reconnects forever with capped backoff.
 *
 * Logging: the first connect, each loss and each return are logged once. The retries in
 * between are logged at debug level only, and the line of the return counts them.
 */

import type { Logger } from 'pino'
import WebSocket from 'ws'

import type { KodiShowDetails } from '../../adapters/kodi/schema.js'
import { createKodiApi } from './api.js'
import type { KodiVersion } from './api.js'
import { computeReconnectDelayMs, validateReconnectTiming } from './backoff.js'
import type { ReconnectTiming } from './backoff.js'
import { KodiClosedError } from './errors.js'
import { createKodiRpc } from './rpc.js'
import type { KodiRpc } from './rpc.js'
import { createKodiSession } from './session.js'
import type { KodiEventHandler } from './session.js'

/** JSON-RPC API major version 12 is Kodi 19 (Matrix), the oldest version the bridge reads. */
export const MIN_KODI_API_MAJOR = 12

const DEFAULT_POLL_INTERVAL_MS = 15_000
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000
/** An idle connection is pinged this often, so that a host that vanished without closing is noticed. */
const DEFAULT_KEEPALIVE_INTERVAL_MS = 30_000
/** Kodi sends `Player.OnAVStart` once the first frame shows. The wait is an estimate that leaves a network stream time to buffer. */
const DEFAULT_AV_START_WAIT_MS = 5_000
/**
 * Kodi saves a stopped item's state (play count, resume point) after playback ends, so its
 * play count update can follow `Player.OnStop`. The wait is an estimate.
 */
const DEFAULT_COMPLETION_WAIT_MS = 3_000
/** How long `stop()` waits for Kodi to confirm the close before dropping the socket. */
const CLOSE_TIMEOUT_MS = 1_000

export type KodiConnectionState =
  /** Started, and the first attempt has not succeeded or failed yet. */
  | { status: 'connecting'; since: number }
  | { status: 'connected'; since: number; apiVersion: string }
  /**
   * Not started, stopped, or down and retrying. `since` is when it went down, and `failures`
   * counts the failures in a row: the lost connection, then each failed attempt.
   */
  | { status: 'disconnected'; since: number; reason: string; failures: number; nextAttemptAt?: number }
  /** The host's API is older than version 12. The connection stays closed until it is started again. */
  | { status: 'unsupported'; since: number; reason: string }

export interface KodiConnectionOptions {
  /** The host's name: the events' server id and user name, and what a link maps (`kodi:<name>`). */
  name: string
  /** WebSocket URL of Kodi's JSON-RPC, such as `ws://192.0.2.10:9090/jsonrpc`. */
  url: string
  logger: Logger
  now?: () => number
  /** How often the position of a playing video is read, in milliseconds. */
  pollIntervalMs?: number
  /** Receives each playback event, and each rejection of an ignored or unreadable playback. */
  onEvent: KodiEventHandler
  reconnect: ReconnectTiming
  /** How long a request may wait for Kodi's response. A timeout drops the connection. */
  requestTimeoutMs?: number
  keepaliveIntervalMs?: number
  /** After `Player.OnPlay`, how long to wait for `Player.OnAVStart` before reading the item anyway. */
  avStartWaitMs?: number
  /** After a stop short of the end, how long to wait for Kodi to raise the item's play count. */
  completionWaitMs?: number
  /** Random source of the reconnect jitter, in [0, 1). */
  random?: () => number
  /** Show details by `tvshowid`; the bridge passes one kept in SQLite. Defaults to memory only. */
  showCache?: Map<number, KodiShowDetails>
}

export interface KodiConnection {
  readonly name: string
  readonly url: string
  /** Connects, and keeps reconnecting until `stop()`. */
  start(): void
  /** Closes the connection and cancels every timer. An open playback is not stopped. */
  stop(): Promise<void>
  state(): KodiConnectionState
  /** Resolves once the queued playback work is done. */
  whenIdle(): Promise<void>
}

function requirePositive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive number of milliseconds, received ${value}`)
  }

  return value
}

function validateUrl(url: string): void {
  let protocol: string
  try {
    protocol = new URL(url).protocol
  } catch {
    throw new TypeError(`url must be a WebSocket URL such as ws://kodi.local:9090/jsonrpc, received "${url}"`)
  }

  if (protocol !== 'ws:' && protocol !== 'wss:') {
    throw new TypeError(`url must start with ws:// or wss:// (Kodi's JSON-RPC WebSocket), received "${url}"`)
  }
}

/** Returns the URL without user name and password, for logs. */
function describeUrl(url: string): string {
  const parsed = new URL(url)
  parsed.username = ''
  parsed.password = ''

  return parsed.toString()
}

function readMessageText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) {
    return Buffer.concat(data).toString('utf8')
  }

  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8')
}

function formatVersion(version: KodiVersion): string {
  return version.patch === undefined ? `${version.major}.${version.minor}` : `${version.major}.${version.minor}.${version.patch}`
}

/**
 * Creates the connection to one Kodi host. Nothing happens until `start()`.
 *
 * @example
 * const kodi = createKodiConnection({ name: 'living-room', url: 'ws://192.0.2.10:9090/jsonrpc', logger,
 *   onEvent: (event) => ingest('kodi', 'ok' in event ? event : { ok: true, event }, Date.now()),
 *   reconnect: { initialMs: 1000, maxMs: 60_000 } })
 * kodi.start()
 */
export function createKodiConnection(options: KodiConnectionOptions): KodiConnection {
  if (options.name.trim() === '') {
    throw new TypeError('name must be a non-empty Kodi host name')
  }

  validateUrl(options.url)
  validateReconnectTiming(options.reconnect)

  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const pollIntervalMs = requirePositive('pollIntervalMs', options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS)
  const requestTimeoutMs = requirePositive('requestTimeoutMs', options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS)
  const keepaliveIntervalMs = requirePositive('keepaliveIntervalMs', options.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_INTERVAL_MS)
  const logUrl = describeUrl(options.url)
  const logger = options.logger.child({ kodiHost: options.name })

  let running = false
  let socket: WebSocket | undefined
  let rpc: KodiRpc | undefined
  let connectionState: KodiConnectionState = { status: 'disconnected', since: now(), reason: 'not started', failures: 0 }
  let failures = 0
  let everConnected = false
  let reconnectTimer: NodeJS.Timeout | undefined
  let pollTimer: NodeJS.Timeout | undefined
  let keepaliveTimer: NodeJS.Timeout | undefined
  let pollPending = false

  // The API and the session outlive each socket. The session keeps the open playback across
  // a reconnect, and the show cache saves a request per episode.
  const api = createKodiApi({
    request: (method, params) => (rpc === undefined ? Promise.reject(new KodiClosedError(method)) : rpc.request(method, params)),
  })
  const showCache = options.showCache ?? new Map<number, KodiShowDetails>()
  const session = createKodiSession({
    hostName: options.name,
    api,
    onEvent: options.onEvent,
    logger,
    now,
    showCache,
    avStartWaitMs: requirePositive('avStartWaitMs', options.avStartWaitMs ?? DEFAULT_AV_START_WAIT_MS),
    completionWaitMs: requirePositive('completionWaitMs', options.completionWaitMs ?? DEFAULT_COMPLETION_WAIT_MS),
  })

  function clearSocketTimers(): void {
    clearInterval(pollTimer)
    clearInterval(keepaliveTimer)
    pollTimer = undefined
    keepaliveTimer = undefined
  }

  function startSocketTimers(): void {
    // A poll still waiting for Kodi's response makes the next one pointless.
    pollTimer = setInterval(() => {
      if (session.isTracking() && !pollPending) {
        pollPending = true
        void session.poll().finally(() => {
          pollPending = false
        })
      }
    }, pollIntervalMs)
    pollTimer.unref()

    // A failed ping needs no handling here, because a timeout drops the socket and a closed
    // socket is already reconnecting.
    keepaliveTimer = setInterval(() => {
      api.ping().catch(() => undefined)
    }, keepaliveIntervalMs)
    keepaliveTimer.unref()
  }

  async function handshake(ws: WebSocket): Promise<void> {
    const version = await api.getVersion()
    if (socket !== ws) {
      return
    }

    const apiVersion = formatVersion(version)

    if (version.major < MIN_KODI_API_MAJOR) {
      const reason =
        `Kodi JSON-RPC API version ${apiVersion} is not supported: version ${MIN_KODI_API_MAJOR} (Kodi 19) or later is required. ` +
        'Upgrade Kodi, then restart the bridge or add the host again.'
      connectionState = { status: 'unsupported', since: now(), reason }
      logger.error({ url: logUrl, apiVersion }, reason)
      ws.close()

      return
    }

    if (everConnected) {
      logger.info({ url: logUrl, apiVersion, downForMs: now() - connectionState.since, failures }, 'reconnected to Kodi')
    } else {
      logger.info({ url: logUrl, apiVersion }, 'connected to Kodi')
    }

    everConnected = true
    failures = 0
    connectionState = { status: 'connected', since: now(), apiVersion }
    startSocketTimers()
    void session.reconcile()
  }

  function handleClose(ws: WebSocket, reason: string): void {
    if (socket !== ws) {
      return
    }

    socket = undefined
    rpc?.close()
    rpc = undefined
    clearSocketTimers()
    session.suspend()

    if (!running || connectionState.status === 'unsupported') {
      return
    }

    const wasConnected = connectionState.status === 'connected'
    failures = wasConnected ? 1 : failures + 1
    const delayMs = computeReconnectDelayMs(failures, options.reconnect, random)
    const since = connectionState.status === 'disconnected' ? connectionState.since : now()
    connectionState = { status: 'disconnected', since, reason, failures, nextAttemptAt: now() + delayMs }

    if (wasConnected) {
      logger.warn({ url: logUrl, reason }, 'lost the connection to Kodi, reconnecting in the background')
    } else if (!everConnected && failures === 1) {
      logger.warn({ url: logUrl, reason }, 'connecting to Kodi failed, retrying in the background')
    } else {
      logger.debug({ url: logUrl, reason, failures, delayMs }, 'connecting to Kodi failed again')
    }

    reconnectTimer = setTimeout(connect, delayMs)
    reconnectTimer.unref()
  }

  function connect(): void {
    reconnectTimer = undefined
    if (!running) {
      return
    }

    if (!everConnected && failures === 0) {
      connectionState = { status: 'connecting', since: now() }
    }

    const ws = new WebSocket(options.url, { handshakeTimeout: requestTimeoutMs })
    let lastError: string | undefined
    socket = ws

    const peer = createKodiRpc({
      send: (text) => ws.send(text),
      timeoutMs: requestTimeoutMs,
      // Notifications before the version check are dropped, because the first reconcile after
      // the check reads what Kodi plays anyway.
      onNotification: (method, data) => {
        if (connectionState.status === 'connected') {
          session.handleNotification(method, data)
        }
      },
      onTimeout: (error) => {
        lastError = error.message
        ws.terminate()
      },
      logger,
    })

    ws.on('open', () => {
      rpc = peer
      handshake(ws).catch((error: unknown) => {
        lastError = error instanceof Error ? error.message : String(error)
        ws.terminate()
      })
    })
    ws.on('message', (data) => peer.handleMessage(readMessageText(data)))
    ws.on('error', (error) => {
      lastError = error.message
    })
    ws.on('close', (code) => handleClose(ws, lastError ?? `the connection closed with code ${code}`))
  }

  async function closeSocket(ws: WebSocket): Promise<void> {
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()))

    if (ws.readyState === WebSocket.OPEN) {
      ws.close(1000)
      const timer = setTimeout(() => ws.terminate(), CLOSE_TIMEOUT_MS)
      timer.unref()
      await closed
      clearTimeout(timer)

      return
    }

    if (ws.readyState !== WebSocket.CLOSED) {
      ws.terminate()
      await closed
    }
  }

  return {
    name: options.name,
    url: options.url,

    start() {
      if (running) {
        return
      }

      running = true
      failures = 0
      everConnected = false
      connect()
    },

    async stop() {
      if (!running) {
        return
      }

      running = false
      clearTimeout(reconnectTimer)
      reconnectTimer = undefined
      clearSocketTimers()
      session.suspend()

      const ws = socket
      if (ws !== undefined) {
        await closeSocket(ws)
      }

      await session.whenIdle()
      connectionState = { status: 'disconnected', since: now(), reason: 'stopped', failures: 0 }
      logger.info({ url: logUrl }, 'disconnected from Kodi')
    },

    state() {
      return connectionState
    },

    whenIdle() {
      return session.whenIdle()
    },
  }
}
