/**
 * Builds what the setup page needs from the bridge's running parts, so the composition root
 * only hands them over.
 */
import os from 'node:os'
import type { Logger } from 'pino'

import { translateWebhook } from '../../adapters/index.js'

import { createAdminAccess } from '../../core/admin/access.js'
import { createLoginLimiter, type LoginLimits } from '../../core/admin/login-limiter.js'
import { createNowPlayingReader } from '../../core/admin/now-playing.js'
import { createDeviceLinks } from '../../core/device-links.js'
import type { SourceKind } from '../../core/events.js'
import type { PunchPlayClient } from '../../core/punchplay/client.js'
import type { RuntimeConfig } from '../../core/runtime-config.js'
import type { BridgeDatabase } from '../../core/storage/database.js'
import type { OpenPlayback, PayloadParser, SetupDeps } from '../api/deps.js'
import type { KodiHostsView } from '../api/kodi-hosts.js'

/** Adapters whose payloads the Media servers page can check; Kodi sends none. */
/** The same translation as the webhook routes, so a pasted payload at the wrong source is named too. */
export const PAYLOAD_PARSERS: Partial<Record<SourceKind, PayloadParser>> = {
  plex: (payload, context) => translateWebhook('plex', payload, context),
  jellyfin: (payload, context) => translateWebhook('jellyfin', payload, context),
  emby: (payload, context) => translateWebhook('emby', payload, context),
}

export interface SetupOptions {
  db: BridgeDatabase
  logger: Logger
  runtime: RuntimeConfig
  client: PunchPlayClient
  /** A usable access token of a link, refreshed first when needed. */
  accessToken: (linkId: number) => Promise<string>
  webhookToken: string
  webhookSources: readonly SourceKind[]
  openPlaybacks: () => OpenPlayback[]
  notifyOutbox: () => void
  /** `BRIDGE_ADMIN_PASSWORD`, when set. */
  adminPassword?: string | undefined
  kodiHosts?: KodiHostsView | undefined
  userAgent: string
  version: string
  now: () => number
  /** How often a device code is polled; tests shorten it. */
  devicePollIntervalMs?: number | undefined
  loginLimits?: LoginLimits | undefined
}

export function createSetupDeps(options: SetupOptions): SetupDeps {
  const { db, runtime, now } = options
  const logger = options.logger.child({ module: 'setup-page' })
  const host = os.hostname()

  return {
    db,
    logger,
    access: createAdminAccess({ db, logger, envPassword: options.adminPassword, now }),
    loginLimiter: createLoginLimiter(options.loginLimits, now),
    runtime,
    deviceLinks: createDeviceLinks({
      db,
      client: options.client,
      logger,
      device: { id: `punchplay-bridge-${host}`, name: `punchplay-bridge on ${host}` },
      onLinked: () => options.notifyOutbox(),
      now,
      ...(options.devicePollIntervalMs === undefined ? {} : { pollIntervalMs: options.devicePollIntervalMs }),
    }),
    webhookToken: options.webhookToken,
    webhookSources: options.webhookSources,
    payloadParsers: PAYLOAD_PARSERS,
    ...(options.kodiHosts === undefined ? {} : { kodiHosts: options.kodiHosts }),
    notifyOutbox: options.notifyOutbox,
    openPlaybacks: options.openPlaybacks,
    nowPlaying: createNowPlayingReader({
      apiUrl: () => runtime.current().punchplay.api_url,
      timeoutMs: () => runtime.current().punchplay.timeout_seconds * 1000,
      userAgent: options.userAgent,
      accessToken: options.accessToken,
      now,
    }),
    version: options.version,
    now,
  }
}
