import { readdirSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import {
  diagnoseJellyfinBody,
  looksLikeJellyfinPayload,
  parseJellyfinWebhook,
} from '../../src/adapters/jellyfin/index.js'
import type { AdapterRejection, PlaybackEvent } from '../../src/core/events.js'
import { loadEmbyFixture } from './emby-builders.js'
import {
  buildEpisodePayload,
  buildMarkedPlayedPayload,
  buildMoviePayload,
  buildTemplateEpisodePayload,
  buildTemplatePayload,
  loadJellyfinFixture,
  readJellyfinFixtureText,
  splitHttpRequest,
  withKeys,
  withSection,
} from './jellyfin-builders.js'
import { loadPlexFixture } from './plex-builders.js'

// 2026-01-01T00:00:00Z
const RECEIVED_AT = 1_767_225_600_000
const context = { receivedAt: RECEIVED_AT }

const TICKS_PER_SECOND = 10_000_000

function parseEvent(payload: unknown): PlaybackEvent {
  const result = parseJellyfinWebhook(payload, context)
  if (!result.ok) {
    throw new Error(`Expected a playback event, got ${result.outcome}: ${result.reason}`)
  }

  return result.event
}

function parseRejection(payload: unknown): AdapterRejection {
  const result = parseJellyfinWebhook(payload, context)
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

function loadRawRequest(): { headers: string[]; body: string } {
  return splitHttpRequest(readJellyfinFixtureText('raw-request-playback-start-default-text-plain.http.txt'))
}

const COVERED_FIXTURES = [
  'audio-playback-start.json',
  'episode-playback-progress-paused.json',
  'episode-playback-start.json',
  'itemadded-movie.json',
  'movie-playback-progress-paused.json',
  'movie-playback-start.json',
  'movie-playback-stop-completed-10.8.json',
  'raw-request-playback-start-default-text-plain.http.txt',
  'template-ryot-playback-progress.json',
]

describe('parseJellyfinWebhook', () => {
  describe('fixture folder', () => {
    it('should have a test case for every fixture file', () => {
      const files = readdirSync(new URL('../fixtures/jellyfin/', import.meta.url)).sort()

      expect(files).toEqual([...COVERED_FIXTURES].sort())
    })
  })

  describe('movie-playback-start.json', () => {
    const parseFixture = () => parseEvent(loadJellyfinFixture('movie-playback-start.json'))

    it('should produce a play event', () => {
      expect(parseFixture().kind).toBe('play')
    })

    it('should name jellyfin as the source', () => {
      expect(parseFixture().source).toBe('jellyfin')
    })

    it('should use ServerId as the server id', () => {
      expect(parseFixture().serverId).toBe('7d3f0a9c2b4e4f1a8c6d5e0b1a2c3d4e')
    })

    it('should take the user from UserId and NotificationUsername', () => {
      expect(parseFixture().user).toEqual({ id: '4b1e9c2d7f0a4c3e9d8b6a5f4e3d2c1b', name: 'casey' })
    })

    it('should take the player from DeviceId and DeviceName', () => {
      expect(parseFixture().player).toEqual({
        id: 'TW96aWxsYS81LjAgKFgxMTsgTGludXggeDg2XzY0OyBydjoxMjguMCkgR2Vja28vMjAxMDAxMDEgRmlyZWZveC8xMjguMHwxNzE4MDAwMDAwMDAw',
        title: 'Firefox',
      })
    })

    it('should use the session Id as the session key', () => {
      expect(parseFixture().sessionKey).toBe('c0ffee5e55104d2b8e7a6f5d4c3b2a19')
    })

    it('should read the movie type', () => {
      expect(parseFixture().item.type).toBe('movie')
    })

    it('should read the title from Name', () => {
      expect(parseFixture().item.title).toBe('The Matrix')
    })

    it('should read the year', () => {
      expect(parseFixture().item.year).toBe(1999)
    })

    it('should read the movie ids from the Provider_ keys', () => {
      expect(parseFixture().item.ids).toEqual({ imdb: 'tt0133093', tmdb: 603 })
    })

    it('should convert PlaybackPositionTicks to seconds', () => {
      expect(parseFixture().positionSeconds).toBe(1873)
    })

    it('should convert RunTimeTicks to seconds', () => {
      expect(parseFixture().item.durationSeconds).toBe(8160)
    })

    it('should use ItemId as the item key', () => {
      expect(parseFixture().item.itemKey).toBe('9871a124b152901edc3aafa0f374d14e')
    })

    it('should use UtcTimestamp as the event time', () => {
      expect(parseFixture().occurredAt).toBe(Date.parse('2025-06-14T18:03:11.274Z'))
    })

    it('should leave the paused state unset (only progress reports it)', () => {
      expect(parseFixture().paused).toBeUndefined()
    })

    it('should not mark the movie completed', () => {
      expect(parseFixture().completed).toBeUndefined()
    })

    it('should leave episode fields unset', () => {
      const { item } = parseFixture()

      expect(item.season).toBeUndefined()
      expect(item.episode).toBeUndefined()
      expect(item.episodeIds).toBeUndefined()
      expect(item.showKey).toBeUndefined()
    })

    it('should not mark the movie as anime', () => {
      expect(parseFixture().item.anime).toBeUndefined()
    })

    it('should leave the library and file name unset (the payload has no Path)', () => {
      const { item } = parseFixture()

      expect(item.library).toBeUndefined()
      expect(item.rawFilename).toBeUndefined()
    })
  })

  describe('movie-playback-progress-paused.json', () => {
    const parseFixture = () => parseEvent(loadJellyfinFixture('movie-playback-progress-paused.json'))

    it('should produce a progress event', () => {
      expect(parseFixture().kind).toBe('progress')
    })

    it('should report the paused state', () => {
      expect(parseFixture().paused).toBe(true)
    })

    it('should read the position', () => {
      expect(parseFixture().positionSeconds).toBe(2981)
    })

    it('should use UtcTimestamp as the event time', () => {
      expect(parseFixture().occurredAt).toBe(Date.parse('2025-06-14T18:21:40.051Z'))
    })
  })

  describe('movie-playback-stop-completed-10.8.json', () => {
    const parseFixture = () => parseEvent(loadJellyfinFixture('movie-playback-stop-completed-10.8.json'))

    it('should produce a stop event', () => {
      expect(parseFixture().kind).toBe('stop')
    })

    it('should mark the movie completed', () => {
      expect(parseFixture().completed).toBe(true)
    })

    it('should read the position', () => {
      expect(parseFixture().positionSeconds).toBe(7795)
    })

    it('should read a UtcTimestamp with 6 fractional digits', () => {
      expect(parseFixture().occurredAt).toBe(Date.parse('2023-01-04T06:36:12.853Z'))
    })

    it('should leave the session key unset (a 10.8 plugin sends no Id)', () => {
      expect(parseFixture().sessionKey).toBeUndefined()
    })

    it('should take the user of a 10.8 payload', () => {
      expect(parseFixture().user).toEqual({ id: '50e1109a03fd4e13a3a5dd9bb27e08ec', name: 'jellyfin' })
    })
  })

  describe('episode-playback-start.json', () => {
    const parseFixture = () => parseEvent(loadJellyfinFixture('episode-playback-start.json'))

    it('should produce a play event', () => {
      expect(parseFixture().kind).toBe('play')
    })

    it('should read the episode type', () => {
      expect(parseFixture().item.type).toBe('episode')
    })

    it('should use SeriesName as the title', () => {
      expect(parseFixture().item.title).toBe("The Handmaid's Tale")
    })

    it('should use Name as the episode title', () => {
      expect(parseFixture().item.episodeTitle).toBe('Offred')
    })

    it('should read the season from SeasonNumber', () => {
      expect(parseFixture().item.season).toBe(1)
    })

    it('should read the episode from EpisodeNumber', () => {
      expect(parseFixture().item.episode).toBe(1)
    })

    it('should keep the Provider_ ids as episode ids', () => {
      expect(parseFixture().item.episodeIds).toEqual({ imdb: 'tt5690812', tmdb: 1293645, tvdb: 5894364 })
    })

    it('should leave show ids empty (the plugin sends no series ids)', () => {
      expect(parseFixture().item.ids).toEqual({})
    })

    it('should read the show year from SeriesPremiereDate', () => {
      expect(parseFixture().item.year).toBe(2017)
    })

    it('should use SeriesId as the show key', () => {
      expect(parseFixture().item.showKey).toBe('5b7d9f1a3c5e4a7b9d1f3a5c7e9b1d2f')
    })

    it('should use ItemId as the item key', () => {
      expect(parseFixture().item.itemKey).toBe('a3c5e7f9b1d24f6a8c0e2b4d6f8a0c1e')
    })

    it('should start at 0 seconds', () => {
      expect(parseFixture().positionSeconds).toBe(0)
    })

    it('should read the duration', () => {
      expect(parseFixture().item.durationSeconds).toBe(3471)
    })

    it('should leave episodeEnd unset for a single episode', () => {
      expect(parseFixture().item.episodeEnd).toBeUndefined()
    })

    it('should take the player title from DeviceName', () => {
      expect(parseFixture().player).toEqual({ id: 'c5391b0e12003b403f81f5808bd1834c8bc3ac0d', title: 'Fire TV Stick' })
    })
  })

  describe('episode-playback-progress-paused.json', () => {
    const parseFixture = () => parseEvent(loadJellyfinFixture('episode-playback-progress-paused.json'))

    it('should produce a progress event', () => {
      expect(parseFixture().kind).toBe('progress')
    })

    it('should report the paused state', () => {
      expect(parseFixture().paused).toBe(true)
    })

    it('should read the position', () => {
      expect(parseFixture().positionSeconds).toBe(746)
    })

    it('should use the show title as the title', () => {
      expect(parseFixture().item.title).toBe("The Handmaid's Tale")
    })
  })

  describe('audio-playback-start.json', () => {
    const parseFixture = () => parseRejection(loadJellyfinFixture('audio-playback-start.json'))

    it('should be ignored', () => {
      expect(parseFixture().outcome).toBe('ignored')
    })

    it('should name the notification type and user', () => {
      expect(parseFixture()).toMatchObject({ event: 'PlaybackStart', user: 'casey' })
    })

    it('should explain that music is not tracked', () => {
      expect(parseFixture().reason).toContain('music is not tracked (item type Audio)')
    })
  })

  describe('itemadded-movie.json', () => {
    const parseFixture = () => parseRejection(loadJellyfinFixture('itemadded-movie.json'))

    it('should be ignored', () => {
      expect(parseFixture().outcome).toBe('ignored')
    })

    it('should name the notification type', () => {
      expect(parseFixture()).toMatchObject({ event: 'ItemAdded' })
    })

    it('should omit the user (ItemAdded has none)', () => {
      expect(parseFixture()).not.toHaveProperty('user')
    })

    it('should explain that library notifications are not playback', () => {
      expect(parseFixture().reason).toContain('library notifications report library changes, not playback')
    })
  })

  describe('raw-request-playback-start-default-text-plain.http.txt', () => {
    it('should be a request sent as text/plain', () => {
      expect(loadRawRequest().headers).toContain('Content-Type: text/plain; charset=utf-8')
    })

    it('should have a body on one line', () => {
      expect(loadRawRequest().body.trim()).not.toContain('\n')
    })

    it('should produce the same event as the pretty-printed fixture', () => {
      const fromRequest = parseEvent(JSON.parse(loadRawRequest().body))

      expect(fromRequest).toEqual(parseEvent(buildMoviePayload()))
    })

    it('should produce a play event', () => {
      expect(parseEvent(JSON.parse(loadRawRequest().body)).kind).toBe('play')
    })
  })

  describe('template-ryot-playback-progress.json', () => {
    const parseFixture = () => parseRejection(loadJellyfinFixture('template-ryot-playback-progress.json'))

    it('should be invalid', () => {
      expect(parseFixture().outcome).toBe('invalid')
    })

    it('should read the empty Event as a progress payload', () => {
      expect(parseFixture().reason).toContain('Jellyfin template (empty Event) payload is invalid')
    })

    it.each(['Server is missing', 'Item.Id is missing', 'Item.Name is missing', 'Session.DeviceId is missing'])(
      'should name the missing key (%s)',
      (explanation) => {
        expect(parseFixture().reason).toContain(explanation)
      },
    )

    it('should advise adding the keys or Send All Properties', () => {
      expect(parseFixture().reason).toContain('add the missing keys to it, or switch on Send All Properties')
    })
  })

  describe('ticks', () => {
    it('should round a position down to whole seconds', () => {
      const payload = withKeys(buildMoviePayload(), { PlaybackPositionTicks: 2 * TICKS_PER_SECOND - 1 })

      expect(parseEvent(payload).positionSeconds).toBe(1)
    })

    it('should round a duration down to whole seconds', () => {
      const payload = withKeys(buildMoviePayload(), { RunTimeTicks: 8160 * TICKS_PER_SECOND + 9_999_999 })

      expect(parseEvent(payload).item.durationSeconds).toBe(8160)
    })

    it('should leave the duration unknown when RunTimeTicks is 0', () => {
      expect(parseEvent(withKeys(buildMoviePayload(), { RunTimeTicks: 0 })).item.durationSeconds).toBeUndefined()
    })

    it('should leave the duration unknown when RunTimeTicks is missing', () => {
      const payload = withKeys(buildMoviePayload(), { RunTimeTicks: undefined })

      expect(parseEvent(payload).item.durationSeconds).toBeUndefined()
    })

    it.each(['PlaybackProgress', 'PlaybackStop'])(
      'should leave the position unknown when %s has 0 ticks (no position reported)',
      (notificationType) => {
        const payload = withKeys(buildMoviePayload(), { NotificationType: notificationType, PlaybackPositionTicks: 0 })

        expect(parseEvent(payload).positionSeconds).toBeUndefined()
      },
    )

    it('should leave the position unknown when progress has no PlaybackPositionTicks', () => {
      const payload = withKeys(buildMoviePayload(), {
        NotificationType: 'PlaybackProgress',
        PlaybackPositionTicks: undefined,
      })

      expect(parseEvent(payload).positionSeconds).toBeUndefined()
    })

    it('should start PlaybackStart at 0 when PlaybackPositionTicks is missing', () => {
      const payload = withKeys(buildMoviePayload(), { PlaybackPositionTicks: undefined })

      expect(parseEvent(payload).positionSeconds).toBe(0)
    })

    it('should reject negative ticks', () => {
      expectInvalid(withKeys(buildMoviePayload(), { PlaybackPositionTicks: -1 }), 'PlaybackPositionTicks is invalid')
    })

    it('should reject fractional ticks', () => {
      expectInvalid(withKeys(buildMoviePayload(), { RunTimeTicks: 1.5 }), 'RunTimeTicks is invalid')
    })
  })

  describe('event time', () => {
    it('should use UtcTimestamp, not a Timestamp with a +02:00 offset', () => {
      const payload = withKeys(buildMoviePayload(), {
        Timestamp: '2025-06-14T20:03:11.2745531+02:00',
        UtcTimestamp: '2025-06-14T18:03:11.2745552Z',
      })

      expect(parseEvent(payload).occurredAt).toBe(Date.parse('2025-06-14T18:03:11.274Z'))
    })

    it('should ignore a local Timestamp with a literal Z (fraction 0)', () => {
      const payload = withKeys(buildMoviePayload(), {
        Timestamp: '2025-06-14T20:03:11Z',
        UtcTimestamp: '2025-06-14T18:03:11Z',
      })

      expect(parseEvent(payload).occurredAt).toBe(Date.parse('2025-06-14T18:03:11Z'))
    })

    it('should use receivedAt when UtcTimestamp is missing, even with Timestamp present', () => {
      const payload = withKeys(buildMoviePayload(), { UtcTimestamp: undefined })

      expect(parseEvent(payload).occurredAt).toBe(RECEIVED_AT)
    })

    it('should use receivedAt when a template leaves UtcTimestamp empty', () => {
      expect(parseEvent(withKeys(buildMoviePayload(), { UtcTimestamp: '' })).occurredAt).toBe(RECEIVED_AT)
    })

    it('should convert a UtcTimestamp with an offset to UTC', () => {
      const payload = withKeys(buildMoviePayload(), { UtcTimestamp: '2025-06-14T20:03:11.5+02:00' })

      expect(parseEvent(payload).occurredAt).toBe(Date.parse('2025-06-14T18:03:11.500Z'))
    })

    it('should convert a UtcTimestamp with a negative offset to UTC', () => {
      const payload = withKeys(buildMoviePayload(), { UtcTimestamp: '2025-06-14T13:33:11-04:30' })

      expect(parseEvent(payload).occurredAt).toBe(Date.parse('2025-06-14T18:03:11Z'))
    })

    it('should read a UtcTimestamp without a zone as UTC', () => {
      const payload = withKeys(buildMoviePayload(), { UtcTimestamp: '2025-06-14T18:03:11.2745552' })

      expect(parseEvent(payload).occurredAt).toBe(Date.parse('2025-06-14T18:03:11.274Z'))
    })

    it('should read a UtcTimestamp with one fractional digit', () => {
      const payload = withKeys(buildMoviePayload(), { UtcTimestamp: '2025-06-14T18:03:11.8Z' })

      expect(parseEvent(payload).occurredAt).toBe(Date.parse('2025-06-14T18:03:11.800Z'))
    })

    it.each([
      '06/14/2025 18:03:11',
      '2025-06-14 18:03:11Z',
      '2025-02-30T18:03:11Z',
      '2025-06-14T24:03:11Z',
      '2025-06-14T18:03:11+15:00',
    ])('should reject the UtcTimestamp %s', (utcTimestamp) => {
      expectInvalid(withKeys(buildMoviePayload(), { UtcTimestamp: utcTimestamp }), 'UtcTimestamp is invalid')
    })

    it('should show the expected format for an invalid UtcTimestamp', () => {
      expectInvalid(
        withKeys(buildMoviePayload(), { UtcTimestamp: '06/14/2025 18:03:11' }),
        'expected an ISO 8601 UTC time such as 2025-06-14T18:03:11.2745552Z, received "06/14/2025 18:03:11"',
      )
    })
  })

  describe('escaped names', () => {
    it('should remove the backslash the plugin puts before quotes in Name', () => {
      const payload = withKeys(buildMoviePayload(), { Name: 'The \\"One\\"' })

      expect(parseEvent(payload).item.title).toBe('The "One"')
    })

    it('should remove the backslash before quotes in SeriesName', () => {
      const payload = withKeys(buildEpisodePayload(), { SeriesName: 'The \\"Office\\"' })

      expect(parseEvent(payload).item.title).toBe('The "Office"')
    })

    it('should remove the backslash before quotes in an episode Name', () => {
      const payload = withKeys(buildEpisodePayload(), { Name: 'Pilot \\"Part 1\\"' })

      expect(parseEvent(payload).item.episodeTitle).toBe('Pilot "Part 1"')
    })

    it('should remove the backslash before quotes in DeviceName', () => {
      const payload = withKeys(buildMoviePayload(), { DeviceName: 'Sam\\"s TV' })

      expect(parseEvent(payload).player.title).toBe('Sam"s TV')
    })

    it('should keep a user name as sent (the plugin does not escape it)', () => {
      const payload = withKeys(buildMoviePayload(), { NotificationUsername: 'casey \\"c\\"' })

      expect(parseEvent(payload).user.name).toBe('casey \\"c\\"')
    })

    it('should read a quote escaped as \\u0022 by the JSON encoder', () => {
      const payload = JSON.parse(
        JSON.stringify(buildMoviePayload()).replace('"Name":"The Matrix"', '"Name":"The \\\\\\u0022One\\\\\\u0022"'),
      ) as unknown

      expect(parseEvent(payload).item.title).toBe('The "One"')
    })

    it.each([
      ['Grey&#39;s Anatomy', "Grey's Anatomy"],
      ['Law &amp; Order', 'Law & Order'],
      ['&lt;Untitled&gt;', '<Untitled>'],
      ['Say &quot;Hi&quot;', 'Say "Hi"'],
    ])('should decode the HTML escape of a template in %s', (name, title) => {
      expect(parseEvent(withKeys(buildMoviePayload(), { Name: name })).item.title).toBe(title)
    })
  })

  describe('paused state', () => {
    const buildProgress = (overrides: Record<string, unknown>) =>
      withKeys(buildMoviePayload(), { NotificationType: 'PlaybackProgress', ...overrides })

    it('should report IsPaused false as playing', () => {
      expect(parseEvent(buildProgress({ IsPaused: false })).paused).toBe(false)
    })

    it('should report IsPaused true as paused', () => {
      expect(parseEvent(buildProgress({ IsPaused: true })).paused).toBe(true)
    })

    it('should leave the paused state unset without IsPaused', () => {
      expect(parseEvent(buildProgress({ IsPaused: undefined })).paused).toBeUndefined()
    })

    it.each([
      ['True', true],
      ['False', false],
      ['true', true],
    ])('should read the template text %s', (text, paused) => {
      expect(parseEvent(buildProgress({ IsPaused: text })).paused).toBe(paused)
    })

    it('should reject IsPaused text that is not a boolean', () => {
      expectInvalid(buildProgress({ IsPaused: 'yes' }), 'IsPaused is invalid')
    })

    it('should not report IsPaused of PlaybackStart', () => {
      expect(parseEvent(withKeys(buildMoviePayload(), { IsPaused: true })).paused).toBeUndefined()
    })

    it('should not report IsPaused of PlaybackStop', () => {
      const payload = withKeys(buildMoviePayload(), { NotificationType: 'PlaybackStop', IsPaused: true })

      expect(parseEvent(payload).paused).toBeUndefined()
    })

    it('should not throttle progress (each notification is an event)', () => {
      const first = parseEvent(buildProgress({ PlaybackPositionTicks: 10 * TICKS_PER_SECOND }))
      const second = parseEvent(buildProgress({ PlaybackPositionTicks: 11 * TICKS_PER_SECOND }))

      expect([first.positionSeconds, second.positionSeconds]).toEqual([10, 11])
    })
  })

  describe('completion', () => {
    const buildStop = (overrides: Record<string, unknown>) =>
      withKeys(buildMoviePayload(), { NotificationType: 'PlaybackStop', ...overrides })

    it('should mark a stop with PlayedToCompletion true as completed', () => {
      expect(parseEvent(buildStop({ PlayedToCompletion: true })).completed).toBe(true)
    })

    it('should mark a stop with PlayedToCompletion false as not completed', () => {
      expect(parseEvent(buildStop({ PlayedToCompletion: false })).completed).toBe(false)
    })

    it('should mark a stop without PlayedToCompletion as not completed', () => {
      expect(parseEvent(buildStop({ PlayedToCompletion: undefined })).completed).toBe(false)
    })

    it('should read the template text True', () => {
      expect(parseEvent(buildStop({ PlayedToCompletion: 'True' })).completed).toBe(true)
    })

    it('should not mark progress completed', () => {
      const payload = withKeys(buildMoviePayload(), { NotificationType: 'PlaybackProgress', PlayedToCompletion: true })

      expect(parseEvent(payload).completed).toBeUndefined()
    })
  })

  describe('episodes', () => {
    it('should read EpisodeNumberEnd of a multi-episode file', () => {
      const payload = withKeys(buildEpisodePayload(), { EpisodeNumber: 1, EpisodeNumberEnd: 2 })

      expect(parseEvent(payload).item.episodeEnd).toBe(2)
    })

    it('should keep the first episode of a multi-episode file', () => {
      const payload = withKeys(buildEpisodePayload(), { EpisodeNumber: 1, EpisodeNumberEnd: 2 })

      expect(parseEvent(payload).item.episode).toBe(1)
    })

    it.each([1, 0])('should leave episodeEnd unset when EpisodeNumberEnd is %i (not past the episode)', (end) => {
      const payload = withKeys(buildEpisodePayload(), { EpisodeNumber: 1, EpisodeNumberEnd: end })

      expect(parseEvent(payload).item.episodeEnd).toBeUndefined()
    })

    it('should leave episodeEnd unset without EpisodeNumber', () => {
      const payload = withKeys(buildEpisodePayload(), { EpisodeNumber: undefined, EpisodeNumberEnd: 2 })

      expect(parseEvent(payload).item.episodeEnd).toBeUndefined()
    })

    it('should keep season 0 of a special', () => {
      expect(parseEvent(withKeys(buildEpisodePayload(), { SeasonNumber: 0 })).item.season).toBe(0)
    })

    it('should keep a large absolute episode number as sent', () => {
      const payload = withKeys(buildEpisodePayload(), { SeasonNumber: 1, EpisodeNumber: 1071 })

      expect(parseEvent(payload).item.episode).toBe(1071)
    })

    it('should leave numbers unset when the payload has none', () => {
      const payload = withKeys(buildEpisodePayload(), { SeasonNumber: undefined, EpisodeNumber: undefined })
      const { item } = parseEvent(payload)

      expect(item.season).toBeUndefined()
      expect(item.episode).toBeUndefined()
    })

    it('should mark an episode with Provider_anidb as anime', () => {
      expect(parseEvent(withKeys(buildEpisodePayload(), { Provider_anidb: '186011' })).item.anime).toBe(true)
    })

    it('should keep Provider_anidb of an episode as an episode id', () => {
      const payload = withKeys(buildEpisodePayload(), { Provider_anidb: '186011' })

      expect(parseEvent(payload).item.episodeIds).toMatchObject({ anidb: 186011 })
    })

    it('should keep Provider_anidb of an episode out of the show ids', () => {
      expect(parseEvent(withKeys(buildEpisodePayload(), { Provider_anidb: '186011' })).item.ids).toEqual({})
    })

    it('should leave episode ids unset without Provider_ keys', () => {
      const payload = withKeys(buildEpisodePayload(), {
        Provider_tvdb: undefined,
        Provider_imdb: undefined,
        Provider_tmdb: undefined,
      })

      expect(parseEvent(payload).item.episodeIds).toBeUndefined()
    })

    it('should leave the year unset without SeriesPremiereDate, even with Year', () => {
      const payload = withKeys(buildEpisodePayload(), { SeriesPremiereDate: undefined, Year: 2017 })

      expect(parseEvent(payload).item.year).toBeUndefined()
    })

    it('should take the show year from SeriesPremiereDate, not Year', () => {
      const payload = withKeys(buildEpisodePayload(), { SeriesPremiereDate: '2005-03-24', Year: 2013 })

      expect(parseEvent(payload).item.year).toBe(2005)
    })

    it('should leave the show key unset without SeriesId', () => {
      expect(parseEvent(withKeys(buildEpisodePayload(), { SeriesId: undefined })).item.showKey).toBeUndefined()
    })

    it('should leave the episode title unset without Name', () => {
      expect(parseEvent(withKeys(buildEpisodePayload(), { Name: undefined })).item.episodeTitle).toBeUndefined()
    })
  })

  describe('provider ids', () => {
    const movieIdsWith = (overrides: Record<string, unknown>) => {
      const payload = withKeys(buildMoviePayload(), {
        Provider_tmdb: undefined,
        Provider_imdb: undefined,
        Provider_tmdbcollection: undefined,
        ...overrides,
      })

      return parseEvent(payload).item
    }

    it.each([
      [{ Provider_TMDB: '603' }, { tmdb: 603 }],
      [{ Provider_Imdb: 'tt0133093' }, { imdb: 'tt0133093' }],
      [{ provider_tvdb: '169' }, { tvdb: 169 }],
      [{ Provider_AniDB: '5' }, { anidb: 5 }],
    ])('should read %o in any letter case', (overrides, ids) => {
      expect(movieIdsWith(overrides).ids).toEqual(ids)
    })

    it.each([
      [{ Provider_tmdb: '' }],
      [{ Provider_tmdb: 'abc' }],
      [{ Provider_tmdb: '0' }],
      [{ Provider_tmdb: '-603' }],
      [{ Provider_imdb: '0133093' }],
      [{ Provider_imdb: 'https://www.imdb.com/title/tt0133093' }],
      [{ Provider_tvdb: null }],
      [{ Provider_tmdbcollection: '2344' }],
      [{ Provider_tvrage: '12345' }],
    ])('should drop %o', (overrides) => {
      expect(movieIdsWith(overrides).ids).toEqual({})
    })

    it('should read an id a template writes as a JSON number', () => {
      expect(movieIdsWith({ Provider_tmdb: 603 }).ids).toEqual({ tmdb: 603 })
    })

    it('should leave ids empty without Provider_ keys', () => {
      expect(movieIdsWith({}).ids).toEqual({})
    })

    it('should mark a movie with Provider_anidb as anime', () => {
      expect(movieIdsWith({ Provider_anidb: '5' }).anime).toBe(true)
    })

    it('should mark a movie with Provider_anilist as anime', () => {
      expect(movieIdsWith({ Provider_anilist: '437' }).anime).toBe(true)
    })

    it('should not mark a movie as anime for an empty Provider_anidb', () => {
      expect(movieIdsWith({ Provider_anidb: '' }).anime).toBeUndefined()
    })
  })

  describe('nulls and template values', () => {
    it('should read null stream values of the fixture without complaint', () => {
      const payload = withKeys(buildMoviePayload(), { Audio_0_Language: null, Video_0_ColorTransfer: null })

      expect(parseEvent(payload).kind).toBe('play')
    })

    it.each(['SeriesId', 'EpisodeNumberEnd', 'SeasonNumber', 'Name'])('should read a null %s as absent', (key) => {
      expect(parseEvent(withKeys(buildEpisodePayload(), { [key]: null })).item.type).toBe('episode')
    })

    it('should read a null DeviceName as absent', () => {
      const payload = withKeys(buildMoviePayload(), { DeviceName: null })

      expect(parseEvent(payload).player.title).toBe('Jellyfin Web')
    })

    it('should reject a null ItemId', () => {
      expectInvalid(withKeys(buildMoviePayload(), { ItemId: null }), 'ItemId is null')
    })

    it.each(['ItemId', 'ServerId', 'UserId'])('should remove the dashes a template writes in %s', (key) => {
      const payload = withKeys(buildMoviePayload(), { [key]: '9871a124-b152-901e-dc3a-afa0f374d14e' })
      const event = parseEvent(payload)
      const values = { ItemId: event.item.itemKey, ServerId: event.serverId, UserId: event.user.id }

      expect(values[key as keyof typeof values]).toBe('9871a124b152901edc3aafa0f374d14e')
    })

    it('should remove the dashes a template writes in SeriesId', () => {
      const payload = withKeys(buildEpisodePayload(), { SeriesId: '5b7d9f1a-3c5e-4a7b-9d1f-3a5c7e9b1d2f' })

      expect(parseEvent(payload).item.showKey).toBe('5b7d9f1a3c5e4a7b9d1f3a5c7e9b1d2f')
    })

    it('should keep a DeviceId with dashes (it is not a Jellyfin id)', () => {
      const payload = withKeys(buildMoviePayload(), { DeviceId: '30239450-1748-4855-9799-de3544fc2744' })

      expect(parseEvent(payload).player.id).toBe('30239450-1748-4855-9799-de3544fc2744')
    })

    it('should read numbers a template writes in quotes', () => {
      const payload = withKeys(buildEpisodePayload(), {
        SeasonNumber: '2',
        EpisodeNumber: '5',
        RunTimeTicks: '34714240000',
        PlaybackPositionTicks: '600000000',
      })
      const event = parseEvent(payload)

      expect([event.item.season, event.item.episode, event.item.durationSeconds, event.positionSeconds]).toEqual([
        2, 5, 3471, 60,
      ])
    })

    it('should read the user from Username when NotificationUsername is missing', () => {
      const payload = withKeys(buildMoviePayload(), { NotificationUsername: undefined, Username: 'casey' })

      expect(parseEvent(payload).user.name).toBe('casey')
    })

    it('should prefer NotificationUsername over Username', () => {
      const payload = withKeys(buildMoviePayload(), { Username: 'someone-else' })

      expect(parseEvent(payload).user.name).toBe('casey')
    })
  })

  describe('path and library', () => {
    it('should keep only the file name of Path', () => {
      const payload = withKeys(buildMoviePayload(), {
        Path: '/mnt/media/movies/The Matrix (1999)/The Matrix (1999).mkv',
      })

      expect(parseEvent(payload).item.rawFilename).toBe('The Matrix (1999).mkv')
    })

    it('should keep only the file name of a Windows Path', () => {
      const payload = withKeys(buildMoviePayload(), { Path: 'D:\\Movies\\The Matrix (1999)\\The Matrix (1999).mkv' })

      expect(parseEvent(payload).item.rawFilename).toBe('The Matrix (1999).mkv')
    })

    it('should leave the file name unset for a Path that ends in a separator', () => {
      expect(parseEvent(withKeys(buildMoviePayload(), { Path: '/mnt/media/' })).item.rawFilename).toBeUndefined()
    })

    it('should read the library from LibraryIdByMaxPath and LibraryNameByMaxPath', () => {
      const payload = withKeys(buildMoviePayload(), {
        LibraryIdByMaxPath: 'f137a2dd21bbc1b99aa5c0f6bf02a805',
        LibraryNameByMaxPath: 'Movies',
      })

      expect(parseEvent(payload).item.library).toEqual({ id: 'f137a2dd21bbc1b99aa5c0f6bf02a805', title: 'Movies' })
    })

    it('should leave the library unset with only its id', () => {
      const payload = withKeys(buildMoviePayload(), { LibraryIdByMaxPath: 'f137a2dd21bbc1b99aa5c0f6bf02a805' })

      expect(parseEvent(payload).item.library).toBeUndefined()
    })
  })

  describe('player and user', () => {
    it('should take the player title from ClientName without DeviceName', () => {
      const payload = withKeys(buildMoviePayload(), { DeviceName: undefined })

      expect(parseEvent(payload).player.title).toBe('Jellyfin Web')
    })

    it('should leave the player title unset without DeviceName and ClientName', () => {
      const payload = withKeys(buildMoviePayload(), { DeviceName: undefined, ClientName: undefined })

      expect(parseEvent(payload).player).not.toHaveProperty('title')
    })

    it('should leave the user id unset without UserId', () => {
      expect(parseEvent(withKeys(buildMoviePayload(), { UserId: undefined })).user).toEqual({ name: 'casey' })
    })

    it('should credit each user of a shared session with their own webhook', () => {
      const other = parseEvent(
        withKeys(buildMoviePayload(), { NotificationUsername: 'riley', UserId: '8f0e1d2c3b4a49586776a5b4c3d2e1f0' }),
      )

      expect(other.user).toEqual({ id: '8f0e1d2c3b4a49586776a5b4c3d2e1f0', name: 'riley' })
    })
  })

  describe('UserDataSaved', () => {
    const parseMark = (overrides: Record<string, unknown> = {}) =>
      parseEvent(withKeys(buildMarkedPlayedPayload(), overrides))

    it('should produce a watched event for TogglePlayed with Played true', () => {
      expect(parseMark().kind).toBe('watched')
    })

    it('should use the stand-in player of manual marks', () => {
      expect(parseMark().player).toEqual({ id: 'marked-played', title: 'Marked played in Jellyfin' })
    })

    it('should take the user', () => {
      expect(parseMark().user).toEqual({ id: '4b1e9c2d7f0a4c3e9d8b6a5f4e3d2c1b', name: 'casey' })
    })

    it('should read the item', () => {
      expect(parseMark().item).toMatchObject({
        type: 'movie',
        title: 'The Matrix',
        itemKey: '9871a124b152901edc3aafa0f374d14e',
      })
    })

    it('should read the runtime', () => {
      expect(parseMark().item.durationSeconds).toBe(8160)
    })

    it('should leave the position unset (PlaybackPositionTicks is the resume point)', () => {
      expect(parseMark({ PlaybackPositionTicks: 600 * TICKS_PER_SECOND }).positionSeconds).toBeUndefined()
    })

    it('should leave the session key unset', () => {
      expect(parseMark().sessionKey).toBeUndefined()
    })

    it('should use UtcTimestamp as the event time', () => {
      expect(parseMark().occurredAt).toBe(Date.parse('2025-06-14T18:03:11.274Z'))
    })

    it('should read the template text True of Played', () => {
      expect(parseMark({ Played: 'True' }).kind).toBe('watched')
    })

    it('should produce a watched event for an episode', () => {
      const event = parseEvent(buildMarkedPlayedPayload(buildEpisodePayload()))

      expect(event.item).toMatchObject({ type: 'episode', title: "The Handmaid's Tale", season: 1, episode: 1 })
    })

    it('should ignore TogglePlayed with Played false as marked unplayed', () => {
      expectIgnored(withKeys(buildMarkedPlayedPayload(), { Played: false }), 'marking an item unplayed is not tracked')
    })

    it('should ignore TogglePlayed without Played', () => {
      expectIgnored(
        withKeys(buildMarkedPlayedPayload(), { Played: undefined }),
        'does not say whether the item was marked played',
      )
    })

    it.each([
      ['PlaybackStart', 'it saves the progress of a playback, which PlaybackStart and PlaybackStop report'],
      ['PlaybackProgress', 'it saves the progress of a playback, which PlaybackProgress reports'],
      ['PlaybackFinished', 'it saves the end of a playback, which PlaybackStop reports'],
      ['UpdateUserRating', 'a rating or favourite is not playback'],
      ['UpdateUserData', 'an edit of user data is not playback'],
      ['Import', 'user data imported by a sync plugin was not watched on this server'],
      ['SomethingNew', 'only a manual mark as played (TogglePlayed) is tracked'],
    ])('should ignore SaveReason %s', (saveReason, explanation) => {
      const rejection = parseRejection(withKeys(buildMarkedPlayedPayload(), { SaveReason: saveReason }))

      expect(rejection).toMatchObject({ outcome: 'ignored', event: 'UserDataSaved', user: 'casey' })
      expect(rejection.reason).toContain(`UserDataSaved (${saveReason}) ignored because ${explanation}`)
    })

    it('should ignore UserDataSaved without SaveReason', () => {
      expectIgnored(withKeys(buildMarkedPlayedPayload(), { SaveReason: undefined }), 'UserDataSaved without SaveReason')
    })

    it('should ignore a song marked played', () => {
      expectIgnored(withKeys(buildMarkedPlayedPayload(), { ItemType: 'Audio' }), 'music is not tracked')
    })

    it('should ignore a whole series marked played', () => {
      expectIgnored(
        withKeys(buildMarkedPlayedPayload(), { ItemType: 'Series' }),
        'a whole series is not a playable item',
      )
    })

    it('should reject a mark without ItemId', () => {
      expectInvalid(
        withKeys(buildMarkedPlayedPayload(), { ItemId: undefined }),
        'Jellyfin UserDataSaved payload is invalid: ItemId is missing',
      )
    })

    it('should not require a DeviceId', () => {
      expect(parseMark({ DeviceId: undefined }).kind).toBe('watched')
    })
  })

  describe('ignored notifications', () => {
    it.each([
      ['ItemAdded', 'library notifications report library changes'],
      ['ItemDeleted', 'library notifications report library changes'],
      ['AuthenticationSuccess', 'a sign-in or an account change'],
      ['AuthenticationFailure', 'a sign-in or an account change'],
      ['SessionStart', 'a sign-in or an account change'],
      ['UserLockedOut', 'a sign-in or an account change'],
      ['Generic', 'server maintenance'],
      ['PendingRestart', 'server maintenance'],
      ['TaskCompleted', 'server maintenance'],
      ['PluginInstalled', 'server maintenance'],
      ['SubtitleDownloadFailure', 'server maintenance'],
    ])('should ignore %s', (notificationType, explanation) => {
      const rejection = parseRejection(withKeys(buildMoviePayload(), { NotificationType: notificationType }))

      expect(rejection).toMatchObject({ outcome: 'ignored', event: notificationType })
      expect(rejection.reason).toContain(explanation)
    })

    it('should ignore an unknown notification type and name it', () => {
      expectIgnored(
        withKeys(buildMoviePayload(), { NotificationType: 'PlaybackRewind' }),
        'unknown Jellyfin notification type "PlaybackRewind"',
      )
    })

    it('should ignore a plugin notification with no item or user', () => {
      const payload = {
        ServerId: '7d3f0a9c2b4e4f1a8c6d5e0b1a2c3d4e',
        NotificationType: 'PluginUpdated',
        PluginId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
        PluginName: 'Webhook',
      }

      expectIgnored(payload, 'PluginUpdated ignored because it reports server maintenance')
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
      ['LiveTvChannel', 'live TV is not tracked'],
      ['LiveTvProgram', 'live TV is not tracked'],
      ['Photo', 'photos are not tracked'],
      ['Series', 'a whole series is not a playable item'],
      ['Season', 'a whole season is not a playable item'],
      ['BoxSet', 'item type "BoxSet" is not a movie or episode'],
    ])('should ignore %s', (itemType, explanation) => {
      expectIgnored(withKeys(buildMoviePayload(), { ItemType: itemType }), `${explanation} (item type ${itemType})`)
    })

    it('should ignore music even when required fields are missing', () => {
      const payload = withKeys(loadJellyfinFixture('audio-playback-start.json'), {
        DeviceId: undefined,
        ItemId: undefined,
      })

      expectIgnored(payload, 'music is not tracked')
    })
  })

  describe('invalid payloads', () => {
    it.each([
      [null, 'null'],
      [[], 'array'],
      ['PlaybackStart', 'string'],
      [42, 'number'],
      [undefined, 'undefined'],
    ])('should reject %o as not a JSON object', (payload, typeName) => {
      expectInvalid(payload, `Jellyfin payload must be a JSON object, received ${typeName}`)
    })

    it('should reject a payload without NotificationType', () => {
      expectInvalid(withKeys(buildMoviePayload(), { NotificationType: undefined }), 'NotificationType is missing')
    })

    it('should advise Send All Properties when NotificationType is missing', () => {
      expectInvalid(withKeys(buildMoviePayload(), { NotificationType: undefined }), 'switch on Send All Properties')
    })

    it('should reject an empty NotificationType', () => {
      expectInvalid(withKeys(buildMoviePayload(), { NotificationType: '' }), 'NotificationType is empty')
    })

    it.each(['ServerId', 'NotificationUsername', 'ItemId', 'DeviceId', 'ItemType'])(
      'should reject a playback payload without %s',
      (key) => {
        expectInvalid(withKeys(buildMoviePayload(), { [key]: undefined }), `${key} is missing`)
      },
    )

    it('should reject a movie without Name', () => {
      expectInvalid(withKeys(buildMoviePayload(), { Name: undefined }), 'Name is missing')
    })

    it('should reject a movie with an empty Name', () => {
      expectInvalid(withKeys(buildMoviePayload(), { Name: '' }), 'Name is empty')
    })

    it('should reject an episode without SeriesName', () => {
      expectInvalid(withKeys(buildEpisodePayload(), { SeriesName: undefined }), 'SeriesName is missing')
    })

    it('should name the notification type of an invalid payload', () => {
      expectInvalid(withKeys(buildMoviePayload(), { DeviceId: undefined }), 'Jellyfin PlaybackStart payload is invalid')
    })

    it('should name every missing field', () => {
      expectInvalid(
        withKeys(buildMoviePayload(), { ServerId: undefined, DeviceId: undefined, ItemId: undefined }),
        'ServerId is missing, DeviceId is missing, ItemId is missing',
      )
    })

    it('should not give template advice for a value of the wrong type', () => {
      const rejection = parseRejection(withKeys(buildMoviePayload(), { PlaybackPositionTicks: -1 }))

      expect(rejection.reason).not.toContain('template')
    })
  })

  describe('payloads of other sources', () => {
    it('should reject an Emby payload and name its URL', () => {
      expectInvalid(
        loadEmbyFixture('movie-playback-start.json'),
        'looks like an Emby webhook; post it to /webhooks/emby/<token>',
      )
    })

    it('should reject an Emby test notification as an Emby payload', () => {
      expectInvalid({ Event: 'system.notificationtest', Title: 'Test Notification' }, 'looks like an Emby webhook')
    })

    it('should reject a Plex payload and name its URL', () => {
      expectInvalid(
        loadPlexFixture('movie-play-newagent.json'),
        'looks like a Plex webhook; post it to /webhooks/plex/<token>',
      )
    })
  })

  describe('templates in the Emby-like shape', () => {
    const parseTemplate = (payload = buildTemplatePayload()) => parseEvent(payload)

    it('should produce a play event for Event Play', () => {
      expect(parseTemplate().kind).toBe('play')
    })

    it('should remove the dashes of the server id', () => {
      expect(parseTemplate().serverId).toBe('7d3f0a9c2b4e4f1a8c6d5e0b1a2c3d4e')
    })

    it('should map the item as Send All Properties would', () => {
      expect(parseTemplate().item).toEqual({
        type: 'movie',
        title: 'The Matrix',
        ids: { imdb: 'tt0133093', tmdb: 603 },
        itemKey: '9871a124b152901edc3aafa0f374d14e',
        durationSeconds: 8160,
      })
    })

    it('should take the user', () => {
      expect(parseTemplate().user).toEqual({ id: '4b1e9c2d7f0a4c3e9d8b6a5f4e3d2c1b', name: 'casey' })
    })

    it('should take the player and session from Session', () => {
      const event = parseTemplate()

      expect(event.player).toEqual({ id: 'c5391b0e12003b403f81f5808bd1834c8bc3ac0d', title: 'Fire TV Stick' })
      expect(event.sessionKey).toBe('0b5422a1f77b5ead8a0a8c2358edd59c')
    })

    it('should read the position from Session.PlayState', () => {
      expect(parseTemplate().positionSeconds).toBe(3002)
    })

    it('should use receivedAt as the event time', () => {
      expect(parseTemplate().occurredAt).toBe(RECEIVED_AT)
    })

    it('should use UtcTimestamp when the template adds it', () => {
      const payload = withKeys(buildTemplatePayload(), { UtcTimestamp: '2025-06-14T18:03:11.2745552Z' })

      expect(parseTemplate(payload).occurredAt).toBe(Date.parse('2025-06-14T18:03:11.274Z'))
    })

    it.each([
      ['Play', 'play'],
      ['PlaybackStart', 'play'],
      ['play', 'play'],
      ['Pause', 'pause'],
      ['Resume', 'resume'],
      ['Unpause', 'resume'],
      ['Progress', 'progress'],
      ['PlaybackProgress', 'progress'],
      ['Stop', 'stop'],
      ['PlaybackStop', 'stop'],
      ['Scrobble', 'scrobble'],
      ['MarkPlayed', 'watched'],
    ])('should read Event %s as %s', (event, kind) => {
      expect(parseTemplate(withKeys(buildTemplatePayload(), { Event: event })).kind).toBe(kind)
    })

    it('should read an empty Event with a position as progress', () => {
      expect(parseTemplate(withKeys(buildTemplatePayload(), { Event: '' })).kind).toBe('progress')
    })

    it('should ignore an empty Event without a position', () => {
      const payload = withSection(withKeys(buildTemplatePayload(), { Event: '' }), 'Session', { PlayState: undefined })

      expectIgnored(payload, 'template payload with an empty Event and no Session.PlayState.PositionTicks ignored')
    })

    it('should ignore an unknown Event and name it', () => {
      expectIgnored(
        withKeys(buildTemplatePayload(), { Event: 'MarkUnplayed' }),
        'template event "MarkUnplayed" ignored',
      )
    })

    it('should ignore music', () => {
      expectIgnored(withSection(buildTemplatePayload(), 'Item', { Type: 'Audio' }), 'music is not tracked')
    })

    it('should report the paused state of progress from Session.PlayState.IsPaused', () => {
      const progress = withKeys(buildTemplatePayload(), { Event: 'Progress' })
      const payload = withSection(progress, 'Session', { PlayState: { PositionTicks: 30020000000, IsPaused: 'True' } })

      expect(parseTemplate(payload).paused).toBe(true)
    })

    it('should mark a stop completed from Item.UserData.Played', () => {
      const stop = withKeys(buildTemplatePayload(), { Event: 'Stop' })

      expect(parseTemplate(withSection(stop, 'Item', { UserData: { Played: true } })).completed).toBe(true)
    })

    it('should not mark a stop completed when Item.UserData.Played is false', () => {
      expect(parseTemplate(withKeys(buildTemplatePayload(), { Event: 'Stop' })).completed).toBe(false)
    })

    it('should not mark a play completed from an earlier Played mark', () => {
      expect(
        parseTemplate(withSection(buildTemplatePayload(), 'Item', { UserData: { Played: true } })).completed,
      ).toBeUndefined()
    })

    it('should use the series provider ids as show ids', () => {
      expect(parseTemplate(buildTemplateEpisodePayload()).item.ids).toEqual({
        imdb: 'tt5834204',
        tmdb: 69478,
        tvdb: 321239,
      })
    })

    it('should keep the episode provider ids as episode ids', () => {
      expect(parseTemplate(buildTemplateEpisodePayload()).item.episodeIds).toEqual({
        imdb: 'tt5690812',
        tmdb: 1293645,
        tvdb: 5894364,
      })
    })

    it('should read the show year from Series.ProductionYear', () => {
      expect(parseTemplate(buildTemplateEpisodePayload()).item.year).toBe(2017)
    })

    it('should leave show ids empty and the year unset without Series', () => {
      const { item } = parseTemplate(withKeys(buildTemplateEpisodePayload(), { Series: undefined }))

      expect(item.ids).toEqual({})
      expect(item.year).toBeUndefined()
    })

    it('should read the episode numbers', () => {
      const payload = withSection(buildTemplateEpisodePayload(), 'Item', { IndexNumber: '3', IndexNumberEnd: 4 })

      expect(parseTemplate(payload).item).toMatchObject({ season: 1, episode: 3, episodeEnd: 4 })
    })

    it('should remove the dashes of the item and series ids', () => {
      const { item } = parseTemplate(buildTemplateEpisodePayload())

      expect([item.itemKey, item.showKey]).toEqual([
        'a3c5e7f9b1d24f6a8c0e2b4d6f8a0c1e',
        '5b7d9f1a3c5e4a7b9d1f3a5c7e9b1d2f',
      ])
    })

    it('should produce a watched event for MarkPlayed without a Session', () => {
      const payload = withKeys(buildTemplatePayload(), { Event: 'MarkPlayed', Session: undefined })

      expect(parseTemplate(payload).player).toEqual({ id: 'marked-played', title: 'Marked played in Jellyfin' })
    })

    it('should reject a template without Server and name it', () => {
      expectInvalid(
        withKeys(buildTemplatePayload(), { Server: undefined }),
        'Jellyfin template Play payload is invalid: Server is missing',
      )
    })

    it('should reject an episode template without SeriesName', () => {
      expectInvalid(withSection(buildTemplateEpisodePayload(), 'Item', { SeriesName: '' }), 'Item.SeriesName is empty')
    })
  })
})

describe('diagnoseJellyfinBody', () => {
  it.each([
    ['', 'Body is empty'],
    ['  \n', 'Body is empty'],
    ['<?xml version="1.0"?><Notification/>', 'Body is XML, not JSON'],
    ['NotificationType=PlaybackStart&ItemType=Movie', 'choose the Generic destination'],
  ])('should name the body %j', (body, explanation) => {
    expect(diagnoseJellyfinBody(body)).toContain(explanation)
  })

  it('should name a bare True from a Handlebars boolean', () => {
    expect(diagnoseJellyfinBody('{"ItemType": "Movie", "IsPaused": True}')).toContain(
      '"IsPaused" has the bare value True, which is how Handlebars writes a boolean',
    )
  })

  it('should name a bare False', () => {
    expect(diagnoseJellyfinBody('{"PlayedToCompletion": False, "a": 1}')).toContain(
      '"PlayedToCompletion" has the bare value False',
    )
  })

  it('should not mistake True inside a string for a bare boolean', () => {
    expect(diagnoseJellyfinBody('{"Overview": "It is: True, really", "IsPaused": ,}')).toContain(
      '"IsPaused" has no value',
    )
  })

  it.each([
    ['{"ItemType": "Movie", "IndexNumber": , "x": 1}', '"IndexNumber" has no value'],
    ['{"ItemType": "Movie", "IndexNumber": }', '"IndexNumber" has no value'],
    ['{"Session": {"PlayState": {"PositionTicks": }}}', '"PositionTicks" has no value'],
  ])('should name the empty value of an unset variable in %s', (body, explanation) => {
    expect(diagnoseJellyfinBody(body)).toContain(explanation)
  })

  it('should name a string without quotes', () => {
    expect(diagnoseJellyfinBody('{"Name": The Matrix, "Year": 1999}')).toContain(
      'the text of "Name" has no quotes (The Matrix)',
    )
  })

  it('should name a trailing comma and the key before it', () => {
    expect(diagnoseJellyfinBody('{"Name": "The Matrix", "Year": 1999,\n}')).toContain('trailing comma after "Year"')
  })

  it('should name a zero-padded number', () => {
    expect(diagnoseJellyfinBody('{"SeasonNumber": 01}')).toContain('"SeasonNumber" has the zero-padded number 01')
  })

  it('should name a line break inside a string', () => {
    expect(diagnoseJellyfinBody('{"Overview": "First line\nsecond line"}')).toContain(
      '"Overview" contains a line break',
    )
  })

  it('should name an unescaped quote inside a string', () => {
    expect(diagnoseJellyfinBody('{"Name": "The "Best" Movie"}')).toContain(
      '"Name" contains a double quote that is not escaped',
    )
  })

  it('should name a quote escaped twice by {{Name}}', () => {
    expect(diagnoseJellyfinBody('{"Name": "The \\&quot;One\\&quot;"}')).toContain('"Name" has a quote escaped twice')
  })

  it('should name a backslash of a Windows path', () => {
    expect(diagnoseJellyfinBody('{"Path": "D:\\Movies\\x.mkv"}')).toContain('backslash that is not a JSON escape (\\M)')
  })

  it('should quote the JSON.parse message for other mistakes', () => {
    expect(diagnoseJellyfinBody('{"Name" "The Matrix"}')).toMatch(
      /^Body is not valid JSON \(.+\), so check the webhook template/,
    )
  })

  it('should say so for a valid body', () => {
    expect(diagnoseJellyfinBody('{"NotificationType": "PlaybackStart"}')).toBe(
      'Body is valid JSON, so it has no template mistake to name.',
    )
  })

  it.each(['', '{"IsPaused": True}', '{"a": ,}', '{"Name": The Matrix}', '{"a": 1,}', '<xml/>', '{"Name" "x"}'])(
    'should return one sentence for %j',
    (body) => {
      const reason = diagnoseJellyfinBody(body)

      expect(reason.endsWith('.')).toBe(true)
      expect(reason.slice(0, -1)).not.toMatch(/\.\s/)
    },
  )
})

describe('looksLikeJellyfinPayload', () => {
  it.each([
    'movie-playback-start.json',
    'itemadded-movie.json',
    'audio-playback-start.json',
    'template-ryot-playback-progress.json',
  ])('should accept %s', (name) => {
    expect(looksLikeJellyfinPayload(loadJellyfinFixture(name))).toBe(true)
  })

  it('should accept a minimal notification', () => {
    expect(looksLikeJellyfinPayload({ NotificationType: 'PluginUpdated' })).toBe(true)
  })

  it('should reject an empty NotificationType', () => {
    expect(looksLikeJellyfinPayload({ NotificationType: '' })).toBe(false)
  })

  it('should reject an Emby payload', () => {
    expect(looksLikeJellyfinPayload(loadEmbyFixture('movie-playback-start.json'))).toBe(false)
  })

  it('should reject a Plex payload', () => {
    expect(looksLikeJellyfinPayload(loadPlexFixture('movie-play-newagent.json'))).toBe(false)
  })

  it('should reject an Event without an Item', () => {
    expect(looksLikeJellyfinPayload({ Event: 'Play', User: { Name: 'casey' } })).toBe(false)
  })

  it.each([null, [], 'PlaybackStart', 1])('should reject %o', (value) => {
    expect(looksLikeJellyfinPayload(value)).toBe(false)
  })
})
