/**
 * The web setup page: its HTML pages and the JSON API they use, as one set of routes for the
 * app to mount at the root.
 */
import { Hono } from 'hono'

import { createApiRoutes } from '../api/index.js'
import type { SetupDeps } from '../api/deps.js'
import type { SetupEnv } from '../api/guard.js'
import { createPageRoutes } from './routes.js'

export type { SetupDeps } from '../api/deps.js'

/**
 * Create the routes of the setup page and /api. Every one of them needs a login except the
 * login and first-run pages, their two API calls and the assets. Webhooks and /healthz are
 * not part of these routes.
 */
export function createSetupRoutes(deps: SetupDeps): Hono<SetupEnv> {
  const routes = new Hono<SetupEnv>()
  routes.route('/api', createApiRoutes(deps))
  routes.route('/', createPageRoutes(deps))
  return routes
}
