/**
 * Login and CSRF checks for the setup page and its API. Webhooks and /healthz never pass
 * through here: they are mounted outside these routes and keep their own token check.
 *
 * State-changing requests need all of: an Origin (when the browser sends one) naming this
 * host, no cross-site `Sec-Fetch-Site`, a JSON body (checked where bodies are read), and for a
 * logged-in session its CSRF token in `X-CSRF-Token`. The cookie is SameSite=Strict as well.
 */
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { HTTPException } from 'hono/http-exception'

import { secretsEqual, type AdminAccess, type AdminSession, type AuthenticatedSession } from '../../core/admin/access.js'
import { BridgeError } from '../../core/errors.js'

export const SESSION_COOKIE = 'ppb_session'
export const CSRF_HEADER = 'x-csrf-token'

/** The page loads its own script, styles and images only; the QR code is a data: URI. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

export interface SetupVariables {
  session: AuthenticatedSession | undefined
  sessionToken: string | undefined
}

export type SetupEnv = { Variables: SetupVariables }
export type SetupContext = Context<SetupEnv>

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** API routes open without a login: the login itself and the first-run password. */
const PUBLIC_API = new Set(['GET /api/session', 'POST /api/session', 'POST /api/admin/password'])

/** Tell whether the browser reached the bridge over https, directly or behind a proxy that sets X-Forwarded-Proto. */
export function isHttps(c: Context): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true
  // Trusting the header can only add the Secure flag, which a plain-http attacker gains nothing from.
  return c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https'
}

/** Return the origin the browser used: its Host header, with https when `isHttps`. */
export function requestOrigin(c: Context): string {
  const host = c.req.header('host') ?? new URL(c.req.url).host
  return `${isHttps(c) ? 'https' : 'http'}://${host}`
}

export function setSessionCookie(c: Context, session: AdminSession, now: number): void {
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    path: '/',
    maxAge: Math.max(1, Math.floor((session.expiresAt - now) / 1000)),
  })
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) })
}

/** Return the client's address for the login limit, or `unknown` for in-process test requests. */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

function loadSession(c: SetupContext, access: AdminAccess): void {
  const token = getCookie(c, SESSION_COOKIE)
  const session = token === undefined || token === '' ? undefined : access.authenticate(token)
  c.set('session', session)
  c.set('sessionToken', session === undefined ? undefined : token)
}

/**
 * Reject a state-changing request that a browser sent from another site.
 *
 * @throws HTTPException 403 naming the check that failed.
 */
function checkSameOrigin(c: Context): void {
  const fetchSite = c.req.header('sec-fetch-site')
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw new HTTPException(403, { message: `Cross-site request rejected (Sec-Fetch-Site: ${fetchSite}).` })
  }

  const origin = c.req.header('origin')
  if (origin === undefined) return
  let originHost: string
  try {
    originHost = new URL(origin).host
  } catch {
    throw new HTTPException(403, { message: 'Request rejected: the Origin header is not a URL.' })
  }
  // Compared by host only, because behind a TLS proxy the bridge gets http while the browser sends https.
  const host = c.req.header('host') ?? new URL(c.req.url).host
  if (originHost !== host) throw new HTTPException(403, { message: 'Cross-origin request rejected: the Origin does not match this host.' })
}

function checkCsrfToken(c: SetupContext, session: AuthenticatedSession): void {
  const sent = c.req.header(CSRF_HEADER)
  if (sent === undefined || sent === '' || !secretsEqual(sent, session.csrfToken)) {
    throw new HTTPException(403, { message: 'Missing or wrong X-CSRF-Token header: send the csrfToken from the login response or GET /api/session.' })
  }
}

/** Guard every /api route: no caching, same-origin writes, and a session with its CSRF token. */
export function guardApi(access: AdminAccess): MiddlewareHandler<SetupEnv> {
  return async function requireApiSession(c, next) {
    c.header('Cache-Control', 'no-store')
    loadSession(c, access)
    const unsafe = !SAFE_METHODS.has(c.req.method)
    if (unsafe) checkSameOrigin(c)

    if (PUBLIC_API.has(`${c.req.method} ${c.req.path}`)) return next()

    const session = c.get('session')
    if (session === undefined) {
      throw new BridgeError('unauthorized', (await access.hasPassword()) ? 'Log in first: POST /api/session with the admin password.' : 'Set the admin password first: POST /api/admin/password.')
    }
    if (unsafe) checkCsrfToken(c, session)
    return next()
  }
}

/** Pages: security headers, and a redirect to the login (or first-run) page without a session. */
export function guardPage(access: AdminAccess, options: { public?: boolean } = {}): MiddlewareHandler<SetupEnv> {
  return async function requirePageSession(c, next) {
    c.header('Cache-Control', 'no-store')
    c.header('Content-Security-Policy', PAGE_CSP)
    loadSession(c, access)
    if (options.public === true || c.get('session') !== undefined) return next()

    if (!(await access.hasPassword())) return c.redirect('/first-run', 303)
    const returnTo = c.req.path === '/' ? '' : `?next=${encodeURIComponent(c.req.path)}`
    return c.redirect(`/login${returnTo}`, 303)
  }
}
