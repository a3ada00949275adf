/**
 * The setup page's HTML routes and its two assets. Each page renders the same data that the
 * JSON API returns; the script then calls the API for every change.
 */
import { Hono } from 'hono'

import type { SetupDeps } from '../api/deps.js'
import { guardPage, requestOrigin, type SetupContext, type SetupEnv } from '../api/guard.js'
import {
  buildKodiHosts,
  buildLinks,
  buildNowPlaying,
  buildOutbox,
  buildOverview,
  buildPayloads,
  buildPunchPlayApp,
  buildSources,
  buildUsers,
  countPendingByLink,
  listReceivedEvents,
  webhookBase,
} from '../api/views.js'
import { CLIENT_SCRIPT } from './assets/client-script.js'
import { STYLES } from './assets/styles.js'
import { ActivityPage } from './pages/activity.js'
import { FirstRunPage, LoginPage } from './pages/access.js'
import { LinksPage } from './pages/links.js'
import { OverviewPage } from './pages/overview.js'
import { PunchPlayPage } from './pages/punchplay.js'
import { SettingsPage } from './pages/settings.js'
import { SourcesPage } from './pages/sources.js'

/** Assets change only with a new version, so browsers may keep them for an hour. */
const ASSET_CACHE = 'public, max-age=3600'

export function createPageRoutes(deps: SetupDeps): Hono<SetupEnv> {
  const pages = new Hono<SetupEnv>()
  const requireLogin = guardPage(deps.access)
  const open = guardPage(deps.access, { public: true })
  const { version } = deps

  function csrfOf(c: SetupContext): string {
    return c.get('session')?.csrfToken ?? ''
  }

  pages.get('/assets/app.css', (c) => c.body(STYLES, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': ASSET_CACHE }))
  pages.get('/assets/app.js', (c) => c.body(CLIENT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': ASSET_CACHE }))

  pages.get('/first-run', open, async (c) => {
    if (await deps.access.hasPassword()) return c.redirect(c.get('session') === undefined ? '/login' : '/', 303)
    return c.html(<FirstRunPage version={version} />)
  })

  pages.get('/login', open, async (c) => {
    if (!(await deps.access.hasPassword())) return c.redirect('/first-run', 303)
    if (c.get('session') !== undefined) return c.redirect('/', 303)
    return c.html(<LoginPage version={version} />)
  })

  pages.get('/', requireLogin, (c) => c.html(<OverviewPage version={version} csrfToken={csrfOf(c)} overview={buildOverview(deps)} />))

  pages.get('/punchplay', requireLogin, (c) => c.html(<PunchPlayPage version={version} csrfToken={csrfOf(c)} app={buildPunchPlayApp(deps)} />))

  pages.get('/links', requireLogin, (c) => {
    const pending = countPendingByLink(deps)
    const links = buildLinks(deps).map((link) => ({ ...link, pendingCalls: pending.get(link.id) ?? 0 }))
    const linkedId = Number(c.req.query('linked'))
    return c.html(
      <LinksPage
        version={version}
        csrfToken={csrfOf(c)}
        appConfigured={deps.runtime.current().punchplay.client_id !== undefined}
        links={links}
        users={buildUsers(deps)}
        justLinked={links.find((link) => link.id === linkedId)}
      />,
    )
  })

  pages.get('/sources', requireLogin, async (c) =>
    c.html(
      <SourcesPage
        version={version}
        csrfToken={csrfOf(c)}
        sources={buildSources(deps, requestOrigin(c))}
        base={webhookBase(deps, requestOrigin(c))}
        kodiHosts={await buildKodiHosts(deps)}
      />,
    ),
  )

  pages.get('/activity', requireLogin, async (c) =>
    c.html(
      <ActivityPage
        version={version}
        csrfToken={csrfOf(c)}
        nowPlaying={await buildNowPlaying(deps)}
        events={listReceivedEvents(deps, 50)}
        outbox={buildOutbox(deps)}
        payloads={buildPayloads(deps, undefined, 10)}
      />,
    ),
  )

  pages.get('/settings', requireLogin, (c) =>
    c.html(<SettingsPage version={version} csrfToken={csrfOf(c)} settings={deps.runtime.describe()} passwordFromEnv={deps.access.passwordFromEnv} />),
  )

  return pages
}

