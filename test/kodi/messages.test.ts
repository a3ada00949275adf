import { readdirSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import {
  JsonRpcNotification,
  JsonRpcResponse,
  KodiActivePlayersResult,
  KodiGetItemResult,
  KodiPlayerProperties,
  readKodiTimeSeconds,
} from '../../src/adapters/kodi/index.js'
import { ITEM_PROPERTIES, PLAYER_PROPERTIES } from '../../src/core/kodi/index.js'
import { readNotification } from '../../src/core/kodi/notifications.js'
import { readKodiFixture, readKodiFixtureNotification, readKodiFixtureResult, readKodiFixtureText } from '../fake-kodi/index.js'

const COVERED_FIXTURES = [
  'notification-onavstart-library-episode.json',
  'notification-onpause-library-episode.json',
  'notification-onplay-library-movie.json',
  'notification-onresume-library-episode.json',
  'notification-onseek-library-episode.json',
  'notification-onstop-end-true-library-episode.json',
  'raw-tcp-9090-stream.txt',
  'request-getactiveplayers.json',
  'request-getitem.json',
  'request-getproperties.json',
  'response-error-no-active-player.json',
  'response-getactiveplayers-idle.json',
  'response-getactiveplayers-video.json',
  'response-getitem-library-episode.json',
  'response-getitem-library-movie.json',
  'response-getproperties-paused.json',
  'response-getproperties-playing.json',
]

/** Splits Kodi's raw TCP stream, where objects follow each other without a delimiter, by brace depth. */
function splitJsonStream(text: string): string[] {
  const messages: string[] = []
  let depth = 0
  let start = 0
  let inString = false

  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]
    if (inString) {
      if (character === '\\') {
        index += 1
      } else if (character === '"') {
        inString = false
      }

      continue
    }

    if (character === '"') {
      inString = true
    } else if (character === '{') {
      depth += 1
    } else if (character === '}') {
      depth -= 1
      if (depth === 0) {
        messages.push(text.slice(start, index + 1))
        start = index + 1
      }
    }
  }

  return messages
}

describe('Kodi fixtures', () => {
  it('should have a test case for every fixture file', () => {
    const files = readdirSync(new URL('../fixtures/kodi/', import.meta.url)).sort()

    expect(files).toEqual([...COVERED_FIXTURES].sort())
  })
})

describe('readNotification', () => {
  it('should read Player.OnPlay of a library movie', () => {
    const { method, data } = readKodiFixtureNotification('notification-onplay-library-movie.json')

    expect(readNotification(method, data)).toEqual({ kind: 'play', method, playerId: 1, item: { id: 2, type: 'movie' }, speed: 1 })
  })

  it('should read Player.OnAVStart of a library episode', () => {
    const { method, data } = readKodiFixtureNotification('notification-onavstart-library-episode.json')

    expect(readNotification(method, data)).toMatchObject({ kind: 'av-start', playerId: 1, item: { id: 19234, type: 'episode' } })
  })

  it('should read Player.OnPause with speed 0', () => {
    const { method, data } = readKodiFixtureNotification('notification-onpause-library-episode.json')

    expect(readNotification(method, data)).toMatchObject({ kind: 'pause', playerId: 1, speed: 0 })
  })

  it('should read Player.OnResume with speed 1', () => {
    const { method, data } = readKodiFixtureNotification('notification-onresume-library-episode.json')

    expect(readNotification(method, data)).toMatchObject({ kind: 'resume', playerId: 1, speed: 1 })
  })

  it('should read the new position of Player.OnSeek in seconds', () => {
    const { method, data } = readKodiFixtureNotification('notification-onseek-library-episode.json')

    expect(readNotification(method, data)).toMatchObject({ kind: 'seek', playerId: 1, timeSeconds: 764.112 })
  })

  it('should read end of Player.OnStop', () => {
    const { method, data } = readKodiFixtureNotification('notification-onstop-end-true-library-episode.json')

    expect(readNotification(method, data)).toEqual({ kind: 'stop', method, item: { id: 19234, type: 'episode' }, end: true })
  })

  it('should read VideoLibrary.OnUpdate with a nested item', () => {
    const data = { item: { id: 2, type: 'movie' }, playcount: 1 }

    expect(readNotification('VideoLibrary.OnUpdate', data)).toEqual({
      kind: 'library-update',
      method: 'VideoLibrary.OnUpdate',
      id: 2,
      type: 'movie',
      playcount: 1,
    })
  })

  it('should read VideoLibrary.OnUpdate with a flat item', () => {
    expect(readNotification('VideoLibrary.OnUpdate', { id: 2, type: 'movie', playcount: 2 })).toMatchObject({ id: 2, playcount: 2 })
  })

  it('should drop the -1 play count of VideoLibrary.OnUpdate', () => {
    expect(readNotification('VideoLibrary.OnUpdate', { id: 2, type: 'movie', playcount: -1 })).not.toHaveProperty('playcount')
  })

  it('should report invalid data of a known notification', () => {
    expect(readNotification('Player.OnStop', { item: { id: 2, type: 'movie' } })).toHaveProperty('problem')
  })

  it('should return undefined for notifications of no interest', () => {
    expect(readNotification('Application.OnVolumeChanged', { muted: false, volume: 80 })).toBeUndefined()
  })

  it('should read every message of the raw TCP stream', () => {
    const messages = splitJsonStream(readKodiFixtureText('raw-tcp-9090-stream.txt')).map((text) => {
      const notification = JsonRpcNotification.parse(JSON.parse(text))

      return readNotification(notification.method, notification.params.data)
    })

    expect(messages.map((message) => (message !== undefined && 'kind' in message ? message.kind : undefined))).toEqual([
      'play',
      'av-start',
      'pause',
    ])
  })
})

