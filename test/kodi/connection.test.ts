import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'

import type { PlaybackEvent } from '../../src/core/events.js'
import { createKodiConnection } from '../../src/core/kodi/index.js'
import {
  kodiProperties,
  kodiTime,
  readKodiFixtureItem,
  readKodiFixtureNotification,
  readKodiFixtureResult,
} from '../fake-kodi/index.js'
import type { FakeKodi, JsonObject } from '../fake-kodi/index.js'
import { LOG_LEVELS, startKodiHarness, waitForConnected } from '../fake-kodi/harness.js'
import type { KodiHarness, KodiHarnessOptions } from '../fake-kodi/harness.js'
import { delay, waitUntil } from '../fake-kodi/wait.js'

const VIDEO_PLAYER = { playerid: 1, playertype: 'internal', type: 'video' }
const EPISODE_TOTAL = 2820.893
const BREAKING_BAD_SHOW = { tvshowid: 211, label: 'Breaking Bad', title: 'Breaking Bad', year: 2008, uniqueid: { imdb: 'tt0903747', tmdb: '1396', tvdb: '81189' } }

let harness: KodiHarness | undefined

afterEach(async () => {
  await harness?.stop()
  harness = undefined
})

async function start(options: KodiHarnessOptions = {}): Promise<KodiHarness> {
  harness = await startKodiHarness(options)
  await waitForConnected(harness)

  return harness
}

function notifyFixture(fake: FakeKodi, name: string): void {
  const { method, data } = readKodiFixtureNotification(name)
  fake.notify(method, data)
}

function playingProperties(): JsonObject {
  return readKodiFixtureResult('response-getproperties-playing.json') as JsonObject
}

/** Sets the fake to play the library episode of the fixtures (Ozymandias, at 20:04). */
function playEpisode(fake: FakeKodi): void {
  fake.setShowDetails(211, BREAKING_BAD_SHOW)
  fake.setItem(1, readKodiFixtureItem('response-getitem-library-episode.json'))
  fake.setProperties(1, playingProperties())
  fake.setActivePlayers([VIDEO_PLAYER])
}

/** Sets the fake to play the library movie of the fixtures (The Matrix) at `positionSeconds`. */
function playMovie(fake: FakeKodi, positionSeconds: number, playcount = 0): void {
  fake.setItem(1, { ...readKodiFixtureItem('response-getitem-library-movie.json'), playcount })
  fake.setProperties(1, kodiProperties(positionSeconds, 8160))
  fake.setActivePlayers([VIDEO_PLAYER])
}

async function startEpisode(sut: KodiHarness): Promise<PlaybackEvent> {
  playEpisode(sut.fake)
  notifyFixture(sut.fake, 'notification-onavstart-library-episode.json')

  return sut.waitForEvent('the episode plays', (event) => event.kind === 'play')
}

async function startMovie(sut: KodiHarness, positionSeconds = 0, playcount = 0): Promise<PlaybackEvent> {
  playMovie(sut.fake, positionSeconds, playcount)
  sut.fake.notify('Player.OnAVStart', { item: { id: 2, type: 'movie' }, player: { playerid: 1, speed: 1 } })

  return sut.waitForEvent('the movie plays', (event) => event.kind === 'play')
}

/** Drops the connection, keeps Kodi unreachable for a few attempts, lets `change` alter Kodi meanwhile, and waits for the reconnect. */
async function outage(sut: KodiHarness, change: (fake: FakeKodi) => void): Promise<number> {
  sut.fake.rejectConnections()
  sut.fake.dropConnections()
  await waitUntil('the connection is lost', () => sut.connection.state().status === 'disconnected')
  await waitUntil('two reconnect attempts failed', () => sut.fake.rejectedConnections >= 2)

  change(sut.fake)
  const from = sut.outputs.length
  sut.fake.acceptConnections()
  await waitForConnected(sut)

  return from
}

