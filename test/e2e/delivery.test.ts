import { asc, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { relink } from '../../src/core/links.js'
import { runDeviceFlow } from '../../src/core/punchplay/device-flow.js'
import { linksTable, outboxTable } from '../../src/core/storage/schema.js'
import { startFakePunchPlay, type FakePunchPlay } from '../fake-punchplay/index.js'
import { linkThroughDeviceFlow, readFixture, startTestBridge, waitFor, type TestBridge } from '../support/bridge.js'

const moviePlay = readFixture('plex/movie-play-newagent.json')
const movieStop = readFixture('plex/movie-stop.json')
const moviePause = { ...moviePlay, event: 'media.pause' }

describe('delivery to PunchPlay', () => {
  let fake: FakePunchPlay
  let sut: TestBridge
  let linkId: number

  beforeEach(async () => {
    fake = await startFakePunchPlay()
    sut = await startTestBridge({ fake })
    linkId = await linkThroughDeviceFlow(sut.bridge, fake, 'sam', [{ source: 'plex', user: 'sam_rivera' }])
  })

  afterEach(async () => {
    await sut.stop()
    await fake.close()
  })

  function outboxRows() {
    return sut.bridge.db.select().from(outboxTable).orderBy(asc(outboxTable.id)).all()
  }

  describe('a permanent 4xx', () => {
    it('should be recorded with its reason and request id, not retried', async () => {
      fake.failNext('playback', { status: 400, error: 'invalid_request' })

      await sut.postPlex(moviePlay)
      await waitFor(() => outboxRows()[0]?.status === 'failed')
      await sut.postPlex(movieStop)
      await waitFor(() => fake.playbackCalls.length >= 1)
      await sut.bridge.outbox.whenIdle()

      const [start, stop] = outboxRows()
      expect(start?.lastError).toMatch(/HTTP 400 invalid_request/)
      expect(start?.requestId).toMatch(/^ppreq_[0-9a-f]{20}$/)
      expect(start?.attempts).toBe(1)
      expect(stop?.status).toBe('sent')
      expect(fake.requestCount('playback')).toBe(2)
      expect(sut.logs.some((line) => line.includes(start?.requestId ?? 'none') && line.includes('will not be retried'))).toBe(true)
    })
  })

  describe('a 429 with Retry-After', () => {
    it('should wait the time PunchPlay asked for, then deliver', async () => {
      fake.failNext('playback', { status: 429, retryAfterSeconds: 1 })

      await sut.postPlex(moviePlay)
      await waitFor(() => fake.playbackCalls.length >= 1)

      const attempts = fake.requests.filter((request) => request.path.endsWith('/playback/start'))
      expect(attempts).toHaveLength(2)
      expect(attempts[0]?.status).toBe(429)
      expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000)
    })
  })

  describe('a 5xx', () => {
    it('should be retried until it goes through, logged with the request id', async () => {
      fake.failNext('playback', { status: 503, count: 3 })

      await sut.postPlex(moviePlay)
      await waitFor(() => fake.playbackCalls.length >= 1)
      await sut.bridge.outbox.whenIdle()

      expect(fake.requestCount('playback')).toBe(4)
      expect(outboxRows()[0]?.attempts).toBe(4)
      expect(sut.logs.filter((line) => line.includes('will retry') && /ppreq_[0-9a-f]{20}/.test(line))).toHaveLength(3)
    })
  })

  describe('a request that hangs', () => {
    it('should time out and be retried', async () => {
      fake.hangNext('playback')

      await sut.postPlex(moviePlay)
      await waitFor(() => fake.playbackCalls.length >= 1)
      await sut.bridge.outbox.whenIdle()

      expect(outboxRows()[0]?.status).toBe('sent')
      expect(outboxRows()[0]?.lastError).toBeNull()
      expect(sut.logs.some((line) => line.includes('timed out after 2000 ms'))).toBe(true)
    })
  })

  describe('a refresh that fails for a transient reason', () => {
    it('should hold the link and deliver after a later refresh', async () => {
      await sut.postPlex(moviePlay)
      await waitFor(() => fake.playbackCalls.length >= 1)
      fake.expireAccessTokens()
      fake.failNext('refresh', { status: 503 })

      await sut.postPlex(moviePause)
      await waitFor(() => fake.playbackCalls.length >= 2)

      expect(fake.requestCount('refresh')).toBe(2)
      expect(fake.refreshCount).toBe(1)
      expect(fake.playbackCalls.map((call) => call.action)).toEqual(['start', 'pause'])
      expect(sut.bridge.db.select().from(linksTable).get()?.state).toBe('active')
    })
  })

  describe('a refresh token PunchPlay rejects', () => {
    it('should keep the events until the link is renewed', async () => {
      await sut.postPlex(moviePlay)
      await waitFor(() => fake.playbackCalls.length >= 1)
      fake.revoke('sam')

      await sut.postPlex(moviePause)
      await waitFor(() => sut.bridge.db.select().from(linksTable).where(eq(linksTable.id, linkId)).get()?.state === 'needs_relink')
      await sut.postPlex(movieStop)
      expect(outboxRows().filter((row) => row.status === 'pending')).toHaveLength(2)

      const tokens = await runDeviceFlow({ client: sut.bridge.client, pollIntervalMs: 20, onCode: (code) => fake.approve(code.user_code, 'sam') })
      relink(sut.bridge.db, linkId, tokens, Date.now())
      sut.bridge.outbox.notify()
      await waitFor(() => fake.playbackCalls.filter((call) => !call.deduped).length >= 3)

      expect(fake.playbackCalls.filter((call) => !call.deduped).map((call) => call.action)).toEqual(['start', 'pause', 'stop'])
      expect(sut.logs.some((line) => line.includes('needs re-linking'))).toBe(true)
    })
  })
})
