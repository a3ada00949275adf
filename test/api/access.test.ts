import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'

import { PASSWORD_SETTING } from '../../src/core/admin/access.js'
import { settingsTable } from '../../src/core/storage/schema.js'
import { readFixture } from '../support/bridge.js'
import { ADMIN_PASSWORD, ApiClient, postPlex, startApiBridge, type ApiBridge } from './support.js'

describe('setup page access', () => {
  let sut: ApiBridge

  afterEach(async () => {
    await sut.stop()
  })

  describe('first run', () => {
    it('should ask for a password before anything else', async () => {
      sut = await startApiBridge()
      const client = new ApiClient(sut.bridge)

      const status = await client.json('GET', '/api/session')
      const links = await client.json('GET', '/api/links')
      const page = await client.call('GET', '/links')

      expect(status.body).toEqual({ loggedIn: false, passwordSet: false, passwordFromEnv: false })
      expect(links.status).toBe(401)
      expect(links.body['message']).toMatch(/Set the admin password first/)
      expect(page.status).toBe(303)
      expect(page.headers.get('location')).toBe('/first-run')
    })

    it('should reject a short password with the reason', async () => {
      sut = await startApiBridge()
      const client = new ApiClient(sut.bridge)

      const result = await client.json('POST', '/api/admin/password', { body: { password: 'short' } })

      expect(result.status).toBe(400)
      expect(result.body).toEqual({ code: 'invalid_request', message: 'The password must be at least 10 characters long.' })
    })

    it('should store a scrypt hash and log in with a strict cookie', async () => {
      sut = await startApiBridge()
      const client = new ApiClient(sut.bridge)

      const response = await client.call('POST', '/api/admin/password', { body: { password: ADMIN_PASSWORD } })
      const body = (await response.json()) as Record<string, unknown>
      const stored = sut.bridge.db.select().from(settingsTable).where(eq(settingsTable.key, PASSWORD_SETTING)).get()?.value ?? ''

      expect(response.status).toBe(201)
      expect(body['csrfToken']).toMatch(/^[A-Za-z0-9_-]{43}$/)
      const cookie = response.headers.get('set-cookie') ?? ''
      expect(cookie).toMatch(/^ppb_session=[A-Za-z0-9_-]{43};/)
      expect(cookie).toContain('HttpOnly')
      expect(cookie).toContain('SameSite=Strict')
      expect(cookie).not.toContain('Secure')
      expect(stored).toMatch(/^scrypt\$65536\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/)
      expect(stored).not.toContain(ADMIN_PASSWORD)
    })

    it('should refuse a second first-run password with 409', async () => {
      sut = await startApiBridge()
      await new ApiClient(sut.bridge).logIn()

      const second = await new ApiClient(sut.bridge).json('POST', '/api/admin/password', { body: { password: 'another long password' } })

      expect(second.status).toBe(409)
      expect(second.body['message']).toMatch(/already set/)
    })
  })

  describe('login', () => {
    it('should accept the password and reject a wrong one', async () => {
      sut = await startApiBridge()
      await new ApiClient(sut.bridge).logIn()
      const client = new ApiClient(sut.bridge)

      const wrong = await client.json('POST', '/api/session', { body: { password: 'not the password' } })
      const right = await client.json<{ csrfToken: string }>('POST', '/api/session', { body: { password: ADMIN_PASSWORD } })

      expect(wrong.status).toBe(401)
      expect(wrong.body).toEqual({ code: 'unauthorized', message: 'Wrong password.' })
      expect(right.status).toBe(200)
      expect(client.cookie).toMatch(/^ppb_session=/)
    })

    it('should rate-limit wrong passwords, even before a right one', async () => {
      sut = await startApiBridge()
      await new ApiClient(sut.bridge).logIn()
      const client = new ApiClient(sut.bridge)

      for (let attempt = 0; attempt < 5; attempt += 1) {
        expect((await client.call('POST', '/api/session', { body: { password: `wrong ${attempt} password` } })).status).toBe(401)
      }
      const limited = await client.call('POST', '/api/session', { body: { password: ADMIN_PASSWORD } })

      expect(limited.status).toBe(429)
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
      const body = (await limited.json()) as { code: string; message: string }
      expect(body.code).toBe('rate_limited')
      expect(body.message).toMatch(/Too many wrong passwords/)
    })

    it('should set Secure behind an https proxy', async () => {
      sut = await startApiBridge()
      await new ApiClient(sut.bridge).logIn()

      const response = await new ApiClient(sut.bridge).call('POST', '/api/session', {
        body: { password: ADMIN_PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      })

      expect(response.headers.get('set-cookie')).toContain('Secure')
    })

    it('should end the session on logout', async () => {
      sut = await startApiBridge()
      const client = new ApiClient(sut.bridge)
      await client.logIn()
      const cookie = client.cookie

      const logout = await client.call('DELETE', '/api/session')
      client.cookie = cookie
      const after = await client.call('GET', '/api/links')

      expect(logout.status).toBe(204)
      expect(after.status).toBe(401)
    })
  })

  describe('CSRF and origin checks', () => {
    it('should require the CSRF token on changes', async () => {
      sut = await startApiBridge()
      const client = new ApiClient(sut.bridge)
      await client.logIn()

      const read = await client.call('GET', '/api/settings', { withoutCsrf: true })
      const change = await client.json('PATCH', '/api/settings', { body: { values: {} }, withoutCsrf: true })
      const wrong = await client.json('PATCH', '/api/settings', { body: { values: {} }, headers: { 'x-csrf-token': 'forged' }, withoutCsrf: true })

      expect(read.status).toBe(200)
      expect(change.status).toBe(403)
      expect(change.body['message']).toMatch(/X-CSRF-Token/)
      expect(wrong.status).toBe(403)
    })

    it('should reject cross-site requests that carry the token', async () => {
      sut = await startApiBridge()
      const client = new ApiClient(sut.bridge)
      await client.logIn()

      const foreignOrigin = await client.call('PATCH', '/api/settings', { body: { values: {} }, headers: { origin: 'http://evil.example', host: 'bridge.local:8787' } })
      const crossSite = await client.call('PATCH', '/api/settings', { body: { values: {} }, headers: { 'sec-fetch-site': 'cross-site' } })
      const sameOrigin = await client.call('PATCH', '/api/settings', { body: { values: {} }, headers: { origin: 'http://bridge.local:8787', host: 'bridge.local:8787' } })

      expect(foreignOrigin.status).toBe(403)
      expect(crossSite.status).toBe(403)
      expect(sameOrigin.status).toBe(200)
    })

    it('should accept only JSON bodies', async () => {
      sut = await startApiBridge()
      const client = new ApiClient(sut.bridge)
      await client.logIn()

      const form = await client.json('POST', '/api/session', { body: 'password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } })

      expect(form.status).toBe(415)
    })
  })

  describe('routes outside the login', () => {
    it('should keep /healthz and webhooks open', async () => {
      sut = await startApiBridge()
      await new ApiClient(sut.bridge).logIn()

      const health = await fetch(`${sut.baseUrl}/healthz`)
      const webhook = await postPlex(sut, readFixture('plex/movie-play-newagent.json'))

      expect(health.status).toBe(200)
      expect(webhook.status).toBe(200)
    })

    it('should not show the webhook token before login', async () => {
      sut = await startApiBridge()
      await new ApiClient(sut.bridge).logIn()
      const stranger = new ApiClient(sut.bridge)

      const api = await stranger.call('GET', '/api/sources')
      const page = await stranger.call('GET', '/sources')

      expect(api.status).toBe(401)
      expect(await api.text()).not.toContain(sut.bridge.webhookToken)
      expect(page.status).toBe(303)
      expect(page.headers.get('location')).toBe('/login?next=%2Fsources')
    })

    it('should send security headers with pages', async () => {
      sut = await startApiBridge()
      const client = new ApiClient(sut.bridge)
      await client.logIn()

      const page = await client.call('GET', '/settings')

      expect(page.status).toBe(200)
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN')
      expect(page.headers.get('cache-control')).toBe('no-store')
    })
  })

  describe('BRIDGE_ADMIN_PASSWORD', () => {
    it('should set the password and lock it', async () => {
      sut = await startApiBridge({ env: { BRIDGE_ADMIN_PASSWORD: 'from the environment' } })
      const client = new ApiClient(sut.bridge)

      const status = await client.json('GET', '/api/session')
      await client.logIn('from the environment')
      const change = await client.json('PUT', '/api/admin/password', { body: { current: 'from the environment', password: 'a brand new password' } })

      expect(status.body).toMatchObject({ passwordSet: true, passwordFromEnv: true })
      expect(change.status).toBe(400)
      expect(change.body['message']).toMatch(/BRIDGE_ADMIN_PASSWORD/)
    })

    it('should never log the password', async () => {
      sut = await startApiBridge({ env: { BRIDGE_ADMIN_PASSWORD: 'from the environment' } })
      const client = new ApiClient(sut.bridge)
      await client.logIn('from the environment')
      await client.call('POST', '/api/session', { body: { password: 'a wrong guess here' } })

      expect(sut.logs.join('\n')).not.toContain('from the environment')
      expect(sut.logs.join('\n')).not.toContain('a wrong guess here')
    })
  })

  describe('password change', () => {
    it('should end the other sessions', async () => {
      sut = await startApiBridge()
      const first = new ApiClient(sut.bridge)
      await first.logIn()
      const second = new ApiClient(sut.bridge)
      await second.logIn()

      const wrong = await first.json('PUT', '/api/admin/password', { body: { current: 'not it at all', password: 'a brand new password' } })
      const change = await first.call('PUT', '/api/admin/password', { body: { current: ADMIN_PASSWORD, password: 'a brand new password' } })

      expect(wrong.status).toBe(400)
      expect(wrong.body['message']).toBe('The current password is wrong.')
      expect(change.status).toBe(204)
      expect((await first.call('GET', '/api/links')).status).toBe(200)
      expect((await second.call('GET', '/api/links')).status).toBe(401)
    })
  })
})