describe('Kodi result schemas', () => {
  it('should read the idle active players', () => {
    expect(KodiActivePlayersResult.parse(readKodiFixtureResult('response-getactiveplayers-idle.json'))).toEqual([])
  })

  it('should read the video player', () => {
    expect(KodiActivePlayersResult.parse(readKodiFixtureResult('response-getactiveplayers-video.json'))).toEqual([
      { playerid: 1, playertype: 'internal', type: 'video' },
    ])
  })

  it('should read the items of Player.GetItem', () => {
    const episode = KodiGetItemResult.parse(readKodiFixtureResult('response-getitem-library-episode.json')).item
    const movie = KodiGetItemResult.parse(readKodiFixtureResult('response-getitem-library-movie.json')).item

    expect(episode).toMatchObject({ id: 19234, type: 'episode', tvshowid: 211, runtime: 2820 })
    expect(movie).toMatchObject({ id: 2, type: 'movie', tvshowid: -1, uniqueid: { imdb: 'tt0133093', tmdb: '603' } })
  })

  it('should read playing and paused properties', () => {
    const playing = KodiPlayerProperties.parse(readKodiFixtureResult('response-getproperties-playing.json'))
    const paused = KodiPlayerProperties.parse(readKodiFixtureResult('response-getproperties-paused.json'))

    expect(playing.speed).toBe(1)
    expect(paused.speed).toBe(0)
    expect(readKodiTimeSeconds(playing.time ?? { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 })).toBe(1204.416)
    expect(readKodiTimeSeconds(paused.totaltime ?? { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 })).toBe(2820.893)
  })

  it('should read the error of a player that is not active', () => {
    const response = JsonRpcResponse.parse(readKodiFixture('response-error-no-active-player.json'))

    expect(response.error).toEqual({ code: -32100, message: 'Failed to execute method.' })
  })
})

describe('Kodi request parameters', () => {
  it('should ask Player.GetProperties for the properties of the captured request', () => {
    const params = readKodiFixture('request-getproperties.json')['params']

    expect(params).toEqual({ playerid: 1, properties: [...PLAYER_PROPERTIES] })
  })

  it('should ask Player.GetItem for the captured properties and playcount', () => {
    const params = readKodiFixture('request-getitem.json')['params'] as { properties: string[] }

    expect([...ITEM_PROPERTIES].sort()).toEqual([...params.properties, 'playcount'].sort())
  })

  it('should send Player.GetActivePlayers without parameters', () => {
    expect(readKodiFixture('request-getactiveplayers.json')).not.toHaveProperty('params')
  })
})
