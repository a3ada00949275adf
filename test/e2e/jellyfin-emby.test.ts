import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { seenUsersTable } from '../../src/core/storage/schema.js'
import { startFakePunchPlay, type FakePunchPlay } from '../fake-punchplay/index.js'
import { THUMB_JPEG, linkThroughDeviceFlow, readFixture, startTestBridge, waitFor, type TestBridge } from '../support/bridge.js'

const jellyfinStart = readFixture('jellyfin/episode-playback-start.json')
const embyStart = readFixture('emby/movie-playback-start.json')
const embyPause = readFixture('emby/movie-playback-pause.json')
const embyUnpause = readFixture('emby/movie-playback-unpause.json')
const embyStop = readFixture('emby/movie-playback-stop-completed.json')

const TICKS_PER_SECOND = 10_000_000
const START = Date.parse('2025-06-15T19:00:04.000Z')

/** Build a Jellyfin notification `second` seconds into the episode, as the plugin sends it. */
function jellyfinTick(type: string, second: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...jellyfinStart,
    NotificationType: type,
    UtcTimestamp: new Date(START + second * 1000).toISOString().replace('Z', '0000Z'),
    PlaybackPositionTicks: second * TICKS_PER_SECOND,
    ...overrides,
  }
}

describe('Jellyfin and Emby to PunchPlay', () => {
  let fake: FakePunchPlay
  let sut: TestBridge

  beforeEach(async () => {
    fake = await startFakePunchPlay()
    sut = await startTestBridge({ fake })
  })

  afterEach(async () => {
    await sut.stop()
    await fake.close()
  })

  function post(source: 'jellyfin' | 'emby' | 'plex', body: unknown, contentType = 'text/plain; charset=utf-8'): Promise<Response> {
    return fetch(`${sut.baseUrl}/webhooks/${source}/${sut.bridge.webhookToken}`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': contentType, 'user-agent': 'Jellyfin-Server/10.10.7' },
    })
  }

  describe('a Jellyfin episode with a progress tick every second', () => {
    it('should throttle progress and follow IsPaused', async () => {
      await linkThroughDeviceFlow(sut.bridge, fake, 'casey', [{ source: 'jellyfin', user: 'casey' }])

      expect((await post('jellyfin', jellyfinTick('PlaybackStart', 0))).status).toBe(200)
      // Playing for 60 s, paused for 30 s, playing again for 30 s, one tick per second.
      for (let second = 1; second <= 120; second += 1) {
        const paused = second > 60 && second <= 90
        let position = second
        if (paused) position = 60
        else if (second > 90) position = second - 30
        await post('jellyfin', jellyfinTick('PlaybackProgress', second, { IsPaused: paused, PlaybackPositionTicks: position * TICKS_PER_SECOND }))
      }
      // A stop makes queued progress unnecessary; let the last one go out first so it is seen.
      await sut.bridge.outbox.whenIdle()
      await post('jellyfin', jellyfinTick('PlaybackStop', 121, { PlaybackPositionTicks: 91 * TICKS_PER_SECOND, PlayedToCompletion: false }))
      await waitFor(() => fake.playbackCalls.some((call) => call.action === 'stop'))
      await sut.bridge.outbox.whenIdle()

      const calls = fake.playbackCalls.map((call) => `${call.action}@${String(call.rawBody['position_seconds'])}`)
      expect(calls).toEqual(['start@0', 'progress@15', 'progress@30', 'progress@45', 'progress@60', 'pause@60', 'resume@61', 'progress@76', 'stop@91'])
      expect(fake.playbackCalls.every((call) => call.username === 'casey')).toBe(true)

      const start = fake.playbackCalls[0]?.rawBody
      expect(start?.['title']).toBe("The Handmaid's Tale")
      expect(start?.['season']).toBe(1)
      expect(start?.['episode']).toBe(1)
      expect(start?.['event_created_at']).toBe(START)
      expect(fake.playbackCalls.at(-1)?.rawBody['watched']).toBe(false)
    })
  })

  describe('two Jellyfin users in one session', () => {
    it('should send each account only its own calls', async () => {
      await linkThroughDeviceFlow(sut.bridge, fake, 'casey', [{ source: 'jellyfin', user: 'casey' }])
      await linkThroughDeviceFlow(sut.bridge, fake, 'robin', [{ source: 'jellyfin', user: '9f8e7d6c5b4a49382716a5b4c3d2e1f0' }])
      const robin = { NotificationUsername: 'robin', UserId: '9f8e7d6c5b4a49382716a5b4c3d2e1f0' }

      await post('jellyfin', jellyfinTick('PlaybackStart', 0))
      await post('jellyfin', jellyfinTick('PlaybackStart', 0, robin))
      await post('jellyfin', jellyfinTick('PlaybackStop', 600, { PlayedToCompletion: false }))
      await post('jellyfin', jellyfinTick('PlaybackStop', 600, { ...robin, PlayedToCompletion: false }))
      await waitFor(() => fake.playbackCalls.length >= 4)

      for (const user of ['casey', 'robin']) {
        const own = fake.playbackCalls.filter((call) => call.username === user)
        expect(own.map((call) => call.action)).toEqual(['start', 'stop'])
        expect(new Set(own.map((call) => call.rawBody['playback_session_id'])).size).toBe(1)
      }
      const sessions = new Set(fake.playbackCalls.map((call) => call.rawBody['playback_session_id']))
      expect(sessions.size).toBe(2)
    })
  })

  describe('an unmapped Jellyfin user', () => {
    it('should send nothing and count the event', async () => {
      await post('jellyfin', jellyfinTick('PlaybackStart', 0))
      await sut.bridge.outbox.whenIdle()

      expect(fake.playbackCalls).toHaveLength(0)
      const seen = sut.bridge.db.select().from(seenUsersTable).where(eq(seenUsersTable.source, 'jellyfin')).get()
      expect(seen?.display).toBe('casey')
      expect(seen?.droppedCount).toBe(1)
    })
  })

  describe('a Jellyfin template that is not JSON', () => {
    it('should get 400 naming the template mistake', async () => {
      const response = await post('jellyfin', '{"NotificationType": "PlaybackStart", "IsPaused": False}')
      const body = (await response.json()) as { message: string }

      expect(response.status).toBe(400)
      expect(body.message).toMatch(/False/)
    })
  })

  describe('an Emby movie', () => {
    it('should go through as application/json', async () => {
      await linkThroughDeviceFlow(sut.bridge, fake, 'alex', [{ source: 'emby', user: 'alex' }])

      for (const payload of [embyStart, embyPause, embyUnpause, embyStop]) {
        expect((await post('emby', payload, 'application/json')).status).toBe(200)
      }
      await waitFor(() => fake.playbackCalls.some((call) => call.action === 'stop'))

      expect(fake.playbackCalls.map((call) => call.action)).toEqual(['start', 'pause', 'resume', 'stop'])
      expect(fake.playbackCalls[0]?.rawBody['title']).toBe('The Accountant')
      expect(fake.playbackCalls[0]?.rawBody['tmdb_id']).toBe(302946)
      expect(fake.playbackCalls.at(-1)?.rawBody['watched']).toBe(true)
    })

    it('should go through as multipart/form-data with a data part', async () => {
      await linkThroughDeviceFlow(sut.bridge, fake, 'alex', [{ source: 'emby', user: 'alex' }])

      for (const payload of [embyStart, embyStop]) {
        const form = new FormData()
        form.set('data', JSON.stringify(payload))
        const response = await fetch(`${sut.baseUrl}/webhooks/emby/${sut.bridge.webhookToken}`, { method: 'POST', body: form })
        expect(response.status).toBe(200)
      }
      await waitFor(() => fake.playbackCalls.length >= 2)

      expect(fake.playbackCalls.map((call) => call.action)).toEqual(['start', 'stop'])
    })
  })

  describe('a payload at the wrong source URL', () => {
    it('should reject Emby JSON posted to the Jellyfin URL, naming Emby', async () => {
      const response = await post('jellyfin', embyStart, 'application/json')
      const body = (await response.json()) as { message: string }

      expect(response.status).toBe(400)
      expect(body.message).toMatch(/looks like a webhook from Emby.+\/webhooks\/emby\//)
    })

    it('should reject a Plex multipart posted to the Emby URL, naming Plex', async () => {
      const form = new FormData()
      form.set('payload', JSON.stringify(readFixture('plex/movie-play-newagent.json')))
      form.set('thumb', new Blob([THUMB_JPEG], { type: 'image/jpeg' }), 'thumb.jpg')

      const response = await fetch(`${sut.baseUrl}/webhooks/emby/${sut.bridge.webhookToken}`, { method: 'POST', body: form })
      const body = (await response.json()) as { message: string }

      expect(response.status).toBe(400)
      expect(body.message).toMatch(/looks like a webhook from Plex.+\/webhooks\/plex\//)
    })

    it('should reject Jellyfin JSON posted to the Plex URL, naming Jellyfin', async () => {
      const response = await post('plex', jellyfinStart, 'application/json')
      const body = (await response.json()) as { message: string }

      expect(response.status).toBe(400)
      expect(body.message).toMatch(/looks like a webhook from Jellyfin/)
    })
  })
})
