/**
 * The setup page's JSON API under /api, which the page itself uses. docs/api.md documents it.
 */
import { Hono } from 'hono'

import { createActivityRoutes } from './activity-routes.js'
import { createAuthRoutes } from './auth-routes.js'
import { limitApiBody } from './body.js'
import type { SetupDeps } from './deps.js'
import { guardApi, type SetupEnv } from './guard.js'
import { createLinksRoutes } from './links-routes.js'
import { createSettingsRoutes } from './settings-routes.js'
import { createSourcesRoutes } from './sources-routes.js'
import { buildOverview } from './views.js'

export type { SetupDeps } from './deps.js'

/** Routes relative to /api. Mount with `app.route('/api', createApiRoutes(deps))`. */
export function createApiRoutes(deps: SetupDeps): Hono<SetupEnv> {
  const api = new Hono<SetupEnv>()
  api.use('*', guardApi(deps.access))
  api.use('*', limitApiBody())

  api.get('/overview', (c) => c.json(buildOverview(deps)))
  api.route('/', createAuthRoutes(deps))
  api.route('/', createLinksRoutes(deps))
  api.route('/', createSourcesRoutes(deps))
  api.route('/', createActivityRoutes(deps))
  api.route('/', createSettingsRoutes(deps))
  return api
}
