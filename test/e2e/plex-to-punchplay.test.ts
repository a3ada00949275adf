import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { linksTable, seenUsersTable } from '../../src/core/storage/schema.js'
import { startFakePunchPlay, type FakePunchPlay } from '../fake-punchplay/index.js'
import { linkThroughDeviceFlow, readFixture, startTestBridge, waitFor, type TestBridge } from '../support/bridge.js'

const moviePlay = readFixture('plex/movie-play-newagent.json')
const movieResume = readFixture('plex/movie-resume.json')
const movieScrobble = readFixture('plex/movie-scrobble.json')
const movieStop = readFixture('plex/movie-stop.json')
const episodePlay = readFixture('plex/episode-play-newagent.json')

/** A copy of `payload` with another event name and, optionally, another viewOffset in ms. */
function asEvent(payload: Record<string, unknown>, event: string, viewOffsetMs?: number): Record<string, unknown> {
  const metadata = { ...(payload['Metadata'] as Record<string, unknown>) }
  if (viewOffsetMs !== undefined) metadata['viewOffset'] = viewOffsetMs
  return { ...payload, event, Metadata: metadata }
}

function asUser(payload: Record<string, unknown>, title: string): Record<string, unknown> {
  return { ...payload, Account: { ...(payload['Account'] as Record<string, unknown>), title } }
}

describe('Plex to PunchPlay', () => {
  let fake: FakePunchPlay
  let sut: TestBridge

  beforeEach(async () => {
    fake = await startFakePunchPlay()
    sut = await startTestBridge({ fake })
    await linkThroughDeviceFlow(sut.bridge, fake, 'sam', [{ source: 'plex', user: 'sam_rivera' }])
  })

  afterEach(async () => {
    await sut.stop()
    await fake.close()
  })

  describe('a movie played, paused, resumed, scrobbled and stopped', () => {
    it('should send start, pause, resume and a watched stop in one session', async () => {
      for (const payload of [moviePlay, asEvent(moviePlay, 'media.pause', 2_400_000), movieResume, movieScrobble, movieStop]) {
        const response = await sut.postPlex(payload, { thumb: payload === moviePlay })
        expect(response.status).toBe(200)
      }
      await waitFor(() => fake.playbackCalls.length >= 4)
      await sut.bridge.outbox.whenIdle()

      const calls = fake.playbackCalls
      expect(calls.map((call) => call.action)).toEqual(['start', 'pause', 'resume', 'stop'])
      expect(calls.every((call) => call.username === 'sam')).toBe(true)
      expect(new Set(calls.map((call) => call.rawBody['playback_session_id'])).size).toBe(1)
      expect(calls.map((call) => call.rawBody['position_seconds'])).toEqual([1873, 2400, 2534, 5012])

      const start = calls[0]?.rawBody
      expect(start?.['media_type']).toBe('movie')
      expect(start?.['title']).toBe('The Matrix')
      expect(start?.['year']).toBe(1999)
      expect(start?.['imdb_id']).toBe('tt0133093')
      expect(start?.['tmdb_id']).toBe(603)
      expect(start?.['duration_seconds']).toBe(8160)

      const stop = calls[3]?.rawBody
      expect(stop?.['watched']).toBe(true)
      expect(stop?.['watched_threshold']).toBe(0.9)
      expect(fake.sessions('sam')[0]?.completed).toBe(true)
      expect(fake.requests.every((request) => /^punchplay-bridge\/\d+\.\d+\.\d+ /.test(request.userAgent ?? ''))).toBe(true)
    })
  })

  describe('an episode played and stopped half way', () => {
    it('should send the show title, season and episode, and watched false', async () => {
      await sut.postPlex(episodePlay, { thumb: true })
      await sut.postPlex(asEvent(episodePlay, 'media.stop', 1_500_000))
      await waitFor(() => fake.playbackCalls.length >= 2)

      const [start, stop] = fake.playbackCalls.map((call) => call.rawBody)
      expect(start?.['media_type']).toBe('episode')
      expect(start?.['title']).toBe('Breaking Bad')
      expect(start?.['season']).toBe(5)
      expect(start?.['episode']).toBe(14)
      expect(start?.['episode_title']).toBe('Ozymandias')
      expect(stop?.['position_seconds']).toBe(1500)
      expect(stop?.['watched']).toBe(false)
      expect(stop?.['playback_session_id']).toBe(start?.['playback_session_id'])
    })

    it('should never send an episode-level id as a show id', async () => {
      await sut.postPlex(episodePlay)
      await waitFor(() => fake.playbackCalls.length >= 1)

      const start = fake.playbackCalls[0]?.rawBody
      const episodeGuids = ((episodePlay['Metadata'] as { Guid?: Array<{ id: string }> }).Guid ?? []).map((guid) => guid.id)
      for (const guid of episodeGuids) {
        const value = guid.split('://')[1]
        expect([String(start?.['imdb_id']), String(start?.['tmdb_id']), String(start?.['tvdb_id'])]).not.toContain(value)
      }
    })
  })

  describe('duplicate webhooks', () => {
    it('should produce no duplicate calls', async () => {
      await sut.postPlex(moviePlay)
      await sut.postPlex(moviePlay)
      await sut.postPlex(movieStop)
      await sut.postPlex(movieStop)
      await waitFor(() => fake.playbackCalls.length >= 2)
      await sut.bridge.outbox.whenIdle()

      expect(fake.playbackCalls.map((call) => call.action)).toEqual(['start', 'stop'])
    })
  })

  describe('an unmapped user', () => {
    it('should send nothing and count the dropped event', async () => {
      const response = await sut.postPlex(asUser(moviePlay, 'Mia Tanaka'))
      const body = (await response.json()) as { outcome: string }

      expect(response.status).toBe(200)
      expect(body.outcome).toBe('unmapped')
      await sut.bridge.outbox.whenIdle()
      expect(fake.playbackCalls).toHaveLength(0)
      const seen = sut.bridge.db.select().from(seenUsersTable).where(eq(seenUsersTable.userKey, 'mia tanaka')).get()
      expect(seen?.droppedCount).toBe(1)
    })
  })

  describe('an access token that expires mid-session', () => {
    it('should refresh once, keep the rotated refresh token and deliver the event', async () => {
      await sut.postPlex(moviePlay)
      await waitFor(() => fake.playbackCalls.length >= 1)
      const before = sut.bridge.db.select().from(linksTable).get()

      fake.expireAccessTokens()
      await sut.postPlex(asEvent(moviePlay, 'media.pause', 2_000_000))
      await waitFor(() => fake.playbackCalls.length >= 2)

      const after = sut.bridge.db.select().from(linksTable).get()
      expect(fake.refreshCount).toBe(1)
      expect(after?.refreshToken).not.toBe(before?.refreshToken)
      expect(after?.accessToken).not.toBe(before?.accessToken)
      expect(fake.playbackCalls.map((call) => call.action)).toEqual(['start', 'pause'])

      // A second expiry only works if the rotated refresh token was the one kept.
      fake.expireAccessTokens()
      await sut.postPlex(movieStop)
      await waitFor(() => fake.playbackCalls.length >= 3)
      expect(fake.refreshCount).toBe(2)
      expect(sut.bridge.db.select().from(linksTable).get()?.state).toBe('active')
    })
  })
})

