import { readdirSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { looksLikePlexPayload, parsePlexGuid, parsePlexWebhook } from '../../src/adapters/plex/index.js'
import type { PlexGuid } from '../../src/adapters/plex/index.js'
import type { AdapterRejection, PlaybackEvent } from '../../src/core/events.js'
import {
  buildEpisodePayload,
  buildLegacyEpisodePayload,
  buildMoviePayload,
  extractMultipartField,
  loadPlexFixture,
  readPlexFixtureText,
  withAccount,
  withKeys,
  withMetadata,
  withPlayer,
  withServer,
} from './plex-builders.js'

// 2026-01-01T00:00:00Z
const RECEIVED_AT = 1_767_225_600_000
const context = { receivedAt: RECEIVED_AT }

function parseEvent(payload: unknown): PlaybackEvent {
  const result = parsePlexWebhook(payload, context)
  if (!result.ok) {
    throw new Error(`Expected a playback event, got ${result.outcome}: ${result.reason}`)
  }

  return result.event
}

function parseRejection(payload: unknown): AdapterRejection {
  const result = parsePlexWebhook(payload, context)
  if (result.ok) {
    throw new Error(`Expected a rejection, got a ${result.event.kind} event`)
  }

  return result
}

function loadRawRequestPayload(): unknown {
  const rawRequest = readPlexFixtureText('raw-request-media-pause.http.txt')

  return JSON.parse(extractMultipartField(rawRequest, 'payload'))
}

const COVERED_FIXTURES = [
  'movie-play-newagent.json',
  'movie-resume.json',
  'movie-stop.json',
  'movie-scrobble.json',
  'episode-play-newagent.json',
  'episode-resume.json',
  'episode-scrobble-legacy-thetvdb.json',
  'library-new-movie.json',
  'track-play-music.json',
  'raw-request-media-pause.http.txt',
]

describe('parsePlexWebhook', () => {
  describe('fixture folder', () => {
    it('should have a test case for every fixture file', () => {
      const files = readdirSync(new URL('../fixtures/plex/', import.meta.url)).sort()

      expect(files).toEqual([...COVERED_FIXTURES].sort())
    })
  })

  describe('movie-play-newagent.json', () => {
    const parseFixture = () => parseEvent(loadPlexFixture('movie-play-newagent.json'))

    it('should produce a play event', () => {
      expect(parseFixture().kind).toBe('play')
    })

    it('should name plex as the source', () => {
      expect(parseFixture().source).toBe('plex')
    })

    it('should use Server.uuid as the server id', () => {
      expect(parseFixture().serverId).toBe('9c1e0b7d4a2f6e8c3b5a7d9f0e1c2b4a6d8f0a1c')
    })

    it('should take the user from Account', () => {
      expect(parseFixture().user).toEqual({ id: '48213377', name: 'sam_rivera' })
    })

    it('should take the player from Player', () => {
      expect(parseFixture().player).toEqual({ id: '5a0c9e7b3d1f4a28-com-plexapp-android', title: 'Living Room Shield' })
    })

    it('should leave the session key unset (Plex webhooks carry none)', () => {
      expect(parseFixture().sessionKey).toBeUndefined()
    })

    it('should read the movie type', () => {
      expect(parseFixture().item.type).toBe('movie')
    })

    it('should read the title', () => {
      expect(parseFixture().item.title).toBe('The Matrix')
    })

    it('should read the year', () => {
      expect(parseFixture().item.year).toBe(1999)
    })

    it('should read the movie ids from Guid[]', () => {
      expect(parseFixture().item.ids).toEqual({ imdb: 'tt0133093', tmdb: 603, tvdb: 169 })
    })

    it('should convert viewOffset from milliseconds to seconds', () => {
      expect(parseFixture().positionSeconds).toBe(1873)
    })

    it('should convert duration from milliseconds to seconds', () => {
      expect(parseFixture().item.durationSeconds).toBe(8160)
    })

    it('should use ratingKey as the item key', () => {
      expect(parseFixture().item.itemKey).toBe('48213')
    })

    it('should read the library section', () => {
      expect(parseFixture().item.library).toEqual({ id: '1', title: 'Movies' })
    })

    it('should use receivedAt as the event time', () => {
      expect(parseFixture().occurredAt).toBe(RECEIVED_AT)
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
  })

  describe('movie-resume.json', () => {
    const parseFixture = () => parseEvent(loadPlexFixture('movie-resume.json'))

    it('should produce a resume event', () => {
      expect(parseFixture().kind).toBe('resume')
    })

    it('should read the position', () => {
      expect(parseFixture().positionSeconds).toBe(2534)
    })
  })

  describe('movie-stop.json', () => {
    const parseFixture = () => parseEvent(loadPlexFixture('movie-stop.json'))

    it('should produce a stop event', () => {
      expect(parseFixture().kind).toBe('stop')
    })

    it('should read the position', () => {
      expect(parseFixture().positionSeconds).toBe(5012)
    })

    it('should not mark the movie completed (only media.scrobble does)', () => {
      expect(parseFixture().completed).toBeUndefined()
    })
  })

  describe('movie-scrobble.json', () => {
    const parseFixture = () => parseEvent(loadPlexFixture('movie-scrobble.json'))

    it('should produce a scrobble event', () => {
      expect(parseFixture().kind).toBe('scrobble')
    })

    it('should mark the movie completed', () => {
      expect(parseFixture().completed).toBe(true)
    })

    it('should leave the position unknown (viewOffset is missing)', () => {
      expect(parseFixture().positionSeconds).toBeUndefined()
    })

    it('should keep the duration', () => {
      expect(parseFixture().item.durationSeconds).toBe(8160)
    })
  })

  describe('episode-play-newagent.json', () => {
    const parseFixture = () => parseEvent(loadPlexFixture('episode-play-newagent.json'))

    it('should produce a play event', () => {
      expect(parseFixture().kind).toBe('play')
    })

    it('should read the episode type', () => {
      expect(parseFixture().item.type).toBe('episode')
    })

    it('should use the show title as the title', () => {
      expect(parseFixture().item.title).toBe('Breaking Bad')
    })

    it('should use the episode title as episodeTitle', () => {
      expect(parseFixture().item.episodeTitle).toBe('Ozymandias')
    })

    it('should read the season from parentIndex', () => {
      expect(parseFixture().item.season).toBe(5)
    })

    it('should read the episode from index', () => {
      expect(parseFixture().item.episode).toBe(14)
    })

    it('should keep Guid[] ids as episode ids', () => {
      expect(parseFixture().item.episodeIds).toEqual({ imdb: 'tt2301451', tmdb: 62161, tvdb: 4639480 })
    })

    it('should leave show ids empty (plex:// guids carry none)', () => {
      expect(parseFixture().item.ids).toEqual({})
    })

    it('should leave the year unset (Plex sends the episode year)', () => {
      expect(parseFixture().item.year).toBeUndefined()
    })

    it('should use grandparentRatingKey as the show key', () => {
      expect(parseFixture().item.showKey).toBe('294795')
    })

    it('should use ratingKey as the item key', () => {
      expect(parseFixture().item.itemKey).toBe('298572')
    })

    it('should read the position', () => {
      expect(parseFixture().positionSeconds).toBe(412)
    })

    it('should read the duration', () => {
      expect(parseFixture().item.durationSeconds).toBe(2820)
    })

    it('should read the library section', () => {
      expect(parseFixture().item.library).toEqual({ id: '4', title: 'TV Shows' })
    })

    it('should leave absoluteEpisode unset', () => {
      expect(parseFixture().item.absoluteEpisode).toBeUndefined()
    })
  })

  describe('episode-resume.json', () => {
    const parseFixture = () => parseEvent(loadPlexFixture('episode-resume.json'))

    it('should produce a resume event', () => {
      expect(parseFixture().kind).toBe('resume')
    })

    it('should read the position', () => {
      expect(parseFixture().positionSeconds).toBe(1198)
    })

    it('should use the show title as the title', () => {
      expect(parseFixture().item.title).toBe('Breaking Bad')
    })
  })

  describe('episode-scrobble-legacy-thetvdb.json', () => {
    const parseFixture = () => parseEvent(loadPlexFixture('episode-scrobble-legacy-thetvdb.json'))

    it('should be a fixture with escaped slashes', () => {
      expect(readPlexFixtureText('episode-scrobble-legacy-thetvdb.json')).toContain('thetvdb:\\/\\/76156')
    })

    it('should produce a scrobble event', () => {
      expect(parseFixture().kind).toBe('scrobble')
    })

    it('should mark the episode completed', () => {
      expect(parseFixture().completed).toBe(true)
    })

    it('should read the show TVDB id from the legacy guid', () => {
      expect(parseFixture().item.ids).toEqual({ tvdb: 76156 })
    })

    it('should leave episode ids unset (no Guid[])', () => {
      expect(parseFixture().item.episodeIds).toBeUndefined()
    })

    it('should use the show title as the title', () => {
      expect(parseFixture().item.title).toBe('Scrubs')
    })

    it('should read the season', () => {
      expect(parseFixture().item.season).toBe(1)
    })

    it('should read the episode', () => {
      expect(parseFixture().item.episode).toBe(18)
    })

    it('should read the user id of an older server', () => {
      expect(parseFixture().user).toEqual({ id: '1', name: 'sam_rivera' })
    })

    it('should leave the position unknown (viewOffset is missing)', () => {
      expect(parseFixture().positionSeconds).toBeUndefined()
    })

    it('should leave the duration unknown (duration is missing)', () => {
      expect(parseFixture().item.durationSeconds).toBeUndefined()
    })
  })

  describe('library-new-movie.json', () => {
    const parseFixture = () => parseRejection(loadPlexFixture('library-new-movie.json'))

    it('should be ignored', () => {
      expect(parseFixture().outcome).toBe('ignored')
    })

    it('should name the event', () => {
      expect(parseFixture()).toMatchObject({ event: 'library.new' })
    })

    it('should name the user', () => {
      expect(parseFixture()).toMatchObject({ user: 'sam_rivera' })
    })

    it('should explain that library events are not playback', () => {
      expect(parseFixture().reason).toContain('library events report library changes, not playback')
    })
  })

  describe('track-play-music.json', () => {
    const parseFixture = () => parseRejection(loadPlexFixture('track-play-music.json'))

    it('should be ignored', () => {
      expect(parseFixture().outcome).toBe('ignored')
    })

    it('should name the event', () => {
      expect(parseFixture()).toMatchObject({ event: 'media.play' })
    })

    it('should explain that music is not tracked', () => {
      expect(parseFixture().reason).toContain('music is not tracked (type track')
    })
  })

  describe('raw-request-media-pause.http.txt', () => {
    const parseFixture = () => parseEvent(loadRawRequestPayload())

    it('should produce a pause event', () => {
      expect(parseFixture().kind).toBe('pause')
    })

    it('should credit the shared user who played, not the server owner', () => {
      expect(parseFixture().user).toEqual({ id: '63190421', name: 'Mia Tanaka' })
    })

    it('should take the player from Player', () => {
      expect(parseFixture().player).toEqual({ id: 'd3f1a9c07e5b2468-com-plexapp-android', title: 'BRAVIA 4K GB' })
    })

    it('should read the position', () => {
      expect(parseFixture().positionSeconds).toBe(1730)
    })

    it('should use the show title as the title', () => {
      expect(parseFixture().item.title).toBe('Breaking Bad')
    })
  })

  describe('movie guid schemes', () => {
    const parseMovieWithGuid = (guid: string) =>
      parseEvent(withMetadata(buildMoviePayload(), { guid, Guid: undefined }))

    it.each([
      ['com.plexapp.agents.imdb://tt0133093?lang=en', { imdb: 'tt0133093' }],
      ['com.plexapp.agents.themoviedb://603?lang=en', { tmdb: 603 }],
      ['com.plexapp.agents.thetvdb://169?lang=en', { tvdb: 169 }],
      ['com.plexapp.agents.hama://anidb-5?lang=en', { anidb: 5 }],
      ['com.plexapp.agents.hama://tmdb-603?lang=en', { tmdb: 603 }],
      ['com.plexapp.agents.hama://imdb-tt0133093?lang=en', { imdb: 'tt0133093' }],
      ['net.fribbtastic.coding.plex.myanimelist://1575?lang=en', {}],
      ['com.plexapp.agents.none://569747?lang=xn', {}],
      ['local://48213', {}],
      ['plex://movie/5d7768b1ad5437001f758b62', {}],
    ])('should read %s as ids %o', (guid, ids) => {
      expect(parseMovieWithGuid(guid).item.ids).toEqual(ids)
    })

    it('should mark a HAMA movie as anime', () => {
      expect(parseMovieWithGuid('com.plexapp.agents.hama://anidb-5?lang=en').item.anime).toBe(true)
    })

    it('should prefer Guid[] over a legacy guid of the same provider', () => {
      const payload = withMetadata(buildMoviePayload(), {
        guid: 'com.plexapp.agents.themoviedb://999?lang=en',
        Guid: [{ id: 'tmdb://603' }],
      })

      expect(parseEvent(payload).item.ids).toEqual({ tmdb: 603 })
    })

    it('should merge ids of Guid[] and a legacy guid', () => {
      const payload = withMetadata(buildMoviePayload(), {
        guid: 'com.plexapp.agents.imdb://tt0133093?lang=en',
        Guid: [{ id: 'tmdb://603' }],
      })

      expect(parseEvent(payload).item.ids).toEqual({ imdb: 'tt0133093', tmdb: 603 })
    })
  })

  describe('episode show ids', () => {
    it('should read the show id of a legacy TheTVDB guid', () => {
      const payload = buildLegacyEpisodePayload('com.plexapp.agents.thetvdb://81189/5/14?lang=en')

      expect(parseEvent(payload).item.ids).toEqual({ tvdb: 81189 })
    })

    it('should read the show id of a legacy TMDB TV guid', () => {
      const payload = buildLegacyEpisodePayload('com.plexapp.agents.themoviedb://1396/5/14?lang=en')

      expect(parseEvent(payload).item.ids).toEqual({ tmdb: 1396 })
    })

    it('should read show ids from a legacy grandparentGuid', () => {
      const payload = withMetadata(buildEpisodePayload(), {
        grandparentGuid: 'com.plexapp.agents.thetvdb://81189?lang=en',
      })

      expect(parseEvent(payload).item.ids).toEqual({ tvdb: 81189 })
    })

    it('should keep Guid[] ids out of the show ids', () => {
      const payload = withMetadata(buildEpisodePayload(), {
        guid: 'com.plexapp.agents.thetvdb://81189/5/14?lang=en',
      })

      expect(parseEvent(payload).item.ids).toEqual({ tvdb: 81189 })
    })

    it('should keep Guid[] ids as episode ids beside legacy show ids', () => {
      const payload = withMetadata(buildEpisodePayload(), {
        guid: 'com.plexapp.agents.thetvdb://81189/5/14?lang=en',
      })

      expect(parseEvent(payload).item.episodeIds).toEqual({ imdb: 'tt2301451', tmdb: 62161, tvdb: 4639480 })
    })

    // The legacy IMDb agent matches movies only, so the level of its id on an episode is unknown.
    it('should skip a legacy IMDb episode guid', () => {
      const payload = buildLegacyEpisodePayload('com.plexapp.agents.imdb://tt2301451?lang=en')

      expect(parseEvent(payload).item.ids).toEqual({})
    })

    it('should read season and episode from the guid path when Plex omits them', () => {
      const payload = withMetadata(buildLegacyEpisodePayload('com.plexapp.agents.thetvdb://81189/5/14?lang=en'), {
        parentIndex: undefined,
        index: undefined,
      })
      const { item } = parseEvent(payload)

      expect(item.season).toBe(5)
      expect(item.episode).toBe(14)
    })

    it('should prefer parentIndex and index over the guid path', () => {
      const payload = withMetadata(buildLegacyEpisodePayload('com.plexapp.agents.thetvdb://81189/1/2?lang=en'), {
        parentIndex: 5,
        index: 14,
      })
      const { item } = parseEvent(payload)

      expect(item.season).toBe(5)
      expect(item.episode).toBe(14)
    })

    it('should leave unknown numbers unset', () => {
      const payload = withMetadata(buildEpisodePayload(), { parentIndex: undefined, index: undefined })
      const { item } = parseEvent(payload)

      expect(item.season).toBeUndefined()
      expect(item.episode).toBeUndefined()
    })
  })

  describe('HAMA episodes', () => {
    const parseHamaEpisode = (guid: string, season: number, episode: number) =>
      parseEvent(withMetadata(buildLegacyEpisodePayload(guid), { parentIndex: season, index: episode }))

    it('should read the AniDB show id', () => {
      expect(parseHamaEpisode('com.plexapp.agents.hama://anidb-69/1/1071?lang=en', 1, 1071).item.ids).toEqual({
        anidb: 69,
      })
    })

    it('should mark the episode as anime', () => {
      expect(parseHamaEpisode('com.plexapp.agents.hama://anidb-69/1/1071?lang=en', 1, 1071).item.anime).toBe(true)
    })

    it('should set the absolute episode in AniDB mode season 1', () => {
      expect(parseHamaEpisode('com.plexapp.agents.hama://anidb-69/1/1071?lang=en', 1, 1071).item.absoluteEpisode).toBe(
        1071,
      )
    })

    it('should not set an absolute episode for an AniDB special', () => {
      const { item } = parseHamaEpisode('com.plexapp.agents.hama://anidb-69/0/3?lang=en', 0, 3)

      expect(item.absoluteEpisode).toBeUndefined()
    })

    it('should keep season 0 of an AniDB special', () => {
      expect(parseHamaEpisode('com.plexapp.agents.hama://anidb-69/0/3?lang=en', 0, 3).item.season).toBe(0)
    })

    it.each(['anidb2', 'anidb3', 'anidb4'])('should read the AniDB id of %s mode', (mode) => {
      expect(parseHamaEpisode(`com.plexapp.agents.hama://${mode}-8692/2/3?lang=en`, 2, 3).item.ids).toEqual({
        anidb: 8692,
      })
    })

    it.each(['anidb2', 'anidb3', 'anidb4'])('should not set an absolute episode in %s mode', (mode) => {
      expect(
        parseHamaEpisode(`com.plexapp.agents.hama://${mode}-8692/2/3?lang=en`, 2, 3).item.absoluteEpisode,
      ).toBeUndefined()
    })

    it.each(['tvdb', 'tvdb2', 'tvdb3', 'tvdb4', 'tvdb5'])('should read the TVDB show id of %s mode', (mode) => {
      expect(parseHamaEpisode(`com.plexapp.agents.hama://${mode}-81797/3/5?lang=en`, 3, 5).item.ids).toEqual({
        tvdb: 81797,
      })
    })

    it.each(['tvdb', 'tvdb2'])('should not set an absolute episode in %s mode (season numbering)', (mode) => {
      expect(
        parseHamaEpisode(`com.plexapp.agents.hama://${mode}-81797/3/5?lang=en`, 3, 5).item.absoluteEpisode,
      ).toBeUndefined()
    })

    it.each(['tvdb3', 'tvdb4', 'tvdb5'])('should set the absolute episode in %s mode', (mode) => {
      expect(
        parseHamaEpisode(`com.plexapp.agents.hama://${mode}-81797/3/120?lang=en`, 3, 120).item.absoluteEpisode,
      ).toBe(120)
    })

    it('should read the TMDB show id of tmdb mode', () => {
      expect(parseHamaEpisode('com.plexapp.agents.hama://tmdb-1396/1/2?lang=en', 1, 2).item.ids).toEqual({ tmdb: 1396 })
    })

    it('should mark the episode as anime when only grandparentGuid is HAMA', () => {
      const payload = withMetadata(buildEpisodePayload(), {
        grandparentGuid: 'com.plexapp.agents.hama://anidb-69?lang=en',
      })

      expect(parseEvent(payload).item.anime).toBe(true)
    })

    it('should read the show id of a HAMA grandparentGuid', () => {
      const payload = withMetadata(buildEpisodePayload(), {
        grandparentGuid: 'com.plexapp.agents.hama://anidb-69?lang=en',
      })

      expect(parseEvent(payload).item.ids).toEqual({ anidb: 69 })
    })
  })

  describe('positions', () => {
    it.each(['media.pause', 'media.resume', 'media.stop', 'media.scrobble'])(
      'should leave the position unknown when %s has no viewOffset',
      (event) => {
        const payload = withMetadata(withKeys(buildMoviePayload(), { event }), { viewOffset: undefined })

        expect(parseEvent(payload).positionSeconds).toBeUndefined()
      },
    )

    it('should start media.play at 0 when viewOffset is missing', () => {
      const payload = withMetadata(buildMoviePayload(), { viewOffset: undefined })

      expect(parseEvent(payload).positionSeconds).toBe(0)
    })

    it('should round a position down to whole seconds', () => {
      const payload = withMetadata(buildMoviePayload(), { viewOffset: 1999 })

      expect(parseEvent(payload).positionSeconds).toBe(1)
    })

    it('should round a duration down to whole seconds', () => {
      const payload = withMetadata(buildMoviePayload(), { duration: 8160999 })

      expect(parseEvent(payload).item.durationSeconds).toBe(8160)
    })

    it('should leave the duration unknown when duration is missing', () => {
      const payload = withMetadata(buildMoviePayload(), { duration: undefined })

      expect(parseEvent(payload).item.durationSeconds).toBeUndefined()
    })
  })

  describe('payload quirks', () => {
    it('should read JSON with escaped slashes like unescaped JSON', () => {
      const escapedJson = JSON.stringify(buildMoviePayload()).replaceAll('/', '\\/')

      expect(parseEvent(JSON.parse(escapedJson))).toEqual(parseEvent(buildMoviePayload()))
    })

    it('should accept librarySectionID as a string', () => {
      const payload = withMetadata(buildEpisodePayload(), { librarySectionID: '4' })

      expect(parseEvent(payload).item.library).toEqual({ id: '4', title: 'TV Shows' })
    })

    it('should leave the library unset without librarySectionTitle', () => {
      const payload = withMetadata(buildMoviePayload(), { librarySectionTitle: undefined })

      expect(parseEvent(payload).item.library).toBeUndefined()
    })

    it('should credit Account.title for a shared user seen by the owner', () => {
      const payload = withAccount(withKeys(buildMoviePayload(), { user: false, owner: true }), {
        id: 63190421,
        title: 'Mia Tanaka',
      })

      expect(parseEvent(payload).user).toEqual({ id: '63190421', name: 'Mia Tanaka' })
    })

    it('should leave the user id unset without Account.id', () => {
      const payload = withAccount(buildMoviePayload(), { id: undefined })

      expect(parseEvent(payload).user).toEqual({ name: 'sam_rivera' })
    })

    it('should leave the player title unset without Player.title', () => {
      const payload = withPlayer(buildMoviePayload(), { title: undefined })

      expect(parseEvent(payload).player).toEqual({ id: '5a0c9e7b3d1f4a28-com-plexapp-android' })
    })

    it('should read the season of a skipParent episode', () => {
      const payload = withMetadata(buildEpisodePayload(), { skipParent: true, parentIndex: 1, index: 3 })

      expect(parseEvent(payload).item.season).toBe(1)
    })

    it('should keep season 0 of a special', () => {
      const payload = withMetadata(buildEpisodePayload(), { parentIndex: 0, index: 2, parentTitle: 'Specials' })

      expect(parseEvent(payload).item.season).toBe(0)
    })

    it('should keep episode numbers of a special', () => {
      const payload = withMetadata(buildEpisodePayload(), { parentIndex: 0, index: 2, parentTitle: 'Specials' })

      expect(parseEvent(payload).item.episode).toBe(2)
    })

    it('should keep a year used as the season number', () => {
      const payload = withMetadata(buildEpisodePayload(), { parentIndex: 2026, index: 41 })

      expect(parseEvent(payload).item.season).toBe(2026)
    })

    it('should keep an unnamed episode title as Plex sends it', () => {
      const payload = withMetadata(buildEpisodePayload(), { title: 'Episode 1071' })

      expect(parseEvent(payload).item.episodeTitle).toBe('Episode 1071')
    })
  })

  describe('ignored events', () => {
    it.each([
      ['library.new', 'library events report library changes'],
      ['library.on.deck', 'library events report library changes'],
      ['admin.database.backup', 'admin events report server maintenance'],
      ['admin.database.corrupted', 'admin events report server maintenance'],
      ['device.new', 'it reports a new device'],
      ['playback.started', 'notice to the server owner'],
    ])('should ignore %s', (event, explanation) => {
      const rejection = parseRejection(withKeys(buildMoviePayload(), { event }))

      expect(rejection).toMatchObject({ outcome: 'ignored', event })
      expect(rejection.reason).toContain(explanation)
    })

    it('should ignore media.rate with a top-level rating', () => {
      // Plex sends `rating` as the first key of a media.rate payload.
      const payload = {
        rating: 8,
        ...withMetadata(withKeys(buildEpisodePayload(), { event: 'media.rate' }), { type: 'show' }),
      }
      const rejection = parseRejection(payload)

      expect(rejection).toMatchObject({ outcome: 'ignored', event: 'media.rate' })
      expect(rejection.reason).toContain('a rating is not playback')
    })

    it('should ignore an unknown event and name it', () => {
      const rejection = parseRejection(withKeys(buildMoviePayload(), { event: 'media.transcode' }))

      expect(rejection).toMatchObject({ outcome: 'ignored', event: 'media.transcode' })
      expect(rejection.reason).toContain('unknown Plex event "media.transcode"')
    })

    it('should name the user of an ignored event', () => {
      expect(parseRejection(withKeys(buildMoviePayload(), { event: 'media.rate' }))).toMatchObject({
        user: 'sam_rivera',
      })
    })

    it('should omit the user of an ignored event without Account', () => {
      const payload = withKeys(buildMoviePayload(), { event: 'admin.database.backup', Account: undefined })
      const rejection = parseRejection(payload)

      expect(rejection).not.toHaveProperty('user')
    })
  })

  describe('ignored items', () => {
    const expectIgnored = (payload: unknown, explanation: string) => {
      const rejection = parseRejection(payload)

      expect(rejection.outcome).toBe('ignored')
      expect(rejection.reason).toContain(explanation)
    }

    it('should ignore a trailer and name its subtype', () => {
      const payload = withMetadata(buildMoviePayload(), { type: 'clip', subtype: 'trailer', extraType: 1 })

      expectIgnored(payload, 'trailers, extras and pre-rolls are not tracked (type clip, subtype trailer)')
    })

    it('should ignore a clip without a subtype', () => {
      const payload = withMetadata(buildMoviePayload(), { type: 'clip', librarySectionType: undefined })

      expectIgnored(payload, 'trailers, extras and pre-rolls are not tracked (type clip)')
    })

    it('should ignore a photo', () => {
      const payload = withMetadata(buildMoviePayload(), { type: 'photo', librarySectionType: 'photo' })

      expectIgnored(payload, 'photos are not tracked')
    })

    it('should ignore live TV marked with live 1', () => {
      const payload = withMetadata(buildEpisodePayload(), { live: 1, librarySectionType: undefined })

      expectIgnored(payload, 'live TV is not tracked')
    })

    it('should ignore live TV with a /livetv/ key', () => {
      const payload = withMetadata(buildEpisodePayload(), {
        key: '/livetv/sessions/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
        librarySectionType: undefined,
      })

      expectIgnored(payload, 'live TV is not tracked')
    })

    it('should ignore an album', () => {
      const payload = withMetadata(buildMoviePayload(), { type: 'album', librarySectionType: 'artist' })

      expectIgnored(payload, 'music is not tracked (type album')
    })

    it('should ignore any item of a music library', () => {
      const payload = withMetadata(buildMoviePayload(), { type: 'clip', librarySectionType: 'artist' })

      expectIgnored(payload, 'music is not tracked')
    })

    it.each(['show', 'season'])('should ignore a whole %s', (type) => {
      const payload = withMetadata(buildEpisodePayload(), { type })

      expectIgnored(payload, `a whole ${type} is not a playable item`)
    })

    it('should ignore an unsupported item type and name it', () => {
      const payload = withMetadata(buildMoviePayload(), { type: 'collection' })

      expectIgnored(payload, 'item type "collection" is not a movie or episode')
    })

    it('should ignore music even when required fields are missing', () => {
      const payload = withPlayer(loadPlexFixture('track-play-music.json'), { uuid: undefined })

      expectIgnored(payload, 'music is not tracked')
    })
  })

  describe('invalid payloads', () => {
    const expectInvalid = (payload: unknown, explanation: string) => {
      const rejection = parseRejection(payload)

      expect(rejection.outcome).toBe('invalid')
      expect(rejection.reason).toContain(explanation)
    }

    it.each([
      [null, 'null'],
      [[], 'array'],
      ['media.play', 'string'],
      [42, 'number'],
      [undefined, 'undefined'],
    ])('should reject %o as not a JSON object', (payload, typeName) => {
      expectInvalid(payload, `Plex payload must be a JSON object, received ${typeName}`)
    })

    it('should reject a payload without event', () => {
      expectInvalid(withKeys(buildMoviePayload(), { event: undefined }), 'event is missing')
    })

    it('should reject an empty event', () => {
      expectInvalid(withKeys(buildMoviePayload(), { event: '' }), 'event is empty')
    })

    it('should reject a payload without Account', () => {
      expectInvalid(withKeys(buildMoviePayload(), { Account: undefined }), 'Account is missing')
    })

    it('should reject a payload without Account.title', () => {
      expectInvalid(withAccount(buildMoviePayload(), { title: undefined }), 'Account.title is missing')
    })

    it('should reject an empty Account.title', () => {
      expectInvalid(withAccount(buildMoviePayload(), { title: '' }), 'Account.title is empty')
    })

    it('should reject a payload without Player', () => {
      expectInvalid(withKeys(buildMoviePayload(), { Player: undefined }), 'Player is missing')
    })

    it('should reject a payload without Player.uuid', () => {
      expectInvalid(withPlayer(buildMoviePayload(), { uuid: undefined }), 'Player.uuid is missing')
    })

    it('should reject a payload without Server.uuid', () => {
      expectInvalid(withServer(buildMoviePayload(), { uuid: undefined }), 'Server.uuid is missing')
    })

    it('should reject a payload without Metadata', () => {
      expectInvalid(withKeys(buildMoviePayload(), { Metadata: undefined }), 'Metadata is missing')
    })

    it.each(['ratingKey', 'type', 'title'])('should reject a payload without Metadata.%s', (key) => {
      expectInvalid(withMetadata(buildMoviePayload(), { [key]: undefined }), `Metadata.${key} is missing`)
    })

    it('should reject an episode without grandparentTitle', () => {
      expectInvalid(
        withMetadata(buildEpisodePayload(), { grandparentTitle: undefined }),
        'Metadata.grandparentTitle is missing',
      )
    })

    it('should name the event of an invalid payload', () => {
      expectInvalid(withPlayer(buildMoviePayload(), { uuid: undefined }), 'Plex media.play payload is invalid')
    })

    it('should name every missing field', () => {
      expectInvalid(
        withKeys(buildMoviePayload(), { Player: undefined, Server: undefined }),
        'Server is missing, Player is missing',
      )
    })

    it('should reject a negative viewOffset', () => {
      expectInvalid(withMetadata(buildMoviePayload(), { viewOffset: -5 }), 'Metadata.viewOffset is invalid')
    })
  })

  describe('Tautulli relay', () => {
    const expectRelayRejected = (payload: unknown, evidence: string) => {
      const rejection = parseRejection(payload)

      expect(rejection.outcome).toBe('invalid')
      expect(rejection.reason).toContain('not a genuine Plex webhook')
      expect(rejection.reason).toContain(evidence)
    }

    it('should reject a payload with Metadata.Guids as not a genuine Plex webhook', () => {
      const payload = withMetadata(buildMoviePayload(), {
        Guid: undefined,
        Guids: { imdb: 'tt0133093', tmdb: '603', tvdb: '169' },
      })

      expectRelayRejected(payload, 'Metadata.Guids')
    })

    it('should reject numbers sent as strings and name the fields', () => {
      const payload = withAccount(withMetadata(buildMoviePayload(), { viewOffset: '1873000', year: '1999' }), {
        id: '48213377',
      })

      expectRelayRejected(payload, 'Account.id, Metadata.viewOffset, Metadata.year are strings')
    })

    it('should reject a relayed music event as well', () => {
      const payload = withMetadata(loadPlexFixture('track-play-music.json'), { Guids: {} })

      expectRelayRejected(payload, 'Metadata.Guids')
    })
  })
})

describe('parsePlexGuid', () => {
  it.each<[string, PlexGuid]>([
    ['imdb://tt0133093', { source: 'imdb', ids: { imdb: 'tt0133093' } }],
    ['tmdb://603', { source: 'tmdb', ids: { tmdb: 603 } }],
    ['tvdb://169', { source: 'tvdb', ids: { tvdb: 169 } }],
    ['plex://movie/5d7768b1ad5437001f758b62', { source: 'plex', ids: {}, plexType: 'movie' }],
    ['plex://episode/5d9c1278e264b7001fcaab4c', { source: 'plex', ids: {}, plexType: 'episode' }],
    ['local://48213', { source: 'local', ids: {} }],
    ['com.plexapp.agents.imdb://tt2024544?lang=en', { source: 'legacy-imdb', ids: { imdb: 'tt2024544' } }],
    ['com.plexapp.agents.themoviedb://603?lang=en', { source: 'legacy-themoviedb', ids: { tmdb: 603 } }],
    [
      'com.plexapp.agents.themoviedb://1396/1/1?lang=en',
      { source: 'legacy-themoviedb', ids: { tmdb: 1396 }, season: 1, episode: 1 },
    ],
    [
      'com.plexapp.agents.thetvdb://76156/1/18?lang=en',
      { source: 'legacy-thetvdb', ids: { tvdb: 76156 }, season: 1, episode: 18 },
    ],
    ['com.plexapp.agents.thetvdb://76156/1?lang=en', { source: 'legacy-thetvdb', ids: { tvdb: 76156 }, season: 1 }],
    ['com.plexapp.agents.thetvdb://76156?lang=en', { source: 'legacy-thetvdb', ids: { tvdb: 76156 } }],
    [
      'com.plexapp.agents.hama://anidb-69/1/1071?lang=en',
      { source: 'hama', ids: { anidb: 69 }, hamaMode: 'anidb', season: 1, episode: 1071 },
    ],
    ['com.plexapp.agents.hama://anidb2-15619?lang=en', { source: 'hama', ids: { anidb: 15619 }, hamaMode: 'anidb2' }],
    [
      'com.plexapp.agents.hama://tvdb5-83268/1/2?lang=en',
      { source: 'hama', ids: { tvdb: 83268 }, hamaMode: 'tvdb5', season: 1, episode: 2 },
    ],
    ['com.plexapp.agents.hama://tsdb-1396?lang=en', { source: 'hama', ids: { tmdb: 1396 }, hamaMode: 'tsdb' }],
    [
      'com.plexapp.agents.hama://imdb-tt0133093?lang=en',
      { source: 'hama', ids: { imdb: 'tt0133093' }, hamaMode: 'imdb' },
    ],
    ['com.plexapp.agents.hama://anidb9-69/1/2?lang=en', { source: 'hama', ids: {}, season: 1, episode: 2 }],
    ['net.fribbtastic.coding.plex.myanimelist://1575?lang=en', { source: 'myanimelist', ids: {} }],
    ['net.devvsbugs.coding.plex.myanimelist://1575?lang=en', { source: 'myanimelist', ids: {} }],
    ['com.plexapp.agents.none://569747/2026/41103?lang=xn', { source: 'none', ids: {} }],
    ['com.plexapp.agents.plexmusic://gracenote/track/7572499?lang=en', { source: 'music', ids: {} }],
    ['com.example.agent://1', { source: 'unknown', ids: {} }],
    ['not a guid', { source: 'unknown', ids: {} }],
    ['imdb://603', { source: 'imdb', ids: {} }],
    ['tmdb://0', { source: 'tmdb', ids: {} }],
    ['tvdb://abc', { source: 'tvdb', ids: {} }],
  ])('should parse %s', (guid, expected) => {
    expect(parsePlexGuid(guid)).toEqual(expected)
  })

  it('should read a scheme in any letter case', () => {
    expect(parsePlexGuid('IMDB://tt0133093')).toEqual({ source: 'imdb', ids: { imdb: 'tt0133093' } })
  })
})

describe('looksLikePlexPayload', () => {
  it('should accept a Plex media event', () => {
    expect(looksLikePlexPayload(buildMoviePayload())).toBe(true)
  })

  it('should accept a Plex library event', () => {
    expect(looksLikePlexPayload(loadPlexFixture('library-new-movie.json'))).toBe(true)
  })

  it.each(['admin.database.backup', 'device.new', 'playback.started'])('should accept %s with Server', (event) => {
    expect(looksLikePlexPayload({ event, Server: { uuid: 'abc' } })).toBe(true)
  })

  it('should reject an event outside the Plex families', () => {
    expect(looksLikePlexPayload({ event: 'PlaybackStart', Server: {} })).toBe(false)
  })

  it('should reject a Plex event name without Account, Server or Metadata', () => {
    expect(looksLikePlexPayload({ event: 'media.play' })).toBe(false)
  })

  it('should reject Account that is not an object', () => {
    expect(looksLikePlexPayload({ event: 'media.play', Account: 'sam_rivera' })).toBe(false)
  })

  it('should reject a Jellyfin notification', () => {
    expect(looksLikePlexPayload({ NotificationType: 'PlaybackStart', ItemType: 'Movie' })).toBe(false)
  })

  it('should reject an Emby event', () => {
    expect(looksLikePlexPayload({ Event: 'playback.start', User: {}, Item: {} })).toBe(false)
  })

  it.each([null, [], 'media.play', 1])('should reject %o', (value) => {
    expect(looksLikePlexPayload(value)).toBe(false)
  })
})
