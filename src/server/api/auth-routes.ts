/**
 * `/api/session` (log in, log out, who am I) and `/api/admin/password` (first password, change).
 */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { z } from 'zod'

import { PasswordAlreadySetError, WrongPasswordError } from '../../core/admin/access.js'
import { MAX_PASSWORD_LENGTH } from '../../core/admin/password.js'
import { BridgeError } from '../../core/errors.js'
import { readJsonBody } from './body.js'
import type { SetupDeps } from './deps.js'
import { clearSessionCookie, clientAddress, setSessionCookie, type SetupContext, type SetupEnv } from './guard.js'

const password = z.string({ error: 'expected the password as a string' }).max(MAX_PASSWORD_LENGTH, { error: `expected at most ${MAX_PASSWORD_LENGTH} characters` })

const LoginBody = z.strictObject({ password })
const CreatePasswordBody = z.strictObject({ password })
const ChangePasswordBody = z.strictObject({ current: password, password })

export function createAuthRoutes(deps: SetupDeps): Hono<SetupEnv> {
  const { access, loginLimiter } = deps
  const routes = new Hono<SetupEnv>()

  /** Wrong passwords count against the client; past the limit it waits, with Retry-After. */
  function throttle(c: SetupContext): string {
    const client = clientAddress(c)
    const wait = loginLimiter.retryAfterSeconds(client)
    if (wait > 0) {
      c.header('Retry-After', String(wait))
      const delay = wait < 60 ? `${wait} seconds` : `${Math.ceil(wait / 60)} minutes`
      throw new HTTPException(429, { message: `Too many wrong passwords. Try again in ${delay}.` })
    }
    return client
  }

  routes.get('/session', async (c) => {
    const session = c.get('session')
    return c.json({
      loggedIn: session !== undefined,
      passwordSet: await access.hasPassword(),
      passwordFromEnv: access.passwordFromEnv,
      ...(session === undefined ? {} : { csrfToken: session.csrfToken, expiresAt: session.expiresAt }),
    })
  })

  routes.post('/session', async (c) => {
    const client = throttle(c)
    const body = await readJsonBody(c, LoginBody)
    if (!(await access.hasPassword())) throw new BridgeError('not_configured', 'No admin password is set yet. Set one first: POST /api/admin/password.')

    const session = await access.login(body.password)
    if (session === undefined) {
      loginLimiter.recordFailure(client)
      deps.logger.warn({ client }, 'setup page login failed: wrong password')
      throw new BridgeError('unauthorized', 'Wrong password.')
    }
    loginLimiter.recordSuccess(client)
    setSessionCookie(c, session, deps.now())
    return c.json({ loggedIn: true, csrfToken: session.csrfToken, expiresAt: session.expiresAt })
  })

  routes.delete('/session', (c) => {
    const token = c.get('sessionToken')
    if (token !== undefined) access.logout(token)
    clearSessionCookie(c)
    return c.body(null, 204)
  })

  routes.post('/admin/password', async (c) => {
    const body = await readJsonBody(c, CreatePasswordBody)
    try {
      const session = await access.createPassword(body.password)
      setSessionCookie(c, session, deps.now())
      return c.json({ loggedIn: true, csrfToken: session.csrfToken, expiresAt: session.expiresAt }, 201)
    } catch (error) {
      if (error instanceof PasswordAlreadySetError) throw new HTTPException(409, { message: error.message })
      throw error
    }
  })

  routes.put('/admin/password', async (c) => {
    const client = throttle(c)
    const body = await readJsonBody(c, ChangePasswordBody)
    const token = c.get('sessionToken') ?? ''
    try {
      await access.changePassword(token, body.current, body.password)
    } catch (error) {
      if (error instanceof WrongPasswordError) loginLimiter.recordFailure(client)
      throw error
    }
    return c.body(null, 204)
  })

  return routes
}
