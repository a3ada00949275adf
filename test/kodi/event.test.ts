import { describe, expect, it } from 'vitest'

import { KodiItem, buildKodiEvent, readKodiItemKey, readKodiUniqueIds } from '../../src/adapters/kodi/index.js'
import type { KodiEventContext, KodiPlayerState } from '../../src/adapters/kodi/index.js'
import type { AdapterRejection, PlaybackEvent, PlaybackEventKind } from '../../src/core/events.js'
import { readKodiFixtureItem } from '../fake-kodi/index.js'

// 2026-01-01T00:00:00Z
const RECEIVED_AT = 1_767_225_600_000
const context: KodiEventContext = { hostName: 'living-room', receivedAt: RECEIVED_AT }
const videoPlayer: KodiPlayerState = { playerId: 1, positionSeconds: 1204.416, totalSeconds: 2820.893, speed: 1 }

const BREAKING_BAD = {
  tvshowid: 211,
  title: 'Breaking Bad',
  year: 2008,
  uniqueid: { imdb: 'tt0903747', tmdb: '1396', tvdb: '81189' },
}

function readItem(fixture: string): KodiItem {
  return KodiItem.parse(readKodiFixtureItem(fixture))
}

function buildEvent(
  kind: PlaybackEventKind,
  item: unknown,
  state: KodiPlayerState = videoPlayer,
  eventContext: KodiEventContext = context,
): PlaybackEvent {
  const result = buildKodiEvent(kind, KodiItem.parse(item), state, eventContext)
  if (!result.ok) {
    throw new Error(`Expected a playback event, got ${result.outcome}: ${result.reason}`)
  }

  return result.event
}

function buildRejection(item: unknown, state: KodiPlayerState = videoPlayer): AdapterRejection {
  const result = buildKodiEvent('play', KodiItem.parse(item), state, { ...context, trigger: 'Player.OnAVStart' })
  if (result.ok) {
    throw new Error(`Expected a rejection, got a ${result.event.kind} event`)
  }

  return result
}

const nonLibraryEpisodeFile = {
  type: 'unknown',
  label: 'The.Office.US.S02E03E04.720p.mkv',
  title: '',
  file: 'smb://nas.local/downloads/The.Office.US.S02E03E04.720p.mkv',
  showtitle: '',
  season: -1,
  episode: -1,
  tvshowid: -1,
  year: 0,
  runtime: 0,
  uniqueid: {},
}

