/**
 * What the setup page and its JSON API need from the rest of the bridge. The composition root
 * builds one of these; tests build their own with fakes where a part is not under test.
 */
import type { Logger } from 'pino'

import type { AdminAccess } from '../../core/admin/access.js'
import type { LoginLimiter } from '../../core/admin/login-limiter.js'
import type { NowPlayingReader } from '../../core/admin/now-playing.js'
import type { DeviceLinks } from '../../core/device-links.js'
import type { AdapterContext, AdapterResult, SourceKind } from '../../core/events.js'
import type { RuntimeConfig } from '../../core/runtime-config.js'
import type { BridgeDatabase } from '../../core/storage/database.js'
import type { playbacksTable } from '../../core/storage/schema.js'
import type { KodiHostsView } from './kodi-hosts.js'

export type OpenPlayback = typeof playbacksTable.$inferSelect

/** An adapter's parse function, used to check a pasted payload without ingesting it. */
export type PayloadParser = (payload: unknown, context: AdapterContext) => AdapterResult

export interface SetupDeps {
  db: BridgeDatabase
  logger: Logger
  access: AdminAccess
  loginLimiter: LoginLimiter
  runtime: RuntimeConfig
  deviceLinks: DeviceLinks
  webhookToken: string
  /** Sources with a webhook route in this build. */
  webhookSources: readonly SourceKind[]
  payloadParsers: Partial<Record<SourceKind, PayloadParser>>
  /** Absent until Kodi support is wired in; the page then says so. */
  kodiHosts?: KodiHostsView
  /** Wakes the delivery worker after a call was queued again. */
  notifyOutbox: () => void
  /** Playbacks the tracker has open, newest first. */
  openPlaybacks: () => OpenPlayback[]
  nowPlaying: NowPlayingReader
  version: string
  now: () => number
}
