/**
 * The composition root: builds every part of a running bridge from the configuration, and
 * starts and stops it. The `serve` command, the tests and the demo all go through here.
 */
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import type { Hono } from 'hono'
import type { Logger } from 'pino'

import { createLiveClient } from './core/admin/live-client.js'
import type { Config, LoadedConfig } from './core/config.js'
import { createIngest, type Ingest } from './core/ingest.js'
import { createKodiService, type KodiService } from './core/kodi/service.js'
import { createLogger } from './core/logger.js'
import { createOutbox, type Outbox } from './core/outbox.js'
import { readPackageInfo, userAgent } from './core/package-info.js'
import { resolvePolicy } from './core/policy.js'
import type { PunchPlayClient } from './core/punchplay/client.js'
import { createRuntimeConfig } from './core/runtime-config.js'
import { resolveWebhookToken } from './core/settings.js'
import { createShowIdLookup } from './core/show-ids.js'
import { openDatabase, type BridgeDatabase } from './core/storage/database.js'
import { createTokenManager } from './core/tokens.js'
import { createTracker, type Tracker } from './core/tracker.js'
import { createKodiHostsView, type KodiHostsView } from './server/api/kodi-hosts.js'
import { createApp } from './server/app.js'
import { createSetupDeps } from './server/web/setup.js'
import { WEBHOOK_SOURCES } from './adapters/index.js'

/**
 * How often open playbacks are checked for silence and for a due heartbeat. It bounds how late
 * an estimated progress can be, so it stays well below the minimum progress interval of 10 s.
 */
const TICK_INTERVAL_MS = 5_000

export interface BridgeOptions {
  logger?: Logger
  now?: () => number
  /** Delay before a delivery retry; tests shorten it. */
  retryDelayMs?: (attempt: number, retryAfterSeconds: number | undefined) => number
  /** Calls sent to PunchPlay per second at most; tests raise it. */
  callsPerSecond?: number
  /** How often the setup page's device codes are polled; tests shorten it. */
  devicePollIntervalMs?: number
  /** The Kodi hosts for the setup page, once Kodi support provides them. */
  kodiHosts?: KodiHostsView
}

export interface Bridge {
  app: Hono
  db: BridgeDatabase
  logger: Logger
  client: PunchPlayClient
  outbox: Outbox
  tracker: Tracker
  ingest: Ingest
  kodi: KodiService
  webhookToken: string
  /**
   * The configuration in force: the loaded one plus what the setup page changed since. Parts
   * that read it per event or per call pick up such changes without a restart.
   */
  config(): Config
  /** Listen on the configured host and port (0 picks a free port). Returns the bound port. */
  start(): Promise<number>
  /** Stop listening, finish calls in flight, close the database. */
  stop(): Promise<void>
}

