/**
 * The HTTP application: health check, webhook receivers, and the web setup page with its API.
 */
import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { Logger } from 'pino'

import type { Ingest } from '../core/ingest.js'
import type { EnrichEvent } from '../core/show-ids.js'
import type { BridgeDatabase } from '../core/storage/database.js'
import { createErrorHandler, createNotFoundHandler } from './errors.js'
import { createSetupRoutes, type SetupDeps } from './web/index.js'
import { createWebhookRoutes } from './webhooks.js'

export interface AppOptions {
  db: BridgeDatabase
  ingest: Ingest
  logger: Logger
  webhookToken: string
  maxBodyBytes: number
  enrich?: EnrichEvent
  version: string
  now?: () => number
  /** The setup page and /api; they need a login, unlike the webhooks and /healthz. */
  setup?: SetupDeps
}

export function createApp(options: AppOptions): Hono {
  const app = new Hono()
  app.onError(createErrorHandler(options.logger))
  app.notFound(createNotFoundHandler(options.logger))
  app.use('*', secureHeaders())

  app.get('/healthz', (c) => {
    // A trivial query proves the database file is open and readable, not just that Node runs.
    options.db.$client.prepare('SELECT 1').get()
    return c.json({ status: 'ok', version: options.version })
  })

  app.route(
    '/webhooks',
    createWebhookRoutes({
      webhookToken: options.webhookToken,
      ingest: options.ingest,
      logger: options.logger,
      maxBodyBytes: options.maxBodyBytes,
      ...(options.enrich === undefined ? {} : { enrich: options.enrich }),
      ...(options.now === undefined ? {} : { now: options.now }),
    }),
  )
  if (options.setup !== undefined) app.route('/', createSetupRoutes(options.setup))
  return app
}