describe('createKodiConnection', () => {
  describe('library movie watched to the end', () => {
    it('should emit one play and a completed stop', async () => {
      const sut = await start()
      playMovie(sut.fake, 0)

      notifyFixture(sut.fake, 'notification-onplay-library-movie.json')
      sut.fake.notify('Player.OnAVStart', { item: { id: 2, type: 'movie' }, player: { playerid: 1, speed: 1 } })
      const play = await sut.waitForEvent('the movie plays', (event) => event.kind === 'play')

      sut.fake.setProperties(1, kodiProperties(8100, 8160))
      const progress = await sut.waitForEvent('progress at 8100 s', (event) => event.kind === 'progress' && event.positionSeconds === 8100)

      sut.fake.setActivePlayers([])
      sut.fake.notify('Player.OnStop', { end: true, item: { id: 2, type: 'movie' } })
      sut.fake.notify('VideoLibrary.OnUpdate', { item: { id: 2, type: 'movie' }, playcount: 1 })
      const stop = await sut.waitForEvent('the movie stops', (event) => event.kind === 'stop')
      await delay(200)

      expect(sut.kinds()).toEqual(['play', 'stop'])
      expect(play.positionSeconds).toBe(0)
      expect(play.item).toMatchObject({ type: 'movie', title: 'The Matrix', year: 1999, ids: { imdb: 'tt0133093', tmdb: 603 }, itemKey: 'movie:2' })
      expect(play.player.id).toBe('living-room:1')
      expect(progress.paused).toBe(false)
      expect(stop.completed).toBe(true)
      expect(stop.positionSeconds).toBe(8160)
      expect(sut.fake.requestsFor('Player.GetItem')).toHaveLength(1)
    })
  })

  describe('library episode', () => {
    it('should emit pause, resume, seek progress and a stop at 50 %', async () => {
      const sut = await start()
      const play = await startEpisode(sut)

      sut.fake.setProperties(1, readKodiFixtureResult('response-getproperties-paused.json') as JsonObject)
      notifyFixture(sut.fake, 'notification-onpause-library-episode.json')
      const pause = await sut.waitForEvent('the episode pauses', (event) => event.kind === 'pause')

      sut.fake.setProperties(1, kodiProperties(1210.107, EPISODE_TOTAL))
      notifyFixture(sut.fake, 'notification-onresume-library-episode.json')
      const resume = await sut.waitForEvent('the episode resumes', (event) => event.kind === 'resume')

      sut.fake.setProperties(1, kodiProperties(764.112, EPISODE_TOTAL))
      notifyFixture(sut.fake, 'notification-onseek-library-episode.json')
      const seekBack = await sut.waitForEvent('progress after the seek back', (event) => event.kind === 'progress' && event.positionSeconds === 764)
      expect(seekBack.seeked).toBe(true)

      const half = EPISODE_TOTAL / 2
      sut.fake.setProperties(1, kodiProperties(half, EPISODE_TOTAL))
      sut.fake.notify('Player.OnSeek', { item: { id: 19234, type: 'episode' }, player: { playerid: 1, speed: 1, time: kodiTime(half), seekoffset: kodiTime(646) } })
      await sut.waitForEvent('progress after the seek to 50 %', (event) => event.kind === 'progress' && event.positionSeconds === 1410)

      sut.fake.setActivePlayers([])
      sut.fake.notify('Player.OnStop', { end: false, item: { id: 19234, type: 'episode' } })
      const stop = await sut.waitForEvent('the episode stops', (event) => event.kind === 'stop')

      expect(sut.kinds()).toEqual(['play', 'pause', 'resume', 'stop'])
      expect(play.positionSeconds).toBe(1204)
      expect(play.item.ids).toEqual({ imdb: 'tt0903747', tmdb: 1396, tvdb: 81189 })
      expect(play.item.episodeIds).toEqual({ imdb: 'tt2301451', tmdb: 62161, tvdb: 4639480 })
      expect(play.item).toMatchObject({ title: 'Breaking Bad', year: 2008, season: 5, episode: 14, durationSeconds: 2820 })
      expect(pause.positionSeconds).toBe(1210)
      expect(resume.positionSeconds).toBe(1210)
      expect(stop.positionSeconds).toBeGreaterThanOrEqual(1410)
      expect(stop.positionSeconds).toBeLessThanOrEqual(1411)
      expect(stop.completed).toBeUndefined()
    })

    it('should fetch the show details once per show', async () => {
      const sut = await start()
      await startEpisode(sut)

      sut.fake.setItem(1, { ...readKodiFixtureItem('response-getitem-library-episode.json'), id: 19235, episode: 15, title: 'Granite State' })
      notifyFixture(sut.fake, 'notification-onavstart-library-episode.json')
      sut.fake.notify('Player.OnAVStart', { item: { id: 19235, type: 'episode' }, player: { playerid: 1, speed: 1 } })
      const next = await sut.waitForEvent('the next episode plays', (event) => event.kind === 'play' && event.item.episode === 15)

      expect(sut.kinds()).toEqual(['play', 'stop', 'play'])
      expect(next.item.ids).toEqual({ imdb: 'tt0903747', tmdb: 1396, tvdb: 81189 })
      expect(sut.fake.requestsFor('VideoLibrary.GetTVShowDetails')).toHaveLength(1)
    })
  })

  describe('file outside the library', () => {
    it('should read the episode from an SxxEyy file name', async () => {
      const sut = await start()
      const file = 'smb://nas.local/downloads/The.Office.US.S02E03.720p.WEB-DL.mkv'
      sut.fake.setItem(1, { type: 'unknown', label: 'The.Office.US.S02E03.720p.WEB-DL.mkv', title: '', file, season: -1, episode: -1, showtitle: '', tvshowid: -1, year: 0, runtime: 0, uniqueid: {} })
      sut.fake.setProperties(1, kodiProperties(30, 1320))
      sut.fake.setActivePlayers([VIDEO_PLAYER])

      const notified = { item: { title: 'The.Office.US.S02E03.720p.WEB-DL.mkv', type: 'movie' }, player: { playerid: 1, speed: 1 } }
      sut.fake.notify('Player.OnAVStart', notified)
      const play = await sut.waitForEvent('the file plays', (event) => event.kind === 'play')

      sut.fake.setActivePlayers([])
      sut.fake.notify('Player.OnStop', { end: false, item: notified.item })
      const stop = await sut.waitForEvent('the file stops', (event) => event.kind === 'stop')

      expect(play.item).toMatchObject({ type: 'episode', title: 'The Office US', season: 2, episode: 3, rawFilename: 'The.Office.US.S02E03.720p.WEB-DL.mkv', ids: {} })
      expect(play.item.itemKey).toMatch(/^file:/)
      expect(play.item.durationSeconds).toBe(1320)
      expect(stop.item.itemKey).toBe(play.item.itemKey)
      expect(stop.completed).toBeUndefined()
    })
  })

  describe('PVR channel', () => {
    it('should emit one ignored rejection and nothing else', async () => {
      const sut = await start()
      const channel = { type: 'channel', id: 7, label: 'BBC One HD', title: 'News at Ten', channeltype: 'tv', file: 'pvr://channels/tv/All channels/pvr.hts_1234.pvr' }
      sut.fake.setItem(1, channel)
      sut.fake.setProperties(1, { ...kodiProperties(600, 3600), live: true })
      sut.fake.setActivePlayers([VIDEO_PLAYER])
      const notifiedItem = { type: 'channel', id: 7, title: 'BBC One HD', channeltype: 'tv' }

      sut.fake.notify('Player.OnAVStart', { item: notifiedItem, player: { playerid: 1, speed: 1 } })
      await waitUntil('the channel is rejected', () => sut.rejections().length > 0)
      sut.fake.notify('Player.OnPause', { item: notifiedItem, player: { playerid: 1, speed: 0 } })
      sut.fake.notify('Player.OnResume', { item: notifiedItem, player: { playerid: 1, speed: 1 } })
      await delay(200)
      sut.fake.notify('Player.OnStop', { end: false, item: notifiedItem })
      await delay(100)
      await sut.connection.whenIdle()

      expect(sut.outputs).toHaveLength(1)
      expect(sut.rejections()[0]).toMatchObject({ ok: false, outcome: 'ignored', event: 'Player.OnAVStart', user: 'living-room' })
      expect(sut.rejections()[0]?.reason).toContain('PVR channel')
      expect(sut.fake.requestsFor('Player.GetProperties')).toHaveLength(1)
    })
  })

  describe('play notifications', () => {
    it('should read the item after Player.OnPlay when no Player.OnAVStart follows', async () => {
      const sut = await start()
      playMovie(sut.fake, 0)

      notifyFixture(sut.fake, 'notification-onplay-library-movie.json')
      await delay(50)
      const before = sut.events().length
      const play = await sut.waitForEvent('the movie plays', (event) => event.kind === 'play')

      expect(before).toBe(0)
      expect(play.item.itemKey).toBe('movie:2')
      expect(sut.fake.requestsFor('Player.GetItem')).toHaveLength(1)
    })

    it('should emit play for a video already playing at connect', async () => {
      const sut = await start({ prepare: (fake) => playEpisode(fake) })

      const play = await sut.waitForEvent('the episode plays', (event) => event.kind === 'play')

      expect(play.positionSeconds).toBe(1204)
      expect(play.item.itemKey).toBe('episode:19234')
    })

    it('should ignore a message that is not JSON-RPC and go on', async () => {
      const sut = await start()

      sut.fake.sendRaw('this is not json')
      const play = await startMovie(sut)

      expect(sut.logsAt(LOG_LEVELS.warn, 'not valid JSON-RPC')).toHaveLength(1)
      expect(play.kind).toBe('play')
    })
  })

  describe('completion from the play count', () => {
    it('should complete a held stop when Kodi raises the play count', async () => {
      const sut = await start({ connection: { completionWaitMs: 10_000 } })
      await startMovie(sut, 7800, 0)

      sut.fake.setActivePlayers([])
      sut.fake.notify('Player.OnStop', { end: false, item: { id: 2, type: 'movie' } })
      await delay(100)
      const heldBack = sut.kinds()
      sut.fake.notify('VideoLibrary.OnUpdate', { item: { id: 2, type: 'movie' }, playcount: 1 })
      const stop = await sut.waitForEvent('the movie stops', (event) => event.kind === 'stop')

      expect(heldBack).toEqual(['play'])
      expect(stop.completed).toBe(true)
      expect(stop.positionSeconds).toBeGreaterThanOrEqual(7800)
    })

    it('should release a held stop uncompleted after the wait', async () => {
      const sut = await start()
      await startMovie(sut, 3000, 0)

      sut.fake.setActivePlayers([])
      sut.fake.notify('Player.OnStop', { end: false, item: { id: 2, type: 'movie' } })
      const stop = await sut.waitForEvent('the movie stops', (event) => event.kind === 'stop')

      expect(stop.completed).toBeUndefined()
    })

    it('should not count a play count that did not rise', async () => {
      const sut = await start()
      await startMovie(sut, 3000, 2)

      sut.fake.notify('VideoLibrary.OnUpdate', { item: { id: 2, type: 'movie' }, playcount: 2 })
      sut.fake.setActivePlayers([])
      sut.fake.notify('Player.OnStop', { end: false, item: { id: 2, type: 'movie' } })
      const stop = await sut.waitForEvent('the movie stops', (event) => event.kind === 'stop')

      expect(stop.completed).toBeUndefined()
    })

    it('should emit a scrobble when the play count rises during playback', async () => {
      const sut = await start()
      await startMovie(sut, 7900, 0)

      sut.fake.notify('VideoLibrary.OnUpdate', { item: { id: 2, type: 'movie' }, playcount: 1 })
      const scrobble = await sut.waitForEvent('the movie is scrobbled', (event) => event.kind === 'scrobble')
      sut.fake.setActivePlayers([])
      sut.fake.notify('Player.OnStop', { end: false, item: { id: 2, type: 'movie' } })
      const stop = await sut.waitForEvent('the movie stops', (event) => event.kind === 'stop')

      expect(scrobble.completed).toBe(true)
      expect(stop.completed).toBe(true)
    })
  })

  describe('Kodi going away mid-playback', () => {
    it('should continue the same item with progress, not a new play', async () => {
      const sut = await start()
      await startEpisode(sut)

      const from = await outage(sut, (fake) => fake.setProperties(1, kodiProperties(1500, EPISODE_TOTAL)))
      const progress = await sut.waitForEvent('progress after the reconnect', (event) => event.kind === 'progress', from)

      expect(sut.kinds(from)).toEqual([])
      expect(progress.positionSeconds).toBe(1500)
      expect(progress.paused).toBe(false)
    })

    it('should emit the pause that happened while away', async () => {
      const sut = await start()
      await startEpisode(sut)

      const from = await outage(sut, (fake) => fake.setProperties(1, kodiProperties(1500, EPISODE_TOTAL, 0)))
      const pause = await sut.waitForEvent('pause after the reconnect', (event) => event.kind === 'pause', from)

      expect(sut.kinds(from)).toEqual(['pause'])
      expect(pause.positionSeconds).toBe(1500)
    })

    it('should stop the old item and play the new one', async () => {
      const sut = await start()
      await startEpisode(sut)

      const from = await outage(sut, (fake) => playMovie(fake, 60))
      const play = await sut.waitForEvent('the movie plays', (event) => event.kind === 'play', from)
      const stop = sut.events(from).find((event) => event.kind === 'stop')

      expect(sut.kinds(from)).toEqual(['stop', 'play'])
      expect(stop?.item.itemKey).toBe('episode:19234')
      expect(stop?.positionSeconds).toBe(1204)
      expect(stop?.completed).toBeUndefined()
      expect(play.item.itemKey).toBe('movie:2')
      expect(play.positionSeconds).toBe(60)
    })

    it('should stop the item at its last known position when Kodi is idle', async () => {
      const sut = await start()
      await startEpisode(sut)

      const from = await outage(sut, (fake) => fake.setActivePlayers([]))
      const stop = await sut.waitForEvent('the episode stops', (event) => event.kind === 'stop', from)
      await delay(150)

      expect(sut.kinds(from)).toEqual(['stop'])
      expect(stop.positionSeconds).toBe(1204)
      expect(sut.events(from).filter((event) => event.kind === 'progress')).toHaveLength(0)
    })

    it('should stop the item when the player vanished without Player.OnStop', async () => {
      const sut = await start()
      await startEpisode(sut)

      sut.fake.setActivePlayers([])
      const stop = await sut.waitForEvent('the episode stops', (event) => event.kind === 'stop')

      expect(stop.positionSeconds).toBe(1204)
      expect(sut.kinds()).toEqual(['play', 'stop'])
    })
  })

  describe('reconnect', () => {
    it('should back off with one warning while Kodi is unreachable', async () => {
      harness = await startKodiHarness({
        prepare: (fake) => fake.rejectConnections(),
        connection: { random: () => 1 },
      })
      const sut = harness

      const failures = (): number => {
        const current = sut.connection.state()

        return current.status === 'disconnected' ? current.failures : 0
      }
      await waitUntil('six attempts failed', () => sut.fake.rejectedConnections >= 6 && failures() >= 6)
      const gaps = sut.fake.rejectedAt.slice(1, 6).map((at, index) => at - (sut.fake.rejectedAt[index] ?? at))
      const state = sut.connection.state()
      sut.fake.acceptConnections()
      await waitForConnected(sut)

      // With no jitter the waits are 20, 40, 80, 160 and then the 200 ms cap.
      const expectedWaits = [20, 40, 80, 160, 200]
      gaps.forEach((gap, index) => {
        expect(gap).toBeGreaterThanOrEqual((expectedWaits[index] ?? 0) - 2)
        expect(gap).toBeLessThan((expectedWaits[index] ?? 0) + 150)
      })
      expect(state).toMatchObject({ status: 'disconnected' })
      expect(state.status === 'disconnected' ? state.failures : 0).toBeGreaterThanOrEqual(6)
      expect(sut.logsAt(LOG_LEVELS.warn)).toHaveLength(1)
      expect(sut.logsAt(LOG_LEVELS.warn, 'connecting to Kodi failed')).toHaveLength(1)
      expect(sut.logsAt(LOG_LEVELS.info, 'connected to Kodi')).toHaveLength(1)
      expect(sut.logsAt(LOG_LEVELS.debug, 'connecting to Kodi failed again').length).toBeGreaterThanOrEqual(5)
    })

    it('should log the loss and the return once each', async () => {
      const sut = await start()

      await outage(sut, () => undefined)

      const reconnected = sut.logsAt(LOG_LEVELS.info, 'reconnected to Kodi')
      expect(sut.logsAt(LOG_LEVELS.warn)).toHaveLength(1)
      expect(sut.logsAt(LOG_LEVELS.warn, 'lost the connection')).toHaveLength(1)
      expect(reconnected).toHaveLength(1)
      expect(reconnected[0]?.['failures']).toBe(sut.fake.rejectedConnections + 1)
      expect(sut.logsAt(LOG_LEVELS.error)).toHaveLength(0)
    })
  })

  describe('unsupported version', () => {
    it('should stay unsupported below API version 12', async () => {
      harness = await startKodiHarness({ prepare: (fake) => fake.setVersion({ major: 11, minor: 0, patch: 0 }) })
      const sut = harness

      await waitUntil('the host is unsupported', () => sut.connection.state().status === 'unsupported')
      await delay(300)
      const state = sut.connection.state()

      expect(state.status).toBe('unsupported')
      expect(state.status === 'unsupported' ? state.reason : '').toContain('11.0.0')
      expect(state.status === 'unsupported' ? state.reason : '').toContain('version 12 (Kodi 19) or later')
      expect(sut.logsAt(LOG_LEVELS.error)).toHaveLength(1)
      expect(sut.fake.acceptedConnections).toBe(1)
      expect(sut.fake.requests.map((request) => request.method)).toEqual(['JSONRPC.Version'])
    })
  })

  describe('stop', () => {
    it('should close the socket and emit nothing after', async () => {
      const sut = await start()
      await startMovie(sut)

      await sut.connection.stop()
      const emitted = sut.outputs.length
      await delay(150)

      expect(sut.outputs).toHaveLength(emitted)
      expect(sut.kinds()).toEqual(['play'])
      expect(sut.fake.openConnections).toBe(0)
      expect(sut.connection.state()).toMatchObject({ status: 'disconnected', reason: 'stopped' })
    })
  })

  describe('options', () => {
    const base = { name: 'living-room', logger: pino({ level: 'silent' }), onEvent: () => undefined, reconnect: { initialMs: 20, maxMs: 200 } }

    it('should reject a URL that is not a WebSocket URL', () => {
      expect(() => createKodiConnection({ ...base, url: 'http://127.0.0.1:9090/jsonrpc' })).toThrow(/ws:\/\//)
    })

    it('should reject a poll interval of zero', () => {
      expect(() => createKodiConnection({ ...base, url: 'ws://127.0.0.1:9090/jsonrpc', pollIntervalMs: 0 })).toThrow(/pollIntervalMs/)
    })

    it('should reject an empty name', () => {
      expect(() => createKodiConnection({ ...base, name: ' ', url: 'ws://127.0.0.1:9090/jsonrpc' })).toThrow(/name/)
    })
  })
})
