import { readdirSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { looksLikeEmbyPayload, parseEmbyWebhook } from '../../src/adapters/emby/index.js'
import type { AdapterRejection, PlaybackEvent } from '../../src/core/events.js'
import {
  buildEpisodePayload,
  buildMarkedPlayedPayload,
  buildMoviePayload,
  extractMultipartField,
  loadEmbyFixture,
  readEmbyFixtureText,
  withItem,
  withKeys,
  withPlaybackInfo,
  withServer,
  withSession,
  withUser,
} from './emby-builders.js'
import { loadJellyfinFixture } from './jellyfin-builders.js'
import { loadPlexFixture } from './plex-builders.js'

// 2026-01-01T00:00:00Z
const RECEIVED_AT = 1_767_225_600_000
const context = { receivedAt: RECEIVED_AT }

const TICKS_PER_SECOND = 10_000_000

function parseEvent(payload: unknown): PlaybackEvent {
  const result = parseEmbyWebhook(payload, context)
  if (!result.ok) {
    throw new Error(`Expected a playback event, got ${result.outcome}: ${result.reason}`)
  }

  return result.event
}

function parseRejection(payload: unknown): AdapterRejection {
  const result = parseEmbyWebhook(payload, context)
  if (result.ok) {
    throw new Error(`Expected a rejection, got a ${result.event.kind} event`)
  }

  return result
}

function expectIgnored(payload: unknown, explanation: string): void {
  const rejection = parseRejection(payload)

  expect(rejection.outcome).toBe('ignored')
  expect(rejection.reason).toContain(explanation)
}

function expectInvalid(payload: unknown, explanation: string): void {
  const rejection = parseRejection(payload)

  expect(rejection.outcome).toBe('invalid')
  expect(rejection.reason).toContain(explanation)
}

function loadRawRequestPayload(): unknown {
  const rawRequest = readEmbyFixtureText('raw-request-multipart-illustrative.http.txt')

  return JSON.parse(extractMultipartField(rawRequest, 'data'))
}

const COVERED_FIXTURES = [
  'audio-playback-start.json',
  'movie-playback-pause.json',
  'movie-playback-start.json',
  'movie-playback-stop-completed.json',
  'movie-playback-unpause.json',
  'multipart-episode-playback-stop.data.json',
  'raw-request-multipart-illustrative.http.txt',
]

describe('parseEmbyWebhook', () => {
  describe('fixture folder', () => {
    it('should have a test case for every fixture file', () => {
      const files = readdirSync(new URL('../fixtures/emby/', import.meta.url)).sort()

      expect(files).toEqual([...COVERED_FIXTURES].sort())
    })
  })

  describe('movie-playback-start.json', () => {
    const parseFixture = () => parseEvent(loadEmbyFixture('movie-playback-start.json'))

    it('should produce a play event', () => {
      expect(parseFixture().kind).toBe('play')
    })

    it('should name emby as the source', () => {
      expect(parseFixture().source).toBe('emby')
    })

    it('should use Server.Id as the server id', () => {
      expect(parseFixture().serverId).toBe('15596ac9bbc24127b9f01db6f33630c7')
    })

    it('should take the user from User', () => {
      expect(parseFixture().user).toEqual({ id: 'aac3a78d9f184ea480fb1629e76aad57', name: 'alex' })
    })

    it('should take the player from Session', () => {
      expect(parseFixture().player).toEqual({ id: '30239450-1748-4855-9799-de3544fc2744', title: 'Chrome Windows' })
    })

    it('should use Session.Id as the session key', () => {
      expect(parseFixture().sessionKey).toBe('c336b028b893558b333d1a49238b7db1')
    })

    it('should read the movie type', () => {
      expect(parseFixture().item.type).toBe('movie')
    })

    it('should read the title', () => {
      expect(parseFixture().item.title).toBe('The Accountant')
    })

    it('should read the year from ProductionYear', () => {
      expect(parseFixture().item.year).toBe(2016)
    })

    it('should read the movie ids from ProviderIds', () => {
      expect(parseFixture().item.ids).toEqual({ imdb: 'tt2140479', tmdb: 302946 })
    })

    it('should start at 0 seconds', () => {
      expect(parseFixture().positionSeconds).toBe(0)
    })

    it('should convert RunTimeTicks to seconds', () => {
      expect(parseFixture().item.durationSeconds).toBe(7794)
    })

    it('should use Item.Id as the item key', () => {
      expect(parseFixture().item.itemKey).toBe('4916')
    })

    it('should keep only the file name', () => {
      expect(parseFixture().item.rawFilename).toBe('The Accountant (2016).mkv')
    })

    it('should use Date as the event time', () => {
      expect(parseFixture().occurredAt).toBe(Date.parse('2025-06-06T19:02:11.027Z'))
    })

    it('should not mark the movie completed', () => {
      expect(parseFixture().completed).toBeUndefined()
    })

    it('should leave the paused state unset (Emby sends pause events)', () => {
      expect(parseFixture().paused).toBeUndefined()
    })

    it('should leave episode fields unset', () => {
      const { item } = parseFixture()

      expect(item.season).toBeUndefined()
      expect(item.episode).toBeUndefined()
      expect(item.episodeIds).toBeUndefined()
      expect(item.showKey).toBeUndefined()
    })

    it('should leave the library unset (Emby sends no library name)', () => {
      expect(parseFixture().item.library).toBeUndefined()
    })

    it('should not mark the movie as anime', () => {
      expect(parseFixture().item.anime).toBeUndefined()
    })
  })

  describe('movie-playback-pause.json', () => {
    const parseFixture = () => parseEvent(loadEmbyFixture('movie-playback-pause.json'))

    it('should produce a pause event', () => {
      expect(parseFixture().kind).toBe('pause')
    })

    it('should read the position from PlaybackInfo', () => {
      expect(parseFixture().positionSeconds).toBe(7014)
    })

    it('should use Date as the event time', () => {
      expect(parseFixture().occurredAt).toBe(Date.parse('2025-06-06T19:45:35.175Z'))
    })
  })

  describe('movie-playback-unpause.json', () => {
    const parseFixture = () => parseEvent(loadEmbyFixture('movie-playback-unpause.json'))

    it('should produce a resume event', () => {
      expect(parseFixture().kind).toBe('resume')
    })

    it('should read the position', () => {
      expect(parseFixture().positionSeconds).toBe(7014)
    })
  })

  describe('movie-playback-stop-completed.json', () => {
    const parseFixture = () => parseEvent(loadEmbyFixture('movie-playback-stop-completed.json'))

    it('should produce a stop event', () => {
      expect(parseFixture().kind).toBe('stop')
    })

    it('should mark the movie completed', () => {
      expect(parseFixture().completed).toBe(true)
    })

    it('should read the position', () => {
      expect(parseFixture().positionSeconds).toBe(7739)
    })
  })

  describe('multipart-episode-playback-stop.data.json', () => {
    const parseFixture = () => parseEvent(loadEmbyFixture('multipart-episode-playback-stop.data.json'))

    it('should produce a stop event', () => {
      expect(parseFixture().kind).toBe('stop')
    })

    it('should mark the episode completed', () => {
      expect(parseFixture().completed).toBe(true)
    })

    it('should read the episode type', () => {
      expect(parseFixture().item.type).toBe('episode')
    })

    it('should use SeriesName as the title', () => {
      expect(parseFixture().item.title).toBe('Billy the Kid')
    })

    it('should use Name as the episode title', () => {
      expect(parseFixture().item.episodeTitle).toBe('The Road to Hell')
    })

    it('should read the season from ParentIndexNumber', () => {
      expect(parseFixture().item.season).toBe(2)
    })

    it('should read the episode from IndexNumber', () => {
      expect(parseFixture().item.episode).toBe(1)
    })

    it('should keep ProviderIds as episode ids', () => {
      expect(parseFixture().item.episodeIds).toEqual({ tvdb: 9944695 })
    })

    it('should leave show ids empty (Emby sends no series ids)', () => {
      expect(parseFixture().item.ids).toEqual({})
    })

    it('should leave the year unset (ProductionYear is the episode year)', () => {
      expect(parseFixture().item.year).toBeUndefined()
    })

    it('should use SeriesId as the show key', () => {
      expect(parseFixture().item.showKey).toBe('44')
    })

    it('should use Item.Id as the item key', () => {
      expect(parseFixture().item.itemKey).toBe('478')
    })

    it('should read the position', () => {
      expect(parseFixture().positionSeconds).toBe(2840)
    })

    it('should read the duration', () => {
      expect(parseFixture().item.durationSeconds).toBe(2851)
    })

    it('should keep only the file name', () => {
      expect(parseFixture().item.rawFilename).toBe('Billy the Kid - S02E01 - The Road to Hell.mkv')
    })

    it('should take the player from Session', () => {
      expect(parseFixture().player).toEqual({ id: '6b1f0e2d-3c4a-4b5c-8d9e-0f1a2b3c4d5e', title: 'Chrome macOS' })
    })

    it('should leave episodeEnd unset for a single episode', () => {
      expect(parseFixture().item.episodeEnd).toBeUndefined()
    })
  })

  describe('raw-request-multipart-illustrative.http.txt', () => {
    it('should be a multipart request', () => {
      expect(readEmbyFixtureText('raw-request-multipart-illustrative.http.txt')).toContain(
        'Content-Type: multipart/form-data; boundary="b6c0f0a1-5d2e-4c3b-9a8f-7e6d5c4b3a21"',
      )
    })

    it('should produce the same event as the data.json fixture', () => {
      expect(parseEvent(loadRawRequestPayload())).toEqual(parseEvent(buildEpisodePayload()))
    })

    it('should produce a stop event', () => {
      expect(parseEvent(loadRawRequestPayload()).kind).toBe('stop')
    })
  })

  describe('audio-playback-start.json', () => {
    const parseFixture = () => parseRejection(loadEmbyFixture('audio-playback-start.json'))

    it('should be ignored', () => {
      expect(parseFixture().outcome).toBe('ignored')
    })

    it('should name the event and user', () => {
      expect(parseFixture()).toMatchObject({ event: 'playback.start', user: 'alex' })
    })

    it('should explain that music is not tracked', () => {
      expect(parseFixture().reason).toContain('music is not tracked (item type Audio)')
    })
  })

  describe('positions', () => {
    it('should round a position down to whole seconds', () => {
      const payload = withPlaybackInfo(buildMoviePayload(), { PositionTicks: 2 * TICKS_PER_SECOND - 1 })

      expect(parseEvent(payload).positionSeconds).toBe(1)
    })

    it('should round a duration down to whole seconds', () => {
      const payload = withItem(buildMoviePayload(), { RunTimeTicks: 7794 * TICKS_PER_SECOND + 9_999_999 })

      expect(parseEvent(payload).item.durationSeconds).toBe(7794)
    })

    it('should leave the duration unknown when RunTimeTicks is 0', () => {
      expect(parseEvent(withItem(buildMoviePayload(), { RunTimeTicks: 0 })).item.durationSeconds).toBeUndefined()
    })

    it('should leave the duration unknown when RunTimeTicks is missing', () => {
      const payload = withItem(buildMoviePayload(), { RunTimeTicks: undefined })

      expect(parseEvent(payload).item.durationSeconds).toBeUndefined()
    })

    it('should prefer PlaybackInfo over Session.PlayState', () => {
      const payload = withSession(loadEmbyFixture('movie-playback-pause.json'), {
        PlayState: { PositionTicks: 100 * TICKS_PER_SECOND },
      })

      expect(parseEvent(payload).positionSeconds).toBe(7014)
    })

    it('should read Session.PlayState when PlaybackInfo has no position', () => {
      const pause = withPlaybackInfo(loadEmbyFixture('movie-playback-pause.json'), { PositionTicks: undefined })
      const payload = withSession(pause, { PlayState: { PositionTicks: 100 * TICKS_PER_SECOND } })

      expect(parseEvent(payload).positionSeconds).toBe(100)
    })

    it('should not read Session.PlayState on stop (it may belong to the next item)', () => {
      const stop = withPlaybackInfo(loadEmbyFixture('movie-playback-stop-completed.json'), { PositionTicks: undefined })
      const payload = withSession(stop, { PlayState: { PositionTicks: 0 } })

      expect(parseEvent(payload).positionSeconds).toBeUndefined()
    })

    it('should start playback.start at 0 without PlaybackInfo', () => {
      expect(parseEvent(withKeys(buildMoviePayload(), { PlaybackInfo: undefined })).positionSeconds).toBe(0)
    })

    it('should read the position of a resumed start', () => {
      const payload = withPlaybackInfo(buildMoviePayload(), { PositionTicks: 3600 * TICKS_PER_SECOND })

      expect(parseEvent(payload).positionSeconds).toBe(3600)
    })

    it('should leave the position unknown when a pause has none', () => {
      const payload = withPlaybackInfo(loadEmbyFixture('movie-playback-pause.json'), { PositionTicks: undefined })

      expect(parseEvent(payload).positionSeconds).toBeUndefined()
    })

    it('should reject negative ticks', () => {
      expectInvalid(
        withPlaybackInfo(buildMoviePayload(), { PositionTicks: -1 }),
        'PlaybackInfo.PositionTicks is invalid',
      )
    })
  })

  describe('completion', () => {
    const buildStop = (overrides: Record<string, unknown>) =>
      withPlaybackInfo(loadEmbyFixture('movie-playback-stop-completed.json'), overrides)

    it('should mark a stop with PlayedToCompletion false as not completed', () => {
      expect(parseEvent(buildStop({ PlayedToCompletion: false })).completed).toBe(false)
    })

    it('should mark a stop without PlayedToCompletion as not completed', () => {
      expect(parseEvent(buildStop({ PlayedToCompletion: undefined })).completed).toBe(false)
    })

    it('should mark a stop without PlaybackInfo as not completed', () => {
      const payload = withKeys(loadEmbyFixture('movie-playback-stop-completed.json'), { PlaybackInfo: undefined })

      expect(parseEvent(payload).completed).toBe(false)
    })

    it('should not mark a pause completed', () => {
      const payload = withPlaybackInfo(loadEmbyFixture('movie-playback-pause.json'), { PlayedToCompletion: true })

      expect(parseEvent(payload).completed).toBeUndefined()
    })
  })

  describe('event time', () => {
    it('should use receivedAt when Date is missing', () => {
      expect(parseEvent(withKeys(buildMoviePayload(), { Date: undefined })).occurredAt).toBe(RECEIVED_AT)
    })

    it('should convert a Date with an offset to UTC', () => {
      const payload = withKeys(buildMoviePayload(), { Date: '2025-06-06T21:02:11.0271935+02:00' })

      expect(parseEvent(payload).occurredAt).toBe(Date.parse('2025-06-06T19:02:11.027Z'))
    })

    it('should ignore the localized Description', () => {
      const payload = withKeys(buildMoviePayload(), { Description: 'Freitag, 6. Juni 2025 21:02' })

      expect(parseEvent(payload).occurredAt).toBe(Date.parse('2025-06-06T19:02:11.027Z'))
    })

    it('should reject a Date that is not an ISO 8601 time', () => {
      expectInvalid(withKeys(buildMoviePayload(), { Date: 'Friday, 6 June 2025 19:02' }), 'Date is invalid')
    })
  })

  describe('provider ids', () => {
    const movieWithIds = (providerIds: unknown) =>
      parseEvent(withItem(buildMoviePayload(), { ProviderIds: providerIds })).item

    it.each([
      [{ IMDB: 'tt2140479' }, { imdb: 'tt2140479' }],
      [{ tmdb: '302946' }, { tmdb: 302946 }],
      [{ TvDb: '169' }, { tvdb: 169 }],
      [{ AniDB: '5' }, { anidb: 5 }],
    ])('should read %o in any letter case', (providerIds, ids) => {
      expect(movieWithIds(providerIds).ids).toEqual(ids)
    })

    it.each([
      [{ 'Official Website': 'https://www.theaccountantmovie.com' }],
      [{ Imdb: 'https://www.imdb.com/title/tt2140479' }],
      [{ Tmdb: '' }],
      [{ Tmdb: 'none' }],
      [{ Tvdb: '0' }],
      [{ Wikidata: 'Q21regular' }],
      [{ TvRage: '12345' }],
      [{ MusicBrainzTrack: '3e4f5a6b-7c8d-4e9f-0a1b-2c3d4e5f6a7b' }],
    ])('should drop %o', (providerIds) => {
      expect(movieWithIds(providerIds).ids).toEqual({})
    })

    it('should keep valid ids beside junk entries', () => {
      const ids = movieWithIds({ Tmdb: '302946', 'Official Website': 'https://example.com', Imdb: 'n/a' }).ids

      expect(ids).toEqual({ tmdb: 302946 })
    })

    it('should allow empty ProviderIds', () => {
      expect(movieWithIds({}).ids).toEqual({})
    })

    it('should allow missing ProviderIds', () => {
      expect(movieWithIds(undefined).ids).toEqual({})
    })

    it('should mark a movie with an AniDB id as anime', () => {
      expect(movieWithIds({ AniDB: '5' }).anime).toBe(true)
    })
  })

  describe('episodes', () => {
    it('should read IndexNumberEnd of a multi-episode file', () => {
      const payload = withItem(buildEpisodePayload(), { IndexNumber: 1, IndexNumberEnd: 2 })

      expect(parseEvent(payload).item.episodeEnd).toBe(2)
    })

    it('should leave episodeEnd unset when IndexNumberEnd equals IndexNumber', () => {
      const payload = withItem(buildEpisodePayload(), { IndexNumber: 1, IndexNumberEnd: 1 })

      expect(parseEvent(payload).item.episodeEnd).toBeUndefined()
    })

    it('should keep season 0 of a special', () => {
      expect(parseEvent(withItem(buildEpisodePayload(), { ParentIndexNumber: 0 })).item.season).toBe(0)
    })

    it('should keep every episode id out of the show ids', () => {
      const payload = withItem(buildEpisodePayload(), {
        ProviderIds: { Tvdb: '9944695', Imdb: 'tt21274424', Tmdb: '4669383' },
      })

      expect(parseEvent(payload).item.ids).toEqual({})
    })

    it('should keep every episode id as an episode id', () => {
      const payload = withItem(buildEpisodePayload(), {
        ProviderIds: { Tvdb: '9944695', Imdb: 'tt21274424', Tmdb: '4669383' },
      })

      expect(parseEvent(payload).item.episodeIds).toEqual({ imdb: 'tt21274424', tmdb: 4669383, tvdb: 9944695 })
    })

    it('should mark an episode with an AniDB id as anime', () => {
      const payload = withItem(buildEpisodePayload(), { ProviderIds: { AniDB: '186011' } })

      expect(parseEvent(payload).item.anime).toBe(true)
    })

    it('should leave episode ids unset for empty ProviderIds', () => {
      expect(parseEvent(withItem(buildEpisodePayload(), { ProviderIds: {} })).item.episodeIds).toBeUndefined()
    })

    it('should leave the episode title unset without Name', () => {
      expect(parseEvent(withItem(buildEpisodePayload(), { Name: undefined })).item.episodeTitle).toBeUndefined()
    })

    it('should leave the show key unset without SeriesId', () => {
      expect(parseEvent(withItem(buildEpisodePayload(), { SeriesId: undefined })).item.showKey).toBeUndefined()
    })

    it('should keep a localized SeasonName out of the item', () => {
      const payload = withItem(buildEpisodePayload(), { SeasonName: '季 2' })

      expect(parseEvent(payload).item.season).toBe(2)
    })
  })

  describe('nulls', () => {
    it.each(['IndexNumberEnd', 'SeriesId', 'ProviderIds', 'Name', 'Path'])(
      'should read a null Item.%s as absent',
      (key) => {
        expect(parseEvent(withItem(buildEpisodePayload(), { [key]: null })).item.type).toBe('episode')
      },
    )

    it('should read a null PlaybackInfo as absent', () => {
      expect(parseEvent(withKeys(buildMoviePayload(), { PlaybackInfo: null })).positionSeconds).toBe(0)
    })

    it('should read a null Session.DeviceName as absent', () => {
      expect(parseEvent(withSession(buildMoviePayload(), { DeviceName: null })).player.title).toBe('Emby Web')
    })

    it('should reject a null Item.Id', () => {
      expectInvalid(withItem(buildMoviePayload(), { Id: null }), 'Item.Id is null')
    })
  })

  describe('file names', () => {
    it('should read the file name from Path without FileName', () => {
      const payload = withItem(buildMoviePayload(), { FileName: undefined })

      expect(parseEvent(payload).item.rawFilename).toBe('The Accountant (2016).mkv')
    })

    it('should read the file name of a Windows UNC path', () => {
      const payload = withItem(buildMoviePayload(), {
        FileName: undefined,
        Path: '\\\\nas\\media\\Movies\\The Accountant (2016)\\The Accountant (2016).mkv',
      })

      expect(parseEvent(payload).item.rawFilename).toBe('The Accountant (2016).mkv')
    })

    it('should leave the file name unset without Path and FileName', () => {
      const payload = withItem(buildMoviePayload(), { FileName: undefined, Path: undefined })

      expect(parseEvent(payload).item.rawFilename).toBeUndefined()
    })
  })

  describe('player and user', () => {
    it('should take the player title from Client without DeviceName', () => {
      const payload = withSession(buildMoviePayload(), { DeviceName: undefined })

      expect(parseEvent(payload).player.title).toBe('Emby Web')
    })

    it('should leave the player title unset without DeviceName and Client', () => {
      const payload = withSession(buildMoviePayload(), { DeviceName: undefined, Client: undefined })

      expect(parseEvent(payload).player).toEqual({ id: '30239450-1748-4855-9799-de3544fc2744' })
    })

    it('should leave the session key unset without Session.Id', () => {
      expect(parseEvent(withSession(buildMoviePayload(), { Id: undefined })).sessionKey).toBeUndefined()
    })

    it('should leave the user id unset without User.Id', () => {
      expect(parseEvent(withUser(buildMoviePayload(), { Id: undefined })).user).toEqual({ name: 'alex' })
    })

    it('should reject a payload without User and explain the Emby setting', () => {
      const payload = withKeys(buildMoviePayload(), { User: undefined })

      expectInvalid(payload, 'User is missing')
      expectInvalid(payload, '"Limit user events to" setting lists the users')
    })
  })

  describe('item.markplayed', () => {
    const parseMark = () => parseEvent(buildMarkedPlayedPayload())

    it('should produce a watched event', () => {
      expect(parseMark().kind).toBe('watched')
    })

    it('should use the stand-in player of manual marks', () => {
      expect(parseMark().player).toEqual({ id: 'marked-played', title: 'Marked played in Emby' })
    })

    it('should take the user', () => {
      expect(parseMark().user).toEqual({ id: 'aac3a78d9f184ea480fb1629e76aad57', name: 'alex' })
    })

    it('should read the item', () => {
      expect(parseMark().item).toMatchObject({
        type: 'movie',
        title: 'The Accountant',
        itemKey: '4916',
        durationSeconds: 7794,
      })
    })

    it('should leave the position and session unset', () => {
      const event = parseMark()

      expect(event.positionSeconds).toBeUndefined()
      expect(event.sessionKey).toBeUndefined()
    })

    it('should use Date as the event time', () => {
      expect(parseMark().occurredAt).toBe(Date.parse('2025-06-06T19:02:11.027Z'))
    })

    it('should produce a watched event for an episode', () => {
      const event = parseEvent(buildMarkedPlayedPayload(buildEpisodePayload()))

      expect(event.item).toMatchObject({ type: 'episode', title: 'Billy the Kid', season: 2, episode: 1 })
    })

    it('should ignore a whole series marked played', () => {
      expectIgnored(withItem(buildMarkedPlayedPayload(), { Type: 'Series' }), 'a whole series is not a playable item')
    })

    it('should reject a mark without Item.Id', () => {
      expectInvalid(
        withItem(buildMarkedPlayedPayload(), { Id: undefined }),
        'Emby item.markplayed payload is invalid: Item.Id is missing',
      )
    })
  })

  describe('test notification', () => {
    it.each(['system.notificationtest', 'system.webhooktest'])('should acknowledge %s', (event) => {
      const payload = {
        Title: 'Test Notification',
        Event: event,
        User: { Name: 'alex', Id: 'aac3a78d9f184ea480fb1629e76aad57' },
      }
      const rejection = parseRejection(payload)

      expect(rejection).toMatchObject({ outcome: 'ignored', event, user: 'alex', reason: 'test notification received' })
    })

    it('should acknowledge a test notification without a user', () => {
      expect(parseRejection({ Event: 'system.notificationtest', Server: { Id: 'x' } })).toMatchObject({
        outcome: 'ignored',
        reason: 'test notification received',
      })
    })

    it('should acknowledge the empty payload of older Emby releases as a test', () => {
      expect(parseRejection({})).toMatchObject({
        outcome: 'ignored',
        reason: 'test notification received (empty payload)',
      })
    })
  })

  describe('ignored events', () => {
    it.each([
      ['item.markunplayed', 'marking an item unplayed is not tracked'],
      ['item.rate', 'a rating or favourite is not playback'],
      ['library.new', 'library events report library changes'],
      ['library.deleted', 'library events report library changes'],
      ['user.created', 'user events report account changes'],
      ['user.authenticated', 'user events report account changes'],
      ['system.updateavailable', 'it reports server maintenance'],
      ['plugins.pluginuninstalled', 'it reports server maintenance'],
      ['playback.progress', 'unknown Emby event "playback.progress"'],
      ['playback.scrobble', 'unknown Emby event "playback.scrobble"'],
    ])('should ignore %s', (event, explanation) => {
      const rejection = parseRejection(withKeys(buildMoviePayload(), { Event: event }))

      expect(rejection).toMatchObject({ outcome: 'ignored', event, user: 'alex' })
      expect(rejection.reason).toContain(explanation)
    })

    it('should ignore an event without User and omit the user', () => {
      const rejection = parseRejection({ Event: 'library.new', Item: { Type: 'Movie' } })

      expect(rejection).not.toHaveProperty('user')
    })
  })

  describe('ignored items', () => {
    it.each([
      ['Audio', 'music is not tracked'],
      ['MusicAlbum', 'music is not tracked'],
      ['AudioBook', 'audiobooks are not tracked'],
      ['Book', 'books are not tracked'],
      ['Trailer', 'trailers are not tracked'],
      ['MusicVideo', 'music videos are not tracked'],
      ['Video', 'videos that the server did not match as a movie or episode are not tracked'],
      ['TvChannel', 'live TV is not tracked'],
      ['Program', 'live TV is not tracked'],
      ['Photo', 'photos are not tracked'],
      ['Series', 'a whole series is not a playable item'],
      ['Season', 'a whole season is not a playable item'],
      ['Folder', 'item type "Folder" is not a movie or episode'],
    ])('should ignore %s', (type, explanation) => {
      expectIgnored(withItem(buildMoviePayload(), { Type: type }), `${explanation} (item type ${type})`)
    })

    it('should ignore an item of media type Audio without a Type', () => {
      expectIgnored(
        withItem(buildMoviePayload(), { Type: undefined, MediaType: 'Audio' }),
        'music is not tracked (media type Audio)',
      )
    })

    it('should ignore music even when required fields are missing', () => {
      const payload = withKeys(loadEmbyFixture('audio-playback-start.json'), { Session: undefined, Server: undefined })

      expectIgnored(payload, 'music is not tracked')
    })
  })

  describe('invalid payloads', () => {
    it.each([
      [null, 'null'],
      [[], 'array'],
      ['playback.start', 'string'],
      [42, 'number'],
      [undefined, 'undefined'],
    ])('should reject %o as not a JSON object', (payload, typeName) => {
      expectInvalid(payload, `Emby payload must be a JSON object, received ${typeName}`)
    })

    it('should reject a payload without Event', () => {
      expectInvalid(withKeys(buildMoviePayload(), { Event: undefined }), 'Emby payload is invalid: Event is missing')
    })

    it.each([
      ['Server', 'Server is missing'],
      ['Session', 'Session is missing'],
      ['Item', 'Item is missing'],
    ])('should reject a playback payload without %s', (key, explanation) => {
      expectInvalid(withKeys(buildMoviePayload(), { [key]: undefined }), explanation)
    })

    it('should reject a payload without Server.Id', () => {
      expectInvalid(withServer(buildMoviePayload(), { Id: undefined }), 'Server.Id is missing')
    })

    it('should reject a payload without Session.DeviceId', () => {
      expectInvalid(withSession(buildMoviePayload(), { DeviceId: undefined }), 'Session.DeviceId is missing')
    })

    it('should reject a payload without User.Name', () => {
      expectInvalid(withUser(buildMoviePayload(), { Name: undefined }), 'User.Name is missing')
    })

    it.each(['Id', 'Type', 'Name'])('should reject a movie without Item.%s', (key) => {
      expectInvalid(withItem(buildMoviePayload(), { [key]: undefined }), `Item.${key} is missing`)
    })

    it('should reject an episode without SeriesName', () => {
      expectInvalid(withItem(buildEpisodePayload(), { SeriesName: undefined }), 'Item.SeriesName is missing')
    })

    it('should name the event of an invalid payload', () => {
      expectInvalid(withSession(buildMoviePayload(), { DeviceId: undefined }), 'Emby playback.start payload is invalid')
    })

    it('should name every missing field', () => {
      expectInvalid(
        withKeys(buildMoviePayload(), { Server: undefined, Session: undefined }),
        'Server is missing, Session is missing',
      )
    })

    it('should not require Session for item.markplayed', () => {
      expect(parseEvent(withKeys(buildMarkedPlayedPayload(), { Session: undefined })).kind).toBe('watched')
    })
  })

  describe('payloads of other sources', () => {
    it('should reject a Jellyfin payload and name its URL', () => {
      expectInvalid(
        loadJellyfinFixture('movie-playback-start.json'),
        'looks like a Jellyfin webhook; post it to /webhooks/jellyfin/<token>',
      )
    })

    it('should reject a Jellyfin template payload as a Jellyfin payload', () => {
      expectInvalid(loadJellyfinFixture('template-ryot-playback-progress.json'), 'looks like a Jellyfin webhook')
    })

    it('should reject a Plex payload and name its URL', () => {
      expectInvalid(
        loadPlexFixture('movie-play-newagent.json'),
        'looks like a Plex webhook; post it to /webhooks/plex/<token>',
      )
    })
  })
})

describe('looksLikeEmbyPayload', () => {
  it.each(['movie-playback-start.json', 'audio-playback-start.json', 'multipart-episode-playback-stop.data.json'])(
    'should accept %s',
    (name) => {
      expect(looksLikeEmbyPayload(loadEmbyFixture(name))).toBe(true)
    },
  )

  it.each(['system.notificationtest', 'item.markplayed', 'library.new'])('should accept the event %s', (event) => {
    expect(looksLikeEmbyPayload({ Event: event })).toBe(true)
  })

  it('should reject a Jellyfin payload', () => {
    expect(looksLikeEmbyPayload(loadJellyfinFixture('movie-playback-start.json'))).toBe(false)
  })

  it('should reject a Jellyfin template payload', () => {
    expect(looksLikeEmbyPayload(loadJellyfinFixture('template-ryot-playback-progress.json'))).toBe(false)
  })

  it('should reject a Plex payload', () => {
    expect(looksLikeEmbyPayload(loadPlexFixture('movie-play-newagent.json'))).toBe(false)
  })

  it.each(['Play', 'Playback.Start', 'playback.', ''])('should reject the Event %j', (event) => {
    expect(looksLikeEmbyPayload({ Event: event, Item: {} })).toBe(false)
  })

  it.each([null, [], 'playback.start', 1])('should reject %o', (value) => {
    expect(looksLikeEmbyPayload(value)).toBe(false)
  })
})
