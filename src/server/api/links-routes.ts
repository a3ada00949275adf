/**
 * Links, their mapped media-server users, the users seen in webhooks, and device-code linking.
 */
import { Hono } from 'hono'
import { z } from 'zod'

import { removeIdentity } from '../../core/admin/identities.js'
import { BridgeError } from '../../core/errors.js'
import { SOURCE_KINDS } from '../../core/events.js'
import { addIdentity, removeLink } from '../../core/links.js'
import { readIdParam, readJsonBody } from './body.js'
import type { SetupDeps } from './deps.js'
import type { SetupEnv } from './guard.js'
import { buildLinks, buildUsers, countPendingByLink } from './views.js'

const Source = z.enum(SOURCE_KINDS, { error: `expected one of ${SOURCE_KINDS.join(', ')}` })
const UserName = z
  .string({ error: 'expected the user name as a string' })
  .trim()
  .min(1, { error: 'expected a user name' })
  .max(200, { error: 'expected at most 200 characters' })

const IdentityBody = z.strictObject({ source: Source, user: UserName })
const StartLinkBody = z.strictObject({ relinkId: z.number().int().positive().optional() })

export function createLinksRoutes(deps: SetupDeps): Hono<SetupEnv> {
  const routes = new Hono<SetupEnv>()

  routes.get('/links', (c) => {
    const pending = countPendingByLink(deps)
    return c.json({ links: buildLinks(deps).map((link) => ({ ...link, pendingCalls: pending.get(link.id) ?? 0 })) })
  })

  routes.delete('/links/:id', (c) => {
    const id = readIdParam(c, 'id')
    removeLink(deps.db, id)
    deps.logger.info({ linkId: id }, 'link removed on the setup page')
    return c.body(null, 204)
  })

  routes.post('/links/:id/users', async (c) => {
    const id = readIdParam(c, 'id')
    const identity = await readJsonBody(c, IdentityBody)
    addIdentity(deps.db, id, identity)
    return c.json({ link: buildLinks(deps).find((link) => link.id === id) }, 201)
  })

  routes.delete('/links/:id/users', (c) => {
    const id = readIdParam(c, 'id')
    const parsed = IdentityBody.safeParse({ source: c.req.query('source'), user: c.req.query('user') })
    if (!parsed.success) {
      throw new BridgeError('invalid_request', `Give the user to remove as ?source=<${SOURCE_KINDS.join('|')}>&user=<name>.`)
    }
    removeIdentity(deps.db, id, parsed.data)
    return c.body(null, 204)
  })

  routes.get('/users', (c) => c.json({ users: buildUsers(deps) }))

  routes.post('/device-links', async (c) => {
    const body = await readJsonBody(c, StartLinkBody)
    const flow = await deps.deviceLinks.start(body.relinkId === undefined ? {} : { relinkId: body.relinkId })
    return c.json(flow, 201)
  })

  routes.get('/device-links/:id', (c) => c.json(deps.deviceLinks.get(c.req.param('id'))))

  routes.delete('/device-links/:id', (c) => c.json(deps.deviceLinks.cancel(c.req.param('id'))))

  return routes
}
