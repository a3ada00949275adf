import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { listPayloads } from '../../src/core/activity.js'
import { linksTable } from '../../src/core/storage/schema.js'
import { startFakePunchPlay, type FakePunchPlay } from '../fake-punchplay/index.js'
import { FIXTURES, THUMB_JPEG, linkThroughDeviceFlow, readFixture, startTestBridge, waitFor, type TestBridge } from '../support/bridge.js'

const moviePlay = readFixture('plex/movie-play-newagent.json')

describe('Plex webhook input', () => {
  let fake: FakePunchPlay
  let sut: TestBridge

  beforeAll(async () => {
    fake = await startFakePunchPlay({ clientSecret: 'client-secret-value-123' })
    sut = await startTestBridge({ fake, env: { PUNCHPLAY_CLIENT_SECRET: 'client-secret-value-123' } })
    await linkThroughDeviceFlow(sut.bridge, fake, 'sam', [{ source: 'plex', user: 'sam_rivera' }])
  })

  afterAll(async () => {
    await sut.stop()
    await fake.close()
  })

  async function expectStillServing(): Promise<void> {
    const health = await fetch(`${sut.baseUrl}/healthz`)
    expect(health.status).toBe(200)
  }

  describe('a wrong token', () => {
    it('should get 401 with no detail', async () => {
      const response = await fetch(sut.plexUrl('not-the-token-at-all'), { method: 'POST', body: JSON.stringify(moviePlay), headers: { 'content-type': 'application/json' } })
      const text = await response.text()

      expect(response.status).toBe(401)
      expect(text).not.toMatch(/token/i)
      await expectStillServing()
    })
  })

  describe('the raw request Plex sends', () => {
    it('should accept the captured multipart bytes unchanged', async () => {
      const raw = readFileSync(path.join(FIXTURES, 'plex', 'raw-request-media-pause.http.txt'), 'utf8')
      const [head = '', ...rest] = raw.split(/\r?\n\r?\n/)
      const contentType = /content-type: (.+)/i.exec(head)?.[1]?.trim() ?? ''
      const body = rest.join('\r\n\r\n').replace(/\r?\n/g, '\r\n')

      const response = await fetch(sut.plexUrl(), { method: 'POST', body, headers: { 'content-type': contentType } })

      expect(response.status).toBe(200)
      expect(((await response.json()) as { outcome: string }).outcome).toBe('unmapped')
    })
  })

  describe('a plain JSON body', () => {
    it('should be accepted like the multipart payload', async () => {
      const response = await fetch(sut.plexUrl(), { method: 'POST', body: JSON.stringify(moviePlay), headers: { 'content-type': 'application/json' } })

      expect(response.status).toBe(200)
      expect(((await response.json()) as { outcome: string }).outcome).toBe('accepted')
    })
  })

  describe('a payload part that is not JSON', () => {
    it('should get 400 saying so', async () => {
      const form = new FormData()
      form.set('payload', 'event=media.play')

      const response = await fetch(sut.plexUrl(), { method: 'POST', body: form })
      const body = (await response.json()) as { message: string }

      expect(response.status).toBe(400)
      expect(body.message).toMatch(/not valid JSON/)
      await expectStillServing()
    })
  })

  describe('a multipart body without a payload part', () => {
    it('should get 400 naming the missing part', async () => {
      const form = new FormData()
      form.set('thumb', new Blob([THUMB_JPEG], { type: 'image/jpeg' }), 'thumb.jpg')

      const response = await fetch(sut.plexUrl(), { method: 'POST', body: form })
      const body = (await response.json()) as { message: string }

      expect(response.status).toBe(400)
      expect(body.message).toMatch(/no "payload" part/)
    })
  })

  describe('an unsupported content type', () => {
    it('should get 415 with the expected types, and be logged and recorded', async () => {
      const response = await fetch(sut.plexUrl(), { method: 'POST', body: 'hello', headers: { 'content-type': 'text/csv' } })
      const body = (await response.json()) as { message: string }

      expect(response.status).toBe(415)
      expect(body.message).toMatch(/multipart\/form-data/)
      expect(sut.logs.some((line) => line.includes('webhook rejected as invalid') && line.includes('text/csv'))).toBe(true)
      expect(listPayloads(sut.bridge.db, 'plex', 1)[0]?.reason).toMatch(/Unsupported Content-Type "text\/csv"/)
    })
  })

  describe('a form with two payload parts', () => {
    it('should get 400 instead of picking one', async () => {
      const form = new FormData()
      form.append('payload', JSON.stringify(moviePlay))
      form.append('payload', JSON.stringify({ ...moviePlay, event: 'media.stop' }))

      const response = await fetch(sut.plexUrl(), { method: 'POST', body: form })
      const body = (await response.json()) as { message: string }

      expect(response.status).toBe(400)
      expect(body.message).toMatch(/more than one "payload" part/)
    })
  })

  describe('a request to an unknown webhook route', () => {
    it('should get 404 and a warning without the token', async () => {
      const response = await fetch(`${sut.baseUrl}/webhooks/plexx/${sut.bridge.webhookToken}`, { method: 'POST' })

      expect(response.status).toBe(404)
      expect(sut.logs.some((line) => line.includes('request for an unknown route') && line.includes('/webhooks/plexx/[redacted]'))).toBe(true)
    })
  })

  describe('body size', () => {
    it('should accept a 10 MB poster', async () => {
      const form = new FormData()
      form.set('payload', JSON.stringify({ ...moviePlay, Account: { title: 'size-test-user' } }))
      form.set('thumb', new Blob([Buffer.alloc(10 * 1024 * 1024, 1)], { type: 'image/jpeg' }), 'thumb.jpg')

      const response = await fetch(sut.plexUrl(), { method: 'POST', body: form })

      expect(response.status).toBe(200)
    })

    it('should reject a body over the limit with 413, and log it', async () => {
      const form = new FormData()
      form.set('payload', JSON.stringify(moviePlay))
      form.set('thumb', new Blob([Buffer.alloc(21 * 1024 * 1024, 1)], { type: 'image/jpeg' }), 'thumb.jpg')

      const response = await fetch(sut.plexUrl(), { method: 'POST', body: form })

      expect(response.status).toBe(413)
      expect(sut.logs.some((line) => line.includes('request rejected') && line.includes('"status":413'))).toBe(true)
      await expectStillServing()
    })

    it('should reject an oversized chunked body with 413', async () => {
      const chunk = new Uint8Array(1024 * 1024)
      let sent = 0
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 25) {
            controller.close()
            return
          }
          sent += 1
          controller.enqueue(chunk)
        },
      })

      const response = await fetch(sut.plexUrl(), {
        method: 'POST',
        body: stream,
        headers: { 'content-type': 'application/json' },
        duplex: 'half',
      })

      expect(response.status).toBe(413)
      await expectStillServing()
    })
  })

  describe('an unknown event', () => {
    it('should be acknowledged as ignored', async () => {
      const response = await fetch(sut.plexUrl(), {
        method: 'POST',
        body: JSON.stringify({ ...moviePlay, event: 'media.teleport' }),
        headers: { 'content-type': 'application/json' },
      })
      const body = (await response.json()) as { outcome: string; reason: string }

      expect(response.status).toBe(200)
      expect(body.outcome).toBe('ignored')
      expect(body.reason).toMatch(/media\.teleport/)
    })
  })

  describe('music', () => {
    it('should be acknowledged as ignored and send nothing', async () => {
      const before = fake.playbackCalls.length
      const response = await sut.postPlex(readFixture('plex/track-play-music.json'), { thumb: true })
      const body = (await response.json()) as { ok: boolean; outcome: string }

      expect(response.status).toBe(200)
      expect(body.ok).toBe(true)
      expect(body.outcome).toBe('ignored')
      await sut.bridge.outbox.whenIdle()
      expect(fake.playbackCalls.length).toBe(before)
    })
  })

  describe('the log', () => {
    it('should never contain a token or the client secret', async () => {
      // Force a refresh so old and new tokens of both kinds pass through the code that logs.
      const before = sut.bridge.db.select().from(linksTable).get()
      fake.expireAccessTokens()
      await sut.postPlex({ ...moviePlay, event: 'media.stop' })
      await waitFor(() => fake.refreshCount >= 1)
      await sut.bridge.outbox.whenIdle()
      await fetch(sut.plexUrl('wrong-token-value-xyz'), { method: 'POST' })

      const link = sut.bridge.db.select().from(linksTable).get()
      const secrets = [before?.accessToken, before?.refreshToken, link?.accessToken, link?.refreshToken, sut.bridge.webhookToken, 'client-secret-value-123']
      const logText = sut.logs.join('\n')
      expect(sut.logs.length).toBeGreaterThan(5)
      for (const secret of secrets) {
        expect(secret).toBeTruthy()
        expect(logText).not.toContain(secret)
      }
      expect(logText).not.toContain('wrong-token-value-xyz')
    })
  })
})