describe('restart while PunchPlay is down', () => {
  it('should deliver every event once, in order, after the restart', async () => {
    const fake = await startFakePunchPlay()
    const first = await startTestBridge({ fake, retryDelayMs: 100 })
    await linkThroughDeviceFlow(first.bridge, fake, 'sam', [{ source: 'plex', user: 'sam_rivera' }])
    fake.setPlaybackDown(503)

    for (const payload of [moviePlay, asEvent(moviePlay, 'media.pause', 2_400_000), movieResume, movieStop]) {
      expect((await first.postPlex(payload)).status).toBe(200)
    }
    await waitFor(() => fake.requestCount('playback') >= 1)
    await first.stop()

    const second = await startTestBridge({ fake, dataDir: first.dataDir, retryDelayMs: 100 })
    fake.setPlaybackDown(null)
    await waitFor(() => fake.playbackCalls.length >= 4)
    await second.bridge.outbox.whenIdle()

    const applied = fake.playbackCalls.filter((call) => !call.deduped)
    expect(applied.map((call) => call.action)).toEqual(['start', 'pause', 'resume', 'stop'])
    expect(new Set(applied.map((call) => call.eventId)).size).toBe(4)
    expect(new Set(applied.map((call) => call.rawBody['playback_session_id'])).size).toBe(1)

    await second.stop()
    await fake.close()
  })
})
