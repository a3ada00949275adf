import { Hono } from 'hono'

import { createAdminRoutes } from './admin-routes.js'
import { createAuthRoutes } from './auth-routes.js'
import type { FakeControls } from './controls.js'
import { respondWithError } from './errors.js'
import type { FakeEnv } from './errors.js'
import { createRequestId } from './ids.js'
import { renderLinkPage } from './link-page.js'
import { createPlaybackRoutes } from './playback-routes.js'
import type { FakeState, RecordedRequest } from './state.js'

const PLATFORM_PREFIX = '/api/platform/v1'

/** Builds the fake's hono app: the Platform API routes, the link page and the admin endpoints. */
export function createFakeApp(state: FakeState, controls: FakeControls): Hono<FakeEnv> {
  const app = new Hono<FakeEnv>()

  app.use('*', async (c, next) => {
    const requestId = createRequestId()
    c.set('requestId', requestId)
    const record: RecordedRequest = {
      method: c.req.method,
      path: c.req.path,
      status: null,
      userAgent: c.req.header('user-agent'),
      requestId,
      at: state.options.now(),
    }
    state.requests.push(record)

    await next()

    c.res.headers.set('X-PunchPlay-Request-Id', requestId)
    if (c.get('hung') !== true) {
      record.status = c.res.status
    }
  })

  app.route(PLATFORM_PREFIX, createAuthRoutes(state))
  app.route(PLATFORM_PREFIX, createPlaybackRoutes(state))
  app.route('/__fake', createAdminRoutes(state, controls))
  app.get('/link', (c) => renderLinkPage(c, c.req.query('code') ?? '', controls.latestUserCode()))

  app.notFound((c) => respondWithError(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`))

  app.onError((error, c) => {
    // A throw here is a bug in the fake, so it is logged as well as returned as a 500.
    console.error(`fake PunchPlay: ${c.req.method} ${c.req.path} failed`, error)
    return respondWithError(c, 500, 'server_error', `The fake PunchPlay server failed: ${String(error)}`)
  })

  return app
}
