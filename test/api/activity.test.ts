import { asc } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { DeviceLinkView } from '../../src/core/device-links.js'
import type { OutboxCall } from '../../src/core/outbox-admin.js'
import { outboxTable } from '../../src/core/storage/schema.js'
import type { LinkActivity, OutboxView, SourceView } from '../../src/server/api/views.js'
import { startFakePunchPlay, type FakePunchPlay } from '../fake-punchplay/index.js'
import { readFixture, waitFor } from '../support/bridge.js'
import { ApiClient, postPlex, startApiBridge, waitUntil, type ApiBridge } from './support.js'

const moviePlay = readFixture('plex/movie-play-newagent.json')

describe('activity and sources API', () => {
  let fake: FakePunchPlay
  let sut: ApiBridge
  let client: ApiClient

  beforeEach(async () => {
    fake = await startFakePunchPlay()
    sut = await startApiBridge({ fake })
    client = new ApiClient(sut.bridge)
    await client.logIn()
  })

  afterEach(async () => {
    await sut.stop()
    await fake.close()
  })

  async function linkSam(): Promise<number> {
    const started = await client.json<DeviceLinkView>('POST', '/api/device-links', { body: {} })
    fake.approve(started.body.userCode, 'sam')
    let linkId = 0
    await waitUntil(async () => {
      const view = (await client.json<DeviceLinkView>('GET', `/api/device-links/${started.body.id}`)).body
      linkId = view.linkId ?? 0
      return view.state === 'approved'
    })
    await client.call('POST', `/api/links/${linkId}/users`, { body: { source: 'plex', user: 'sam_rivera' } })
    return linkId
  }

  function outboxRows() {
    return sut.bridge.db.select().from(outboxTable).orderBy(asc(outboxTable.id)).all()
  }

  describe('outbox', () => {
    it('should list and retry a failed call', async () => {
      await linkSam()
      fake.failNext('playback', { status: 400, error: 'invalid_request' })
      await postPlex(sut, moviePlay)
      await waitFor(() => outboxRows()[0]?.status === 'failed')

      const before = await client.json<OutboxView>('GET', '/api/outbox')
      const failed = before.body.failed[0] as OutboxCall
      const retried = await client.call('POST', `/api/outbox/${failed.id}/retry`)
      await waitFor(() => outboxRows()[0]?.status === 'sent')
      const again = await client.json('POST', `/api/outbox/${failed.id}/retry`)

      expect(before.body.summary).toMatchObject({ pending: 0, failed: 1 })
      expect(failed).toMatchObject({ action: 'start', status: 'failed', title: 'The Matrix' })
      expect(failed.requestId).toMatch(/^ppreq_/)
      expect(failed.lastError).toMatch(/HTTP 400/)
      expect(retried.status).toBe(204)
      expect(fake.playbackCalls).toHaveLength(1)
      expect(again.status).toBe(400)
      expect(again.body['message']).toMatch(/is sent; only failed or expired calls/)
    })

    it('should discard a failed call', async () => {
      await linkSam()
      fake.failNext('playback', { status: 400 })
      await postPlex(sut, moviePlay)
      await waitFor(() => outboxRows()[0]?.status === 'failed')
      const id = outboxRows()[0]?.id ?? 0

      const discarded = await client.call('POST', `/api/outbox/${id}/discard`)
      const after = await client.json<OutboxView>('GET', '/api/outbox')

      expect(discarded.status).toBe(204)
      expect(outboxRows()[0]?.status).toBe('discarded')
      expect(after.body.failed).toEqual([])
    })

    it('should answer 404 for an unknown call', async () => {
      const result = await client.json('POST', '/api/outbox/4242/retry')

      expect(result.status).toBe(404)
    })
  })

  describe('activity', () => {
    it('should show what plays now', async () => {
      const linkId = await linkSam()
      await postPlex(sut, moviePlay)
      await waitFor(() => fake.playbackCalls.length >= 1)

      const activity = await client.json<{ nowPlaying: LinkActivity[]; events: Array<Record<string, unknown>> }>('GET', '/api/activity')
      const link = activity.body.nowPlaying[0]

      expect(link).toMatchObject({ linkId, username: 'sam', playing: [{ source: 'plex', state: 'playing', title: 'The Matrix' }] })
      expect(link?.punchplay).toMatchObject({ status: 'ok', item: { title: 'The Matrix' } })
      expect(activity.body.events[0]).toMatchObject({ source: 'plex', event: 'play', outcome: 'accepted', user: 'sam_rivera' })
    })

    it('should keep payloads redacted', async () => {
      await postPlex(sut, moviePlay)

      const payloads = await client.json<{ payloads: Array<{ body: string; outcome: string }> }>('GET', '/api/payloads?source=plex&limit=5')
      const invalidLimit = await client.json('GET', '/api/payloads?limit=0')

      expect(payloads.body.payloads).toHaveLength(1)
      expect(payloads.body.payloads[0]?.outcome).toBe('unmapped')
      expect(payloads.body.payloads[0]?.body).not.toContain('sam_rivera')
      expect(invalidLimit.status).toBe(400)
    })
  })

  describe('sources', () => {
    it('should list webhook URLs', async () => {
      await postPlex(sut, moviePlay)

      const sources = await client.json<{ sources: SourceView[] }>('GET', '/api/sources', { headers: { host: 'nas.local:8787' } })
      const plex = sources.body.sources.find((source) => source.source === 'plex')

      expect(plex).toMatchObject({
        transport: 'webhook',
        supported: true,
        webhookUrl: `http://nas.local:8787/webhooks/plex/${sut.bridge.webhookToken}`,
        lastReceived: { event: 'play', outcome: 'unmapped' },
        canCheckPayload: true,
      })
      expect(sources.body.sources.map((source) => source.source)).toEqual(['plex', 'jellyfin', 'emby', 'kodi'])
    })

    it('should prefer the public URL', async () => {
      await client.call('PATCH', '/api/settings', { body: { values: { 'server.public_url': 'http://192.0.2.20:8787/' } } })

      const sources = await client.json<{ sources: SourceView[] }>('GET', '/api/sources')

      expect(sources.body.sources[0]?.webhookUrl).toBe(`http://192.0.2.20:8787/webhooks/plex/${sut.bridge.webhookToken}`)
    })

    it('should check a pasted payload', async () => {
      const linkId = await linkSam()

      const event = await client.json('POST', '/api/sources/plex/check', { body: { payload: JSON.stringify(moviePlay) } })
      const music = await client.json('POST', '/api/sources/plex/check', { body: { payload: readFixture('plex/track-play-music.json') } })
      const broken = await client.json('POST', '/api/sources/plex/check', { body: { payload: '{"event": ' } })
      const kodi = await client.json('POST', '/api/sources/kodi/check', { body: { payload: '{}' } })
      const unknown = await client.json('POST', '/api/sources/vlc/check', { body: { payload: '{}' } })

      expect(event.body).toMatchObject({ outcome: 'event', event: { kind: 'play', user: 'sam_rivera', title: 'The Matrix', type: 'movie' }, linkId })
      expect(music.body).toMatchObject({ outcome: 'ignored' })
      expect(broken.body).toMatchObject({ outcome: 'invalid', reason: expect.stringMatching(/not valid JSON/) as unknown })
      expect(kodi.status).toBe(400)
      expect(unknown.status).toBe(404)
      expect(outboxRows()).toEqual([])
    })

    it('should add and remove a Kodi host', async () => {
      // A closed port on this machine: the bridge tries to connect and fails, which is all this needs.
      const added = await client.json('POST', '/api/kodi/hosts', { body: { name: 'Living room', host: '127.0.0.1', port: 9 } })
      const listed = await client.json<{ hosts: Array<Record<string, unknown>> }>('GET', '/api/kodi/hosts')
      const removed = await client.call('DELETE', `/api/kodi/hosts/${encodeURIComponent('Living room')}`)
      const page = await (await client.call('GET', '/sources')).text()

      expect(added.status).toBe(201)
      expect(added.body).toMatchObject({ name: 'Living room', host: '127.0.0.1', port: 9, origin: 'added' })
      expect(listed.body.hosts).toHaveLength(1)
      expect(removed.status).toBe(204)
      expect(page).toContain('Add a Kodi device')
    })
  })
})
