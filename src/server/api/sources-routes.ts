/**
 * Media-server sources: webhook URLs, the last payload received, a dry run of a pasted payload
 * through its adapter, and the Kodi hosts.
 */
import { Hono } from 'hono'
import { z } from 'zod'

import { BridgeError } from '../../core/errors.js'
import { SOURCE_KINDS, type SourceKind } from '../../core/events.js'
import { findLinkIdForUser } from '../../core/links.js'
import { readJsonBody } from './body.js'
import type { SetupDeps } from './deps.js'
import { requestOrigin, type SetupEnv } from './guard.js'
import { buildKodiHosts, buildSources } from './views.js'

const CheckBody = z.strictObject({ payload: z.unknown() })

const KodiHostBody = z.strictObject({
  name: z.string({ error: 'expected a name' }).trim().min(1, { error: 'expected a name' }).max(64, { error: 'expected at most 64 characters' }),
  host: z
    .string({ error: 'expected a host name or IP address' })
    .trim()
    .regex(/^[A-Za-z0-9.-]{1,253}$|^\[?[0-9A-Fa-f:]{2,45}\]?$/, { error: 'expected a host name or IP address, without http:// or a port' }),
  port: z.number({ error: 'expected a port number' }).int().min(1, { error: 'expected a port from 1 to 65535' }).max(65535, { error: 'expected a port from 1 to 65535' }).default(9090),
})

export type PayloadCheck =
  | {
      outcome: 'event'
      event: { kind: string; user: string; title: string; type: string; positionSeconds: number | null }
      /** The link the user is mapped to; null means the bridge would drop the event. */
      linkId: number | null
    }
  | { outcome: 'ignored'; event: string; reason: string }
  | { outcome: 'invalid'; reason: string }

function readSource(text: string | undefined): SourceKind {
  const source = (text ?? '').toLowerCase()
  if (!(SOURCE_KINDS as readonly string[]).includes(source)) {
    throw new BridgeError('not_found', `Unknown source "${(text ?? '').slice(0, 40)}": expected one of ${SOURCE_KINDS.join(', ')}.`)
  }
  return source as SourceKind
}

export function createSourcesRoutes(deps: SetupDeps): Hono<SetupEnv> {
  const routes = new Hono<SetupEnv>()

  function requireKodi() {
    if (deps.kodiHosts === undefined) throw new BridgeError('not_configured', 'Kodi hosts are not available in this build of the bridge.')
    return deps.kodiHosts
  }

  routes.get('/sources', (c) => c.json({ sources: buildSources(deps, requestOrigin(c)) }))

  routes.post('/sources/:source/check', async (c) => {
    const source = readSource(c.req.param('source'))
    const parser = deps.payloadParsers[source]
    if (parser === undefined) throw new BridgeError('invalid_request', `Pasted ${source} payloads cannot be checked: ${source} sends no webhook payloads to this bridge.`)

    const body = await readJsonBody(c, CheckBody)
    return c.json(checkPayload(deps, source, parser, body.payload))
  })

  routes.get('/kodi/hosts', async (c) => c.json({ hosts: await buildKodiHosts(deps) }))

  routes.post('/kodi/hosts', async (c) => {
    const kodi = requireKodi()
    const host = await readJsonBody(c, KodiHostBody)
    return c.json(await kodi.add(host), 201)
  })

  routes.delete('/kodi/hosts/:name', async (c) => {
    await requireKodi().remove(c.req.param('name'))
    return c.body(null, 204)
  })

  return routes
}

/** Run a pasted payload through the source's adapter only: nothing is stored or sent. */
function checkPayload(deps: SetupDeps, source: SourceKind, parser: NonNullable<SetupDeps['payloadParsers'][SourceKind]>, pasted: unknown): PayloadCheck {
  let payload = pasted
  if (typeof pasted === 'string') {
    try {
      payload = JSON.parse(pasted)
    } catch {
      return { outcome: 'invalid', reason: 'The pasted text is not valid JSON. Paste the JSON part of the payload only.' }
    }
  }

  const result = parser(payload, { receivedAt: deps.now() })
  if (!result.ok) {
    return result.outcome === 'invalid' ? { outcome: 'invalid', reason: result.reason } : { outcome: 'ignored', event: result.event, reason: result.reason }
  }

  const { event } = result
  const names = event.user.id === undefined ? [event.user.name] : [event.user.name, event.user.id]
  return {
    outcome: 'event',
    event: {
      kind: event.kind,
      user: event.user.name,
      title: event.item.title,
      type: event.item.type,
      positionSeconds: event.positionSeconds ?? null,
    },
    linkId: findLinkIdForUser(deps.db, source, names) ?? null,
  }
}
