import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'

export interface FakeMediaServer {
  url: string
  /** Requests received, as `METHOD path?query`. */
  requests: string[]
  /** Header values of the last request, lower-cased names. */
  lastHeaders: Record<string, string>
  /** Fail every request with this status from now on; null restores normal responses. */
  failWith(status: number | null): void
  close(): Promise<void>
}

async function listen(app: Hono): Promise<{ url: string; server: ServerType }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve({ url: `http://127.0.0.1:${info.port}`, server }))
  })
}

/** Start a fake Plex Media Server that serves `/library/metadata/<key>` with each show's Guid array. */
export async function startFakePlexServer(shows: Record<string, { year: number; guids: string[] }>, token: string): Promise<FakeMediaServer> {
  const requests: string[] = []
  let lastHeaders: Record<string, string> = {}
  let failure: number | null = null
  const app = new Hono()

  app.use('*', async (c, next) => {
    requests.push(`${c.req.method} ${c.req.path}?${new URL(c.req.url).searchParams.toString()}`)
    lastHeaders = Object.fromEntries(Object.entries(c.req.header()).map(([name, value]) => [name.toLowerCase(), value]))
    if (failure !== null) return c.text('failure', failure as 500)
    if (c.req.header('x-plex-token') !== token) return c.text('Unauthorized', 401)
    return next()
  })
  app.get('/library/metadata/:key', (c) => {
    const show = shows[c.req.param('key')]
    if (show === undefined) return c.json({ MediaContainer: { size: 0 } }, 404)
    return c.json({ MediaContainer: { size: 1, Metadata: [{ type: 'show', year: show.year, Guid: show.guids.map((id) => ({ id })) }] } })
  })

  const { url, server } = await listen(app)
  return {
    url,
    requests,
    get lastHeaders() {
      return lastHeaders
    },
    failWith: (status) => (failure = status),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Start a fake Jellyfin server that returns the series' ProviderIds from `/Items?ids=<id>`. */
export async function startFakeJellyfinServer(series: Record<string, { year: number; providerIds: Record<string, string> }>, apiKey: string): Promise<FakeMediaServer> {
  const requests: string[] = []
  let lastHeaders: Record<string, string> = {}
  let failure: number | null = null
  const app = new Hono()

  app.use('*', async (c, next) => {
    requests.push(`${c.req.method} ${c.req.path}?${new URL(c.req.url).searchParams.toString()}`)
    lastHeaders = Object.fromEntries(Object.entries(c.req.header()).map(([name, value]) => [name.toLowerCase(), value]))
    if (failure !== null) return c.text('failure', failure as 500)
    if (c.req.header('authorization') !== `MediaBrowser Token="${apiKey}"`) return c.text('Unauthorized', 401)
    return next()
  })
  app.get('/Items', (c) => {
    const ids = (c.req.query('ids') ?? '').split(',')
    const items = ids.flatMap((id) => {
      const found = series[id]
      return found === undefined ? [] : [{ Id: id, Type: 'Series', ProductionYear: found.year, ProviderIds: found.providerIds }]
    })
    return c.json({ Items: items, TotalRecordCount: items.length })
  })

  const { url, server } = await listen(app)
  return {
    url,
    requests,
    get lastHeaders() {
      return lastHeaders
    },
    failWith: (status) => (failure = status),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
