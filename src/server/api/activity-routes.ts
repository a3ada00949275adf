/**
 * Activity routes: playing now, received events, the outbox and the payload log.
 */
import { Hono } from 'hono'

import { BridgeError } from '../../core/errors.js'
import { SOURCE_KINDS, type SourceKind } from '../../core/events.js'
import { discardOutboxCall, retryOutboxCall } from '../../core/outbox-admin.js'
import { readIdParam } from './body.js'
import type { SetupDeps } from './deps.js'
import type { SetupEnv } from './guard.js'
import { buildNowPlaying, buildOutbox, buildPayloads, listReceivedEvents } from './views.js'

const MAX_LIMIT = 500

function readLimit(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback
  const limit = Number(text)
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new BridgeError('invalid_request', `Invalid limit "${text.slice(0, 20)}": expected a whole number from 1 to ${MAX_LIMIT}.`)
  }
  return limit
}

function readOptionalSource(text: string | undefined): SourceKind | undefined {
  if (text === undefined || text === '') return undefined
  if (!(SOURCE_KINDS as readonly string[]).includes(text)) {
    throw new BridgeError('invalid_request', `Invalid source "${text.slice(0, 40)}": expected one of ${SOURCE_KINDS.join(', ')}.`)
  }
  return text as SourceKind
}

export function createActivityRoutes(deps: SetupDeps): Hono<SetupEnv> {
  const routes = new Hono<SetupEnv>()

  routes.get('/activity', async (c) => c.json({ nowPlaying: await buildNowPlaying(deps), events: listReceivedEvents(deps, readLimit(c.req.query('limit'), 50)) }))

  routes.get('/outbox', (c) => c.json(buildOutbox(deps)))

  routes.post('/outbox/:id/retry', (c) => {
    const id = readIdParam(c, 'id')
    retryOutboxCall(deps.db, id, deps.now())
    deps.logger.info({ outboxId: id }, 'failed PunchPlay call queued again on the setup page')
    deps.notifyOutbox()
    return c.body(null, 204)
  })

  routes.post('/outbox/:id/discard', (c) => {
    const id = readIdParam(c, 'id')
    discardOutboxCall(deps.db, id)
    deps.logger.info({ outboxId: id }, 'failed PunchPlay call discarded on the setup page')
    return c.body(null, 204)
  })

  routes.get('/payloads', (c) => {
    const source = readOptionalSource(c.req.query('source'))
    return c.json({ payloads: buildPayloads(deps, source, readLimit(c.req.query('limit'), 20)) })
  })

  return routes
}
