import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { DeviceLinkView } from '../../src/core/device-links.js'
import type { LinkSummary } from '../../src/core/links.js'
import { linksTable } from '../../src/core/storage/schema.js'
import { startFakePunchPlay, type FakePunchPlay } from '../fake-punchplay/index.js'
import { readFixture } from '../support/bridge.js'
import { ApiClient, postPlex, startApiBridge, waitUntil, type ApiBridge } from './support.js'

describe('links API', () => {
  let fake: FakePunchPlay
  let sut: ApiBridge
  let client: ApiClient

  beforeEach(async () => {
    fake = await startFakePunchPlay()
  })

  afterEach(async () => {
    await sut.stop()
    await fake.close()
  })

  async function start(options: { withClientId?: boolean } = {}): Promise<void> {
    sut = await startApiBridge({ fake, ...options })
    client = new ApiClient(sut.bridge)
    await client.logIn()
  }

  async function pollFlow(id: string, state: DeviceLinkView['state']): Promise<DeviceLinkView> {
    let view: DeviceLinkView | undefined
    await waitUntil(async () => {
      view = (await client.json<DeviceLinkView>('GET', `/api/device-links/${id}`)).body
      return view.state === state
    })
    if (view === undefined) throw new Error('no view')
    return view
  }

  async function listLinks(): Promise<Array<LinkSummary & { pendingCalls: number }>> {
    return (await client.json<{ links: Array<LinkSummary & { pendingCalls: number }> }>('GET', '/api/links')).body.links
  }

  describe('device flow', () => {
    it('should link an account once approved', async () => {
      await start()

      const started = await client.json<DeviceLinkView>('POST', '/api/device-links', { body: {} })
      fake.approve(started.body.userCode, 'sam')
      const approved = await pollFlow(started.body.id, 'approved')

      expect(started.status).toBe(201)
      expect(started.body).toMatchObject({ state: 'pending', relinkId: null, linkId: null })
      expect(started.body.userCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
      expect(started.body.verificationUriComplete).toContain(encodeURIComponent(started.body.userCode))
      expect(started.body.qrImage).toMatch(/^data:image\/png;base64,/)
      expect(approved).toMatchObject({ state: 'approved', username: 'sam' })
      expect(await listLinks()).toMatchObject([{ id: approved.linkId, username: 'sam', state: 'active', identities: [] }])
      expect(JSON.stringify(approved)).not.toMatch(/token/i)
    })

    it('should report a denied code', async () => {
      await start()

      const started = await client.json<DeviceLinkView>('POST', '/api/device-links', { body: {} })
      fake.deny(started.body.userCode)
      const denied = await pollFlow(started.body.id, 'denied')

      expect(denied.message).toMatch(/denied on PunchPlay/)
      expect(await listLinks()).toEqual([])
    })

    it('should report an expired code', async () => {
      await start()

      const started = await client.json<DeviceLinkView>('POST', '/api/device-links', { body: {} })
      fake.expire(started.body.userCode)
      const expired = await pollFlow(started.body.id, 'expired')

      expect(expired.message).toMatch(/expired/)
    })

    it('should renew a link that needs re-linking', async () => {
      await start()
      const first = await client.json<DeviceLinkView>('POST', '/api/device-links', { body: {} })
      fake.approve(first.body.userCode, 'sam')
      const { linkId } = await pollFlow(first.body.id, 'approved')
      sut.bridge.db.update(linksTable).set({ state: 'needs_relink', stateReason: 'token refresh rejected (invalid_grant)' }).where(eq(linksTable.id, linkId ?? 0)).run()

      const relinking = await client.json<DeviceLinkView>('POST', '/api/device-links', { body: { relinkId: linkId } })
      fake.approve(relinking.body.userCode, 'sam')
      const renewed = await pollFlow(relinking.body.id, 'approved')

      expect(renewed).toMatchObject({ relinkId: linkId, linkId })
      expect(await listLinks()).toMatchObject([{ id: linkId, state: 'active', stateReason: null }])
    })

    it('should reject a re-link of an unknown link', async () => {
      await start()

      const result = await client.json('POST', '/api/device-links', { body: { relinkId: 99 } })

      expect(result.status).toBe(404)
    })

    it('should say what is missing without a client id', async () => {
      await start({ withClientId: false })

      const result = await client.json('POST', '/api/device-links', { body: {} })

      expect(result.status).toBe(409)
      expect(result.body['message']).toMatch(/No PunchPlay client id/)
    })

    it('should use a client id entered on the page at once', async () => {
      await start({ withClientId: false })

      const saved = await client.json('PUT', '/api/punchplay-app', { body: { clientId: fake.clientId } })
      const started = await client.json<DeviceLinkView>('POST', '/api/device-links', { body: {} })

      expect(saved.status).toBe(200)
      expect(saved.body).toMatchObject({ clientId: { value: fake.clientId, origin: 'page', locked: false } })
      expect(started.status).toBe(201)
    })

    it('should map a PunchPlay error to 502', async () => {
      await start()
      fake.failNext('device/code', { status: 400, error: 'invalid_client' })

      const result = await client.json('POST', '/api/device-links', { body: {} })

      expect(result.status).toBe(502)
      expect(result.body['message']).toMatch(/PunchPlay did not issue a code: .*invalid_client/)
    })

    it('should cancel a waiting flow', async () => {
      await start()

      const started = await client.json<DeviceLinkView>('POST', '/api/device-links', { body: {} })
      const cancelled = await client.json<DeviceLinkView>('DELETE', `/api/device-links/${started.body.id}`)

      expect(cancelled.body.state).toBe('cancelled')
    })
  })

  describe('user mapping', () => {
    async function linkSam(): Promise<number> {
      const started = await client.json<DeviceLinkView>('POST', '/api/device-links', { body: {} })
      fake.approve(started.body.userCode, 'sam')
      return (await pollFlow(started.body.id, 'approved')).linkId ?? 0
    }

    it('should list users seen in webhooks with counts', async () => {
      await start()
      await postPlex(sut, readFixture('plex/movie-play-newagent.json'))

      const users = await client.json<{ users: Array<Record<string, unknown>> }>('GET', '/api/users')

      expect(users.body.users).toMatchObject([{ source: 'plex', eventCount: 1, droppedCount: 1, linkId: null }])
    })

    it('should map, refuse a second link, and unmap', async () => {
      await start()
      const linkId = await linkSam()
      const other = await linkSam()

      const mapped = await client.json('POST', `/api/links/${linkId}/users`, { body: { source: 'plex', user: 'Sam Rivera' } })
      const twice = await client.json('POST', `/api/links/${other}/users`, { body: { source: 'plex', user: 'sam rivera' } })
      const removed = await client.call('DELETE', `/api/links/${linkId}/users?source=plex&user=${encodeURIComponent('Sam Rivera')}`)
      const missing = await client.call('DELETE', `/api/links/${linkId}/users?source=plex&user=nobody`)

      expect(mapped.status).toBe(201)
      expect(mapped.body).toMatchObject({ link: { id: linkId, identities: [{ source: 'plex', user: 'Sam Rivera' }] } })
      expect(twice.status).toBe(400)
      expect(twice.body['message']).toMatch(/already mapped to link/)
      expect(removed.status).toBe(204)
      expect(missing.status).toBe(404)
    })

    it('should reject an unknown source with the choices', async () => {
      await start()
      const linkId = await linkSam()

      const result = await client.json('POST', `/api/links/${linkId}/users`, { body: { source: 'vlc', user: 'sam' } })

      expect(result.status).toBe(400)
      expect(result.body['message']).toMatch(/source: expected one of plex, jellyfin, emby, kodi/)
    })

    it('should unlink', async () => {
      await start()
      const linkId = await linkSam()

      const removed = await client.call('DELETE', `/api/links/${linkId}`)
      const again = await client.call('DELETE', `/api/links/${linkId}`)
      const badId = await client.json('DELETE', '/api/links/abc')

      expect(removed.status).toBe(204)
      expect(again.status).toBe(404)
      expect(badId.status).toBe(400)
      expect(await listLinks()).toEqual([])
    })
  })
})
