/**
 * Settings editable on the page, and the PunchPlay app credentials (a pair of those settings).
 */
import { Hono } from 'hono'
import { z } from 'zod'

import { readJsonBody } from './body.js'
import type { SetupDeps } from './deps.js'
import type { SetupEnv } from './guard.js'
import { buildPunchPlayApp } from './views.js'

const SettingsBody = z.strictObject({
  values: z.record(z.string(), z.unknown(), { error: 'expected an object of setting keys and values' }),
})

const PunchPlayAppBody = z.strictObject({
  clientId: z
    .string({ error: 'expected the client id as a string' })
    .trim()
    .min(1, { error: 'expected the client id of your PunchPlay app' })
    .max(200, { error: 'expected at most 200 characters' }),
  /** Omitted keeps the stored secret; null removes it (a public app has none). */
  clientSecret: z.string({ error: 'expected the client secret as a string or null' }).trim().min(1, { error: 'expected a non-empty secret, or null to remove it' }).max(500).nullable().optional(),
})

export function createSettingsRoutes(deps: SetupDeps): Hono<SetupEnv> {
  const routes = new Hono<SetupEnv>()

  routes.get('/settings', (c) => c.json({ settings: deps.runtime.describe() }))

  routes.patch('/settings', async (c) => {
    const body = await readJsonBody(c, SettingsBody)
    deps.runtime.update(body.values)
    return c.json({ settings: deps.runtime.describe() })
  })

  routes.get('/punchplay-app', (c) => c.json(buildPunchPlayApp(deps)))

  routes.put('/punchplay-app', async (c) => {
    const body = await readJsonBody(c, PunchPlayAppBody)
    deps.runtime.update({
      'punchplay.client_id': body.clientId,
      ...(body.clientSecret === undefined ? {} : { 'punchplay.client_secret': body.clientSecret }),
    })
    return c.json(buildPunchPlayApp(deps))
  })

  return routes
}