describe('buildKodiEvent', () => {
  describe('library movie (response-getitem-library-movie.json)', () => {
    const event = () => buildEvent('play', readItem('response-getitem-library-movie.json'), { playerId: 1, positionSeconds: 0, totalSeconds: 8160.2 })

    it('should name the Kodi host as source, server and user', () => {
      const { source, serverId, user } = event()

      expect(source).toBe('kodi')
      expect(serverId).toBe('living-room')
      expect(user).toEqual({ name: 'living-room' })
    })

    it('should name the player by host and player id', () => {
      expect(event().player).toEqual({ id: 'living-room:1' })
    })

    it('should describe the movie with its uniqueid ids', () => {
      expect(event().item).toEqual({
        type: 'movie',
        title: 'The Matrix',
        year: 1999,
        ids: { imdb: 'tt0133093', tmdb: 603 },
        itemKey: 'movie:2',
        durationSeconds: 8160,
      })
    })

    it('should carry the position and the receipt time', () => {
      expect(event().positionSeconds).toBe(0)
      expect(event().occurredAt).toBe(RECEIVED_AT)
    })
  })

  describe('library episode (response-getitem-library-episode.json)', () => {
    const item = () => readItem('response-getitem-library-episode.json')
    const event = () => buildEvent('play', item(), videoPlayer, { ...context, show: BREAKING_BAD })

    it('should use the show ids as ids and keep the episode ids apart', () => {
      expect(event().item.ids).toEqual({ imdb: 'tt0903747', tmdb: 1396, tvdb: 81189 })
      expect(event().item.episodeIds).toEqual({ imdb: 'tt2301451', tmdb: 62161, tvdb: 4639480 })
    })

    it('should describe the show, season and episode', () => {
      const mediaItem = event().item

      expect(mediaItem.type).toBe('episode')
      expect(mediaItem.title).toBe('Breaking Bad')
      expect(mediaItem.episodeTitle).toBe('Ozymandias')
      expect(mediaItem.season).toBe(5)
      expect(mediaItem.episode).toBe(14)
      expect(mediaItem.itemKey).toBe('episode:19234')
      expect(mediaItem.showKey).toBe('211')
    })

    it("should take the show's year, not the episode's", () => {
      expect(event().item.year).toBe(2008)
    })

    it('should round the position and total time down to whole seconds', () => {
      expect(event().positionSeconds).toBe(1204)
      expect(event().item.durationSeconds).toBe(2820)
    })

    it('should leave show ids and year empty without show details', () => {
      const withoutShow = buildEvent('play', item())

      expect(withoutShow.item.ids).toEqual({})
      expect(withoutShow.item.year).toBeUndefined()
      expect(withoutShow.item.episodeIds).toEqual({ imdb: 'tt2301451', tmdb: 62161, tvdb: 4639480 })
    })

    it('should fall back to the runtime without a total time', () => {
      const event = buildEvent('play', item(), { playerId: 1 })

      expect(event.item.durationSeconds).toBe(2820)
      expect(event.positionSeconds).toBeUndefined()
    })

    it('should read the end of a multi-episode file from its name', () => {
      const twoParter = { ...item(), episode: 1, season: 1, file: '/tv/Show/Season 01/Show - S01E01-E02 - Pilot.mkv' }

      expect(buildEvent('play', twoParter).item.episodeEnd).toBe(2)
    })

    it('should not read an episode end from a name that disagrees', () => {
      const renamed = { ...item(), file: '/tv/Show/Show - S01E01-E02.mkv' }

      expect(buildEvent('play', renamed).item.episodeEnd).toBeUndefined()
    })
  })

  describe('file outside the library', () => {
    const event = () => buildEvent('play', nonLibraryEpisodeFile)

    it('should read the episode from the file name', () => {
      const mediaItem = event().item

      expect(mediaItem.type).toBe('episode')
      expect(mediaItem.title).toBe('The Office US')
      expect(mediaItem.season).toBe(2)
      expect(mediaItem.episode).toBe(3)
      expect(mediaItem.episodeEnd).toBe(4)
    })

    it('should keep the base name as rawFilename', () => {
      expect(event().item.rawFilename).toBe('The.Office.US.S02E03E04.720p.mkv')
    })

    it('should key the item by a hash of its path', () => {
      expect(event().item.itemKey).toMatch(/^file:[0-9a-f]{16}$/)
      expect(event().item.itemKey).toBe(readKodiItemKey(KodiItem.parse(nonLibraryEpisodeFile)))
    })

    it('should have no ids', () => {
      expect(event().item.ids).toEqual({})
      expect(event().item.episodeIds).toBeUndefined()
    })

    it('should read a movie and its year from the file name', () => {
      const movieFile = { ...nonLibraryEpisodeFile, type: 'movie', file: '/storage/downloads/Heat.1995.1080p.BluRay.mkv', label: 'Heat.1995.1080p.BluRay.mkv' }
      const mediaItem = buildEvent('play', movieFile).item

      expect(mediaItem.type).toBe('movie')
      expect(mediaItem.title).toBe('Heat')
      expect(mediaItem.year).toBe(1995)
    })

    it("should prefer an add-on's show, season and episode to the file name", () => {
      const stream = {
        type: 'episode',
        label: 'Pilot',
        title: 'Pilot',
        showtitle: 'Firefly',
        season: 1,
        episode: 1,
        file: 'plugin://plugin.video.example/play/4711',
        uniqueid: { tvdb: '297999' },
      }
      const mediaItem = buildEvent('play', stream).item

      expect(mediaItem.title).toBe('Firefly')
      expect(mediaItem.episodeTitle).toBe('Pilot')
      expect(mediaItem.season).toBe(1)
      expect(mediaItem.episodeIds).toEqual({ tvdb: 297999 })
      expect(mediaItem.ids).toEqual({})
    })

    it('should be invalid when nothing names it', () => {
      const result = buildKodiEvent('play', KodiItem.parse({ type: 'unknown', label: '', file: '' }), videoPlayer, context)

      expect(result.ok).toBe(false)
      expect(result.ok ? undefined : result.outcome).toBe('invalid')
    })
  })

  describe('event fields', () => {
    it('should mark a progress event paused at speed 0', () => {
      expect(buildEvent('progress', nonLibraryEpisodeFile, { ...videoPlayer, speed: 0 }).paused).toBe(true)
    })

    it('should mark a progress event playing at speed 1', () => {
      expect(buildEvent('progress', nonLibraryEpisodeFile).paused).toBe(false)
    })

    it('should leave paused unset on other kinds', () => {
      expect(buildEvent('pause', nonLibraryEpisodeFile, { ...videoPlayer, speed: 0 }).paused).toBeUndefined()
    })

    it('should mark a completed stop', () => {
      expect(buildEvent('stop', nonLibraryEpisodeFile, { ...videoPlayer, completed: true }).completed).toBe(true)
    })

    it('should mark a scrobble completed', () => {
      expect(buildEvent('scrobble', nonLibraryEpisodeFile).completed).toBe(true)
    })

    it('should leave completed unset on a stop short of the end', () => {
      expect(buildEvent('stop', nonLibraryEpisodeFile).completed).toBeUndefined()
    })
  })

  describe('ignored items', () => {
    it('should ignore a PVR channel', () => {
      const rejection = buildRejection({ type: 'channel', id: 7, label: 'BBC One HD', title: 'News at Ten', channeltype: 'tv' }, {
        ...videoPlayer,
        live: true,
      })

      expect(rejection.outcome).toBe('ignored')
      expect(rejection.reason).toContain('PVR channel')
    })

    it('should name the trigger and host in the rejection', () => {
      const rejection = buildRejection({ type: 'song', id: 12, label: 'Song' }, { playerId: 0 })

      expect(rejection).toMatchObject({ outcome: 'ignored', event: 'Player.OnAVStart', user: 'living-room' })
    })

    it.each([
      ['song on the audio player', { type: 'song', id: 12, label: 'Song' }, { playerId: 0 }, 'music'],
      ['PVR radio on the audio player', { type: 'channel', id: 3, label: 'Radio 1', channeltype: 'radio' }, { playerId: 0 }, 'live radio'],
      ['picture', { type: 'picture', file: '/pictures/a.jpg' }, { playerId: 2 }, 'pictures'],
      ['music video', { type: 'musicvideo', id: 4, label: 'Clip' }, { playerId: 1 }, 'music videos'],
      ['live stream', { type: 'unknown', file: 'http://192.0.2.9/live.m3u8' }, { playerId: 1, live: true }, 'live streams'],
      ['tvshow', { type: 'tvshow', id: 4 }, { playerId: 1 }, 'is not a movie or episode'],
    ])('should ignore a %s', (_name, item, state, reasonPart) => {
      const rejection = buildRejection(item, state)

      expect(rejection.outcome).toBe('ignored')
      expect(rejection.reason).toContain(reasonPart)
    })
  })
})

describe('readKodiUniqueIds', () => {
  it('should read numeric ids as numbers', () => {
    expect(readKodiUniqueIds({ imdb: 'tt0133093', tmdb: '603', tvdb: '169', anidb: '12' })).toEqual({
      imdb: 'tt0133093',
      tmdb: 603,
      tvdb: 169,
      anidb: 12,
    })
  })

  it('should drop empty, malformed and unknown ids', () => {
    expect(readKodiUniqueIds({ imdb: '0133093', tmdb: '', tvdb: 'abc', unknown: '5' })).toEqual({})
  })

  it('should drop zero ids', () => {
    expect(readKodiUniqueIds({ tmdb: '0' })).toEqual({})
  })
})
