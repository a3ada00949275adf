import { afterEach, describe, expect, it } from 'vitest'
import { pino } from 'pino'

import { loadConfig } from '../../src/core/config.js'
import type { PlaybackEvent } from '../../src/core/events.js'
import { createShowIdLookup } from '../../src/core/show-ids.js'
import { startFakePunchPlay, type FakePunchPlay } from '../fake-punchplay/index.js'
import { linkThroughDeviceFlow, readFixture, startTestBridge, waitFor, type TestBridge } from '../support/bridge.js'
import { openTestDatabase } from '../support/database.js'
import { OZYMANDIAS, buildEvent } from '../support/events.js'
import { startFakeJellyfinServer, startFakePlexServer, type FakeMediaServer } from '../support/fake-media-servers.js'

const PLEX_TOKEN = 'plex-token-for-tests-0001'
const BREAKING_BAD = { year: 2008, guids: ['imdb://tt0903747', 'tmdb://1396', 'tvdb://81189'] }

describe('show ids from the Plex server', () => {
  let fake: FakePunchPlay
  let plex: FakeMediaServer
  let sut: TestBridge

  afterEach(async () => {
    await sut.stop()
    await plex.close()
    await fake.close()
  })

  async function start(env: Record<string, string>): Promise<void> {
    fake = await startFakePunchPlay()
    plex = await startFakePlexServer({ '294795': BREAKING_BAD }, PLEX_TOKEN)
    sut = await startTestBridge({ fake, env: { PLEX_URL: plex.url, ...env } })
    await linkThroughDeviceFlow(sut.bridge, fake, 'sam', [{ source: 'plex', user: 'sam_rivera' }])
  }

  it('should send the show ids of a new-agent episode, fetched once and cached', async () => {
    await start({ PLEX_TOKEN })
    const play = readFixture('plex/episode-play-newagent.json')

    await sut.postPlex(play)
    await sut.postPlex({ ...play, event: 'media.stop' })
    await waitFor(() => fake.playbackCalls.length >= 2)

    const start_ = fake.playbackCalls[0]?.rawBody
    expect(start_?.['tvdb_id']).toBe(81189)
    expect(start_?.['tmdb_id']).toBe(1396)
    expect(start_?.['imdb_id']).toBe('tt0903747')
    expect(start_?.['year']).toBe(2008)
    expect(plex.requests).toEqual(['GET /library/metadata/294795?includeGuids=1'])
    expect(plex.lastHeaders['x-plex-token']).toBe(PLEX_TOKEN)
  })

  it('should send the episode without show ids when the server fails', async () => {
    await start({ PLEX_TOKEN })
    plex.failWith(500)

    await sut.postPlex(readFixture('plex/episode-play-newagent.json'))
    await waitFor(() => fake.playbackCalls.length >= 1)

    const body = fake.playbackCalls[0]?.rawBody
    expect(body?.['title']).toBe('Breaking Bad')
    expect(body?.['season']).toBe(5)
    expect(body?.['tvdb_id']).toBeUndefined()
    expect(sut.logs.some((line) => line.includes('show id lookup failed'))).toBe(true)
    expect(sut.logs.join('\n')).not.toContain(PLEX_TOKEN)
  })

  it('should not ask the server when no token is configured', async () => {
    await start({})

    await sut.postPlex(readFixture('plex/episode-play-newagent.json'))
    await waitFor(() => fake.playbackCalls.length >= 1)

    expect(plex.requests).toHaveLength(0)
  })
})

describe('show ids from the Jellyfin server', () => {
  it('should replace nothing but the show ids, and keep episode ids out of them', async () => {
    const jellyfin = await startFakeJellyfinServer({ series1: { year: 2008, providerIds: { Tvdb: '81189', Tmdb: '1396', Imdb: 'tt0903747' } } }, 'jf-key')
    const { db } = openTestDatabase()
    const loaded = loadConfig({ env: { JELLYFIN_URL: jellyfin.url, JELLYFIN_API_KEY: 'jf-key' }, cwd: '/' })
    const enrich = createShowIdLookup({ db, logger: pino({ level: 'silent' }), config: () => loaded.config })
    const event: PlaybackEvent = buildEvent('play', Date.now(), {
      source: 'jellyfin',
      item: { ...OZYMANDIAS, ids: {}, episodeIds: { tvdb: 4_444_444 }, showKey: 'series1' },
    })

    const enriched = await enrich(event)
    await enrich(event)

    expect(enriched.item.ids).toEqual({ tvdb: 81189, tmdb: 1396, imdb: 'tt0903747' })
    expect(enriched.item.episodeIds).toEqual({ tvdb: 4_444_444 })
    expect(jellyfin.requests).toHaveLength(1)
    await jellyfin.close()
  })
})