export function createBridge(loaded: LoadedConfig, options: BridgeOptions = {}): Bridge {
  const { config } = loaded
  const logger = options.logger ?? createLogger(config.log)
  const now = options.now ?? Date.now
  const { version } = readPackageInfo()

  const db = openDatabase(loaded.dataDir)
  const webhookToken = resolveWebhookToken(db, config.webhook_token)
  const runtime = createRuntimeConfig({ db, loaded, logger: logger.child({ module: 'settings' }) })
  const current = () => runtime.current()
  // The setup page can enter the app's client id after start-up, so each call reads it anew.
  const client = createLiveClient(
    () => ({
      apiUrl: current().punchplay.api_url,
      clientId: current().punchplay.client_id,
      clientSecret: current().punchplay.client_secret,
      timeoutMs: current().punchplay.timeout_seconds * 1000,
    }),
    { userAgent: userAgent(), now, logger: logger.child({ module: 'punchplay' }) },
  )
  const retryDelay = options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }
  const tokens = createTokenManager({ db, client, logger: logger.child({ module: 'tokens' }), now, ...retryDelay })
  const outbox = createOutbox({
    db,
    client,
    tokens,
    logger: logger.child({ module: 'outbox' }),
    now,
    backlogMs: () => current().playback.backlog_days * 86_400_000,
    ...(options.callsPerSecond === undefined ? {} : { callsPerSecond: options.callsPerSecond }),
    ...retryDelay,
  })
  const tracker = createTracker({
    db,
    now,
    settings: () => ({
      staleAfterMs: current().playback.stale_after_minutes * 60_000,
      stalePausedAfterMs: current().playback.stale_paused_after_minutes * 60_000,
      progressIntervalMs: current().playback.progress_interval_seconds * 1000,
      clientVersion: version,
      watchedThreshold: (source) => resolvePolicy(current(), source).watchedThreshold,
    }),
  })
  const ingest = createIngest({
    db,
    tracker,
    logger: logger.child({ module: 'webhooks' }),
    keepOutcomes: config.webhooks.recent_outcomes,
    keepPayloads: config.webhooks.payload_log_size,
    onQueued: () => outbox.notify(),
    policy: (source) => resolvePolicy(current(), source),
  })
  const kodi = createKodiService({
    db,
    logger: logger.child({ module: 'kodi' }),
    configuredHosts: config.kodi.hosts,
    pollIntervalMs: config.kodi.poll_interval_seconds * 1000,
    ingest,
    now,
  })
  const enrich = createShowIdLookup({ db, logger: logger.child({ module: 'show-ids' }), config: current, now })
  const setup = createSetupDeps({
    db,
    logger,
    runtime,
    client,
    accessToken: (linkId) => tokens.getAccessToken(linkId),
    webhookToken,
    webhookSources: WEBHOOK_SOURCES,
    openPlaybacks: () => tracker.listOpen(),
    notifyOutbox: () => outbox.notify(),
    adminPassword: loaded.adminPassword,
    kodiHosts: options.kodiHosts ?? createKodiHostsView(kodi),
    userAgent: userAgent(),
    version,
    now,
    devicePollIntervalMs: options.devicePollIntervalMs,
  })
  const app = createApp({ db, ingest, logger, webhookToken, maxBodyBytes: config.webhooks.max_body_mb * 1024 * 1024, enrich, version, now, setup })

  let server: ServerType | undefined
  let tickTimer: NodeJS.Timeout | undefined

  function tick(): void {
    try {
      const stopped = tracker.sweepStale()
      if (stopped > 0) logger.info({ stopped }, 'stopped playbacks that went silent')
      const estimated = tracker.heartbeat()
      if (stopped > 0 || estimated > 0) outbox.notify()
    } catch (error) {
      logger.error({ err: error }, 'periodic playback check failed')
    }
  }

  return {
    app,
    db,
    logger,
    client,
    outbox,
    tracker,
    ingest,
    kodi,
    webhookToken,
    config: current,

    async start() {
      const port = await new Promise<number>((resolve, reject) => {
        const started = serve({ fetch: app.fetch, hostname: config.server.host, port: config.server.port }, (info: AddressInfo) =>
          resolve(info.port),
        )
        started.once('error', reject)
        server = started
      })

      outbox.start()
      kodi.start()
      tick()
      tickTimer = setInterval(tick, TICK_INTERVAL_MS)
      tickTimer.unref()
      logger.info(
        { host: config.server.host, port, version, dataDir: loaded.dataDir, configFile: loaded.configPath ?? null },
        'punchplay-bridge started',
      )
      return port
    },

    async stop() {
      clearInterval(tickTimer)
      setup.deviceLinks.stopAll()
      if (server !== undefined) {
        const closing = server
        const closed = new Promise<void>((resolve) => closing.close(() => resolve()))
        // Idle keep-alive sockets would hold close() open; requests in progress still finish.
        if ('closeIdleConnections' in closing) closing.closeIdleConnections()
        await closed
      }
      await kodi.stop()
      await outbox.stop()
      db.$client.close()
      logger.info('punchplay-bridge stopped')
    },
  }
}
