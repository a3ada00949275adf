/**
 * The HTTP application: health check and webhook receivers.
 */
import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { Logger } from 'pino'

import type { Ingest } from '../core/ingest.js'
import type { EnrichEvent } from '../core/show-ids.js'
import type { BridgeDatabase } from '../core/storage/database.js'
import { createErrorHandler } from './errors.js'
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
}

export function createApp(options: AppOptions): Hono {
  const app = new Hono()
  app.onError(createErrorHandler(options.logger))
  app.notFound((c) => c.json({ code: 'not_found', message: `No route for ${c.req.method} ${redactPath(c.req.path)}` }, 404))
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
  return app
}

/** Webhook paths end in the secret token, so a path is never echoed back or logged whole. */
export function redactPath(path: string): string {
  return path.replace(/^(\/webhooks\/[^/]+\/).+$/, '$1[redacted]')
}
