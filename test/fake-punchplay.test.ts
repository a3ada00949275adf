import { afterEach, describe, expect, it } from 'vitest'

import { startFakePunchPlay } from './fake-punchplay/index.js'
import type { FakePunchPlay, FakePunchPlayOptions } from './fake-punchplay/index.js'
import { isJsonObject } from './fake-punchplay/request-body.js'

const CLIENT_ID = 'bridge-test-client'
const REQUEST_ID_PATTERN = /^ppreq_[0-9a-f]{20}$/
const START_TIME = Date.parse('2026-06-10T12:00:00.000Z')

let fake: FakePunchPlay | undefined
let clock = START_TIME

afterEach(async () => {
  await fake?.close()
  fake = undefined
  clock = START_TIME
})

async function start(options: FakePunchPlayOptions = {}): Promise<FakePunchPlay> {
  fake = await startFakePunchPlay({ now: () => clock, ...options })
  return fake
}

function running(): FakePunchPlay {
  if (fake === undefined) {
    throw new Error('The fake is not running; call start() first')
  }
  return fake
}

function apiUrl(path: string): string {
  return `${running().url}/api/platform/v1/${path}`
}

async function postJson(path: string, body: unknown, accessToken?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (accessToken !== undefined) {
    headers['authorization'] = `Bearer ${accessToken}`
  }
  return fetch(apiUrl(path), { method: 'POST', headers, body: JSON.stringify(body) })
}

async function getWithToken(path: string, accessToken: string): Promise<Response> {
  return fetch(apiUrl(path), { headers: { authorization: `Bearer ${accessToken}` } })
}

async function readBody(response: Response): Promise<Record<string, unknown>> {
  const body: unknown = await response.json()
  if (!isJsonObject(body)) {
    throw new Error(`Expected a JSON object body, got ${JSON.stringify(body)}`)
  }
  return body
}

function readString(body: Record<string, unknown>, key: string): string {
  const value = body[key]
  if (typeof value !== 'string') {
    throw new Error(`Expected ${key} to be a string in ${JSON.stringify(body)}`)
  }
  return value
}

interface DeviceCode {
  deviceCode: string
  userCode: string
}

async function requestDeviceCode(extra: Record<string, unknown> = {}): Promise<DeviceCode> {
  const response = await postJson('auth/device/code', { client_id: CLIENT_ID, ...extra })
  expect(response.status).toBe(200)
  const body = await readBody(response)
  return { deviceCode: readString(body, 'device_code'), userCode: readString(body, 'user_code') }
}

async function pollDeviceCode(deviceCode: string, extra: Record<string, unknown> = {}): Promise<Response> {
  return postJson('auth/device/token', { client_id: CLIENT_ID, device_code: deviceCode, ...extra })
}

interface LinkedTokens {
  accessToken: string
  refreshToken: string
}

/** Runs the whole device flow for the user and returns the tokens. */
async function linkDevice(username = 'alice', deviceExtra: Record<string, unknown> = {}): Promise<LinkedTokens> {
  const code = await requestDeviceCode()
  running().approve(code.userCode, username)
  const response = await pollDeviceCode(code.deviceCode, deviceExtra)
  expect(response.status).toBe(200)
  const body = await readBody(response)
  return { accessToken: readString(body, 'access_token'), refreshToken: readString(body, 'refresh_token') }
}

async function refresh(refreshToken: string): Promise<Response> {
  return postJson('auth/refresh', { client_id: CLIENT_ID, refresh_token: refreshToken })
}

const FIGHT_CLUB = { media_type: 'movie', title: 'Fight Club', year: 1999, tmdb_id: 550 }

describe('fake PunchPlay device code flow', () => {
  it('should return every device code field', async () => {
    const server = await start()

    const response = await postJson('auth/device/code', { client_id: CLIENT_ID })
    const body = await readBody(response)

    expect(response.status).toBe(200)
    expect(body['user_code']).toMatch(/^[A-Z]{4}-\d{4}$/)
    expect(typeof body['device_code']).toBe('string')
    expect(body['verification_uri']).toBe(`${server.url}/link`)
    expect(body['verification_uri_complete']).toBe(`${server.url}/link?code=${String(body['user_code'])}`)
    expect(body['verification_uri_qr']).toMatch(/^data:image\/png;base64,iVBORw0KGgo/)
    expect(body['expires_in']).toBe(600)
    expect(body['scope']).toBe('profile:read playback:read playback:write')
    expect(body).not.toHaveProperty('interval')
    expect(server.latestUserCode()).toBe(body['user_code'])
  })

  it('should answer pending, then tokens, then expired', async () => {
    const server = await start()
    const code = await requestDeviceCode()

    const pending = await pollDeviceCode(code.deviceCode)
    expect(pending.status).toBe(400)
    expect((await readBody(pending))['error']).toBe('authorization_pending')

    server.approve(code.userCode.toLowerCase(), 'alice')
    const approved = await pollDeviceCode(code.deviceCode, { device_id: 'dev-1', device_name: 'Bridge' })
    const tokens = await readBody(approved)
    expect(approved.status).toBe(200)
    expect(tokens['token_type']).toBe('bearer')
    expect(tokens['expires_in']).toBe(3600)
    expect(tokens['refresh_expires_in']).toBe(60 * 24 * 60 * 60)
    expect(tokens['scope']).toBe('profile:read playback:read playback:write')
    expect(tokens['username']).toBe('alice')
    expect(typeof tokens['access_token']).toBe('string')
    expect(typeof tokens['refresh_token']).toBe('string')

    const second = await pollDeviceCode(code.deviceCode)
    expect(second.status).toBe(400)
    expect((await readBody(second))['error']).toBe('expired')
  })

  it('should answer access_denied after deny', async () => {
    const server = await start()
    const code = await requestDeviceCode()

    server.deny(code.userCode)
    const response = await pollDeviceCode(code.deviceCode)

    expect(response.status).toBe(400)
    expect((await readBody(response))['error']).toBe('access_denied')
  })

  it('should expire the code after its lifetime', async () => {
    const server = await start({ deviceCodeTtlSeconds: 60 })
    const code = await requestDeviceCode()

    clock += 59_000
    expect((await readBody(await pollDeviceCode(code.deviceCode)))['error']).toBe('authorization_pending')
    clock += 1_000
    const response = await pollDeviceCode(code.deviceCode)

    expect(response.status).toBe(400)
    expect((await readBody(response))['error']).toBe('expired')
    expect(() => server.approve(code.userCode, 'alice')).toThrow(/already expired/)
  })

  it('should expire the code on request', async () => {
    const server = await start()
    const code = await requestDeviceCode()

    server.expire(code.userCode)
    const response = await pollDeviceCode(code.deviceCode)

    expect((await readBody(response))['error']).toBe('expired')
  })

  it('should answer expired for an unknown device code', async () => {
    await start()

    const response = await pollDeviceCode('ppdc_unknown')

    expect(response.status).toBe(400)
    expect((await readBody(response))['error']).toBe('expired')
  })

  it('should reject an unknown client id', async () => {
    await start()

    const response = await postJson('auth/device/code', { client_id: 'someone-else' })

    expect(response.status).toBe(401)
    expect((await readBody(response))['error']).toBe('invalid_client')
  })

  it('should require the secret of a confidential app', async () => {
    await start({ clientSecret: 's3cret' })

    const missing = await postJson('auth/device/code', { client_id: CLIENT_ID, client_secret: null })
    const wrong = await postJson('auth/device/code', { client_id: CLIENT_ID, client_secret: 'guess' })
    const right = await postJson('auth/device/code', { client_id: CLIENT_ID, client_secret: 's3cret' })

    expect(missing.status).toBe(401)
    expect((await readBody(missing))['error']).toBe('invalid_client')
    expect(wrong.status).toBe(401)
    expect(right.status).toBe(200)
  })

  it('should grant a requested subset of scopes', async () => {
    await start()

    const response = await postJson('auth/device/code', { client_id: CLIENT_ID, scope: 'playback:write' })

    expect((await readBody(response))['scope']).toBe('playback:write')
  })

  it('should reject a scope the app may not have', async () => {
    await start()

    const response = await postJson('auth/device/code', { client_id: CLIENT_ID, scope: 'events:read' })
    const body = await readBody(response)

    expect(response.status).toBe(400)
    expect(body['error']).toBe('invalid_scope')
    expect(body['message']).toContain('events:read')
  })

  it('should reject a body without client_id', async () => {
    await start()

    const response = await postJson('auth/device/code', {})
    const body = await readBody(response)

    expect(response.status).toBe(400)
    expect(body['error']).toBe('invalid_request')
    expect(body['message']).toContain('client_id is required')
  })

  it('should limit polls to 200 per 10 minutes', async () => {
    const server = await start({ deviceCodeTtlSeconds: 3600 })
    const code = await requestDeviceCode()

    for (let i = 0; i < 200; i++) {
      const response = await pollDeviceCode(code.deviceCode)
      expect(response.status).toBe(400)
    }
    const limited = await pollDeviceCode(code.deviceCode)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('600')
    expect((await readBody(limited))['error']).toBe('rate_limited')

    clock += 10 * 60 * 1000
    server.approve(code.userCode, 'alice')
    const afterWindow = await pollDeviceCode(code.deviceCode)
    expect(afterWindow.status).toBe(200)
    expect(server.requestCount('device/token')).toBe(202)
  })

  it('should approve through the link page form', async () => {
    const server = await start()
    const code = await requestDeviceCode()

    const page = await fetch(`${server.url}/link?code=${code.userCode}`)
    const pageHtml = await page.text()
    expect(page.status).toBe(200)
    expect(pageHtml).toContain(`value="${code.userCode}"`)
    expect(pageHtml).toContain('formaction="/__fake/deny"')

    const form = new URLSearchParams({ userCode: code.userCode, username: 'bob' })
    const submitted = await fetch(`${server.url}/__fake/approve`, { method: 'POST', body: form })
    expect(submitted.status).toBe(200)
    expect(await submitted.text()).toContain(`Approved ${code.userCode} for bob`)

    const tokens = await readBody(await pollDeviceCode(code.deviceCode))
    expect(tokens['username']).toBe('bob')
  })

  it('should escape HTML in the link page', async () => {
    const server = await start()

    const page = await fetch(`${server.url}/link?code=${encodeURIComponent('"><script>')}`)

    expect(await page.text()).not.toContain('<script>')
  })
})

describe('fake PunchPlay refresh', () => {
  it('should rotate refresh tokens and reject reuse', async () => {
    const server = await start()
    const tokens = await linkDevice()

    const first = await refresh(tokens.refreshToken)
    const body = await readBody(first)
    expect(first.status).toBe(200)
    expect(body['token_type']).toBe('bearer')
    expect(body['expires_in']).toBe(3600)
    expect(body['refresh_expires_in']).toBe(60 * 24 * 60 * 60)
    expect(body['scope']).toBe('profile:read playback:read playback:write')
    const rotated = readString(body, 'refresh_token')
    expect(rotated).not.toBe(tokens.refreshToken)

    const reused = await refresh(tokens.refreshToken)
    expect(reused.status).toBe(400)
    expect((await readBody(reused))['error']).toBe('invalid_grant')

    const next = await refresh(rotated)
    expect(next.status).toBe(200)
    const meResponse = await getWithToken('me', readString(await readBody(next), 'access_token'))
    expect(meResponse.status).toBe(200)
    expect(server.refreshCount).toBe(2)
    expect(server.requestCount('refresh')).toBe(3)
  })

  it('should keep the refresh token when not rotating', async () => {
    await start({ rotateRefreshTokens: false })
    const tokens = await linkDevice()

    const first = await refresh(tokens.refreshToken)
    const body = await readBody(first)
    const second = await refresh(tokens.refreshToken)

    expect(first.status).toBe(200)
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type'])
    expect(second.status).toBe(200)
  })

  it('should reject an expired refresh token', async () => {
    await start({ refreshTokenTtlSeconds: 120 })
    const tokens = await linkDevice()

    clock += 120_000
    const response = await refresh(tokens.refreshToken)

    expect(response.status).toBe(400)
    expect((await readBody(response))['error']).toBe('invalid_grant')
  })

  it('should reject an unknown refresh token', async () => {
    await start()

    const response = await refresh('pprt_unknown')

    expect(response.status).toBe(400)
    expect((await readBody(response))['error']).toBe('invalid_grant')
  })

  it('should end every token of a revoked user', async () => {
    const server = await start()
    const alice = await linkDevice('alice')
    const bob = await linkDevice('bob')

    server.revoke('alice')
    const aliceMe = await getWithToken('me', alice.accessToken)
    const aliceRefresh = await refresh(alice.refreshToken)
    const bobMe = await getWithToken('me', bob.accessToken)

    expect(aliceMe.status).toBe(401)
    expect((await readBody(aliceMe))['error']).toBe('invalid_token')
    expect(aliceRefresh.status).toBe(400)
    expect((await readBody(aliceRefresh))['error']).toBe('invalid_grant')
    expect(bobMe.status).toBe(200)
  })
})

describe('fake PunchPlay access tokens', () => {
  it('should answer 401 after expireAccessTokens', async () => {
    const server = await start()
    const tokens = await linkDevice()

    server.expireAccessTokens()
    const expired = await postJson('playback/start', FIGHT_CLUB, tokens.accessToken)
    const renewed = readString(await readBody(await refresh(tokens.refreshToken)), 'access_token')
    const retried = await postJson('playback/start', FIGHT_CLUB, renewed)

    expect(expired.status).toBe(401)
    expect((await readBody(expired))['error']).toBe('invalid_token')
    expect(retried.status).toBe(200)
  })

  it('should expire access tokens after their lifetime', async () => {
    await start({ accessTokenTtlSeconds: 30 })
    const tokens = await linkDevice()

    clock += 29_000
    expect((await getWithToken('me', tokens.accessToken)).status).toBe(200)
    clock += 1_000

    expect((await getWithToken('me', tokens.accessToken)).status).toBe(401)
  })

  it('should reject a missing or unknown bearer token', async () => {
    await start()

    const missing = await postJson('playback/start', FIGHT_CLUB)
    const unknown = await postJson('playback/start', FIGHT_CLUB, 'ppat_unknown')

    expect(missing.status).toBe(401)
    expect((await readBody(missing))['error']).toBe('invalid_token')
    expect(unknown.status).toBe(401)
  })
})

describe('fake PunchPlay me', () => {
  it('should describe the user and token', async () => {
    await start()
    const tokens = await linkDevice('alice')

    const response = await getWithToken('me', tokens.accessToken)
    const body = await readBody(response)

    expect(response.status).toBe(200)
    expect(body['username']).toBe('alice')
    expect(body['client_type']).toBe('platform')
    expect(body['scopes']).toEqual(['profile:read', 'playback:read', 'playback:write'])
    expect(typeof body['id']).toBe('string')
    expect(typeof body['token_id']).toBe('string')
    const developerApp = body['developer_app']
    expect(isJsonObject(developerApp)).toBe(true)
    expect(isJsonObject(developerApp) && typeof developerApp['id']).toBe('string')
    expect(isJsonObject(developerApp) && typeof developerApp['name']).toBe('string')
  })

  it('should require profile:read', async () => {
    await start({ scopes: 'playback:write' })
    const tokens = await linkDevice()

    const response = await getWithToken('me', tokens.accessToken)
    const body = await readBody(response)

    expect(response.status).toBe(403)
    expect(body['error']).toBe('insufficient_scope')
    expect(body['required_scope']).toBe('profile:read')
  })
})

describe('fake PunchPlay playback validation', () => {
  it('should name a missing title', async () => {
    await start()
    const tokens = await linkDevice()

    const response = await postJson('playback/start', { media_type: 'movie' }, tokens.accessToken)
    const body = await readBody(response)

    expect(response.status).toBe(400)
    expect(body['error']).toBe('invalid_request')
    expect(body['message']).toContain('title is required')
    expect(running().playbackCalls).toHaveLength(0)
  })

  it('should reject an empty title', async () => {
    await start()
    const tokens = await linkDevice()

    const response = await postJson('playback/start', { media_type: 'movie', title: '  ' }, tokens.accessToken)

    expect(response.status).toBe(400)
    expect((await readBody(response))['message']).toContain('title')
  })

  it('should name a field of the wrong type', async () => {
    await start()
    const tokens = await linkDevice()
    const cases: Array<[string, unknown]> = [
      ['media_type', 'show'],
      ['year', '1999'],
      ['tmdb_id', 55.5],
      ['progress', 85],
      ['position_seconds', 12.5],
      ['watched', 'yes'],
      ['playback_session_id', 42],
    ]

    for (const [field, value] of cases) {
      const response = await postJson('playback/progress', { ...FIGHT_CLUB, [field]: value }, tokens.accessToken)
      expect(response.status, field).toBe(400)
      expect((await readBody(response))['message'], field).toContain(field)
    }
  })

  it('should accept null for every optional field', async () => {
    await start()
    const tokens = await linkDevice()
    const body = {
      media_type: 'episode',
      title: 'Severance',
      event_id: null,
      year: null,
      imdb_id: null,
      tmdb_id: null,
      tvdb_id: null,
      punchplay_id: null,
      season: null,
      episode: null,
      episode_end: null,
      absolute_episode: null,
      episode_title: null,
      multi_episode: null,
      anime: null,
      progress: null,
      duration_seconds: null,
      position_seconds: null,
      device_id: null,
      playback_session_id: null,
      event_created_at: null,
      client_version: null,
      watched: null,
      watched_threshold: null,
      raw_filename: null,
      jellyfin_user_id: null,
    }

    const response = await postJson('playback/start', body, tokens.accessToken)

    expect(response.status).toBe(200)
    expect(await readBody(response)).toMatchObject({ ok: true, deduped: false })
  })

  it('should ignore unknown keys', async () => {
    const server = await start()
    const tokens = await linkDevice()
    const sent = { ...FIGHT_CLUB, progress_percent: 40, client: 'Jellyfin', server_name: 'home' }

    const response = await postJson('playback/progress', sent, tokens.accessToken)
    const call = server.playbackCalls[0]

    expect(response.status).toBe(200)
    expect(call?.body).not.toHaveProperty('progress_percent')
    expect(call?.rawBody).toEqual(sent)
  })

  it('should require a JSON content type', async () => {
    await start()
    const tokens = await linkDevice()

    const response = await fetch(apiUrl('playback/start'), {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.accessToken}`, 'content-type': 'text/plain' },
      body: JSON.stringify(FIGHT_CLUB),
    })

    expect(response.status).toBe(400)
    expect((await readBody(response))['message']).toContain('Content-Type')
  })

  it('should answer not_found for an unknown action', async () => {
    await start()
    const tokens = await linkDevice()

    const response = await postJson('playback/rewind', FIGHT_CLUB, tokens.accessToken)

    expect(response.status).toBe(404)
    expect((await readBody(response))['error']).toBe('not_found')
  })

  it('should require playback:write', async () => {
    await start({ scopes: 'profile:read playback:read' })
    const tokens = await linkDevice()

    const response = await postJson('playback/start', FIGHT_CLUB, tokens.accessToken)
    const body = await readBody(response)

    expect(response.status).toBe(403)
    expect(body['error']).toBe('insufficient_scope')
    expect(body['required_scope']).toBe('playback:write')
  })
})

describe('fake PunchPlay playback sessions', () => {
  it('should echo ids and derive a punchplay_id', async () => {
    await start()
    const tokens = await linkDevice()
    const episode = {
      media_type: 'episode',
      title: 'Severance',
      tvdb_id: 371980,
      season: 1,
      episode: 2,
      episode_end: 3,
      multi_episode: true,
    }

    const body = await readBody(await postJson('playback/start', episode, tokens.accessToken))

    expect(body).toMatchObject({ ok: true, deduped: false, tvdb_id: 371980, season: 1, episode: 2, episode_end: 3 })
    expect(body['punchplay_id']).toMatch(/^pp_[0-9a-f]{16}$/)
    expect(body).not.toHaveProperty('tmdb_id')
    expect(body).not.toHaveProperty('ignored')
  })

  it('should dedupe a repeated event_id', async () => {
    const server = await start()
    const tokens = await linkDevice('alice')
    const event = { ...FIGHT_CLUB, event_id: 'evt-1', playback_session_id: 's1' }

    const first = await readBody(await postJson('playback/start', event, tokens.accessToken))
    const second = await postJson('playback/start', event, tokens.accessToken)

    expect(first['deduped']).toBe(false)
    expect(second.status).toBe(200)
    expect(await readBody(second)).toEqual({ ok: true, deduped: true })
    expect(server.sessions('alice')[0]?.actions).toEqual(['start'])
    expect(server.playbackCalls.map((call) => call.deduped)).toEqual([false, true])
    expect(server.playbackCalls[1]?.eventId).toBe('evt-1')
  })

  it('should keep event ids of different users apart', async () => {
    const server = await start()
    const alice = await linkDevice('alice')
    const bob = await linkDevice('bob')
    const event = { ...FIGHT_CLUB, event_id: 'evt-1', playback_session_id: 's1' }

    await postJson('playback/start', event, alice.accessToken)
    const response = await readBody(await postJson('playback/start', event, bob.accessToken))

    expect(response['deduped']).toBe(false)
    expect(server.sessions('bob')).toHaveLength(1)
  })

  it('should ignore an event older than the latest', async () => {
    const server = await start()
    const tokens = await linkDevice('alice')
    const session = { ...FIGHT_CLUB, playback_session_id: 's1' }

    await postJson('playback/start', { ...session, event_created_at: START_TIME + 2000 }, tokens.accessToken)
    const stale = await postJson('playback/pause', { ...session, event_created_at: START_TIME + 1000 }, tokens.accessToken)

    expect(await readBody(stale)).toMatchObject({ ok: true, deduped: false, ignored: 'out_of_order' })
    expect(server.sessions('alice')[0]?.state).toBe('playing')
    expect(server.playbackCalls[1]?.ignored).toBe('out_of_order')
  })

  it('should ignore events after stop', async () => {
    const server = await start()
    const tokens = await linkDevice('alice')
    const session = { ...FIGHT_CLUB, playback_session_id: 's1' }

    await postJson('playback/start', session, tokens.accessToken)
    await postJson('playback/stop', { ...session, progress: 0.3 }, tokens.accessToken)
    const late = await readBody(await postJson('playback/progress', session, tokens.accessToken))
    const secondStop = await readBody(await postJson('playback/stop', session, tokens.accessToken))

    expect(late['ignored']).toBe('stale_session')
    expect(secondStop['ignored']).toBe('stale_session')
    expect(server.sessions('alice')[0]?.actions).toEqual(['start', 'stop'])
  })

  it('should decide completion on stop', async () => {
    const server = await start({ defaultWatchedThreshold: 0.8 })
    const tokens = await linkDevice('alice')
    const stops: Array<[string, Record<string, unknown>, boolean]> = [
      ['a', { progress: 0.8 }, true],
      ['b', { progress: 0.79 }, false],
      ['c', { progress: 1, watched: false }, false],
      ['d', { progress: 0.1, watched: true }, true],
      ['e', { progress: 0.9, watched_threshold: 0.95 }, false],
      ['f', { position_seconds: 5400, duration_seconds: 6000 }, true],
      ['g', {}, false],
    ]

    for (const [sessionId, fields] of stops) {
      const body = { ...FIGHT_CLUB, playback_session_id: sessionId, ...fields }
      await postJson('playback/stop', body, tokens.accessToken)
    }
    const sessions = server.sessions('alice')

    for (const [sessionId, , completed] of stops) {
      const session = sessions.find((candidate) => candidate.sessionId === sessionId)
      expect(session?.completed, sessionId).toBe(completed)
    }
    expect(sessions.find((session) => session.sessionId === 'e')?.decision?.reason).toBe('below_threshold')
    expect(sessions.find((session) => session.sessionId === 'g')?.decision?.reason).toBe('no_progress')
  })

  it('should keep one implicit session per item', async () => {
    const server = await start()
    const tokens = await linkDevice('alice')

    await postJson('playback/start', FIGHT_CLUB, tokens.accessToken)
    await postJson('playback/progress', FIGHT_CLUB, tokens.accessToken)
    await postJson('playback/stop', FIGHT_CLUB, tokens.accessToken)
    const late = await readBody(await postJson('playback/progress', FIGHT_CLUB, tokens.accessToken))
    await postJson('playback/start', FIGHT_CLUB, tokens.accessToken)
    const sessions = server.sessions('alice')

    expect(late['ignored']).toBe('stale_session')
    expect(sessions.map((session) => session.actions)).toEqual([['start', 'progress', 'stop'], ['start']])
    expect(sessions.every((session) => session.implicit)).toBe(true)
  })

  it('should report now-playing and in-progress', async () => {
    await start()
    const tokens = await linkDevice('alice', { device_name: 'Living room' })

    const idle = await readBody(await getWithToken('playback/now-playing', tokens.accessToken))
    expect(idle['nowPlaying']).toBe(false)
    expect(idle['title']).toBeNull()

    const movie = { ...FIGHT_CLUB, playback_session_id: 's1', duration_seconds: 8000 }
    await postJson('playback/start', { ...movie, position_seconds: 0 }, tokens.accessToken)
    await postJson('playback/pause', { ...movie, position_seconds: 2000 }, tokens.accessToken)
    const paused = await readBody(await getWithToken('playback/now-playing', tokens.accessToken))
    expect(paused).toMatchObject({
      nowPlaying: true,
      playbackState: 'paused',
      type: 'movie',
      title: 'Fight Club',
      tmdbId: 550,
      progressPercent: 25,
      progressSeconds: 2000,
      durationSeconds: 8000,
      mediaSource: 'Living room',
      playbackSessionId: 's1',
    })

    await postJson('playback/stop', { ...movie, position_seconds: 2000 }, tokens.accessToken)
    const afterStop = await readBody(await getWithToken('playback/now-playing', tokens.accessToken))
    const inProgress = await readBody(await getWithToken('playback/in-progress', tokens.accessToken))
    expect(afterStop['nowPlaying']).toBe(false)
    expect(inProgress['items']).toEqual([expect.objectContaining({ title: 'Fight Club', nowPlaying: false })])

    await postJson('playback/stop', { ...movie, playback_session_id: 's2', progress: 1 }, tokens.accessToken)
    const finished = await readBody(await getWithToken('playback/in-progress', tokens.accessToken))
    expect(finished['items']).toEqual([])
  })
})

describe('fake PunchPlay fault injection', () => {
  it('should fail the next request with 503', async () => {
    const server = await start()
    const tokens = await linkDevice()

    server.failNext('playback', { status: 503 })
    const failed = await postJson('playback/start', FIGHT_CLUB, tokens.accessToken)
    const body = await readBody(failed)
    const next = await postJson('playback/start', FIGHT_CLUB, tokens.accessToken)

    expect(failed.status).toBe(503)
    expect(body['error']).toBe('server_error')
    expect(body['request_id']).toBe(failed.headers.get('x-punchplay-request-id'))
    expect(failed.headers.get('retry-after')).toBeNull()
    expect(next.status).toBe(200)
    expect(server.playbackCalls).toHaveLength(1)
    expect(server.requestCount('playback')).toBe(2)
  })

  it('should answer 429 with Retry-After', async () => {
    const server = await start()
    const code = await requestDeviceCode()

    server.failNext('device/token', { status: 429, retryAfterSeconds: 7, count: 2 })
    server.failNext('device/token', { status: 429 })
    const first = await pollDeviceCode(code.deviceCode)
    const firstBody = await readBody(first)
    const responses = [
      first,
      await pollDeviceCode(code.deviceCode),
      await pollDeviceCode(code.deviceCode),
      await pollDeviceCode(code.deviceCode),
    ]

    expect(responses.map((response) => response.status)).toEqual([429, 429, 429, 400])
    expect(responses.map((response) => response.headers.get('retry-after'))).toEqual(['7', '7', '1', null])
    expect(firstBody['error']).toBe('rate_limited')
  })

  it('should use the given error code', async () => {
    const server = await start()
    const tokens = await linkDevice()

    server.failNext('refresh', { status: 400, error: 'invalid_grant' })
    const response = await refresh(tokens.refreshToken)

    expect(response.status).toBe(400)
    expect((await readBody(response))['error']).toBe('invalid_grant')
  })

  it('should keep playback down until cleared', async () => {
    const server = await start()
    const tokens = await linkDevice()

    server.setPlaybackDown(502)
    const write = await postJson('playback/start', FIGHT_CLUB, tokens.accessToken)
    const read = await getWithToken('playback/now-playing', tokens.accessToken)
    const me = await getWithToken('me', tokens.accessToken)
    server.setPlaybackDown(null)
    const recovered = await postJson('playback/start', FIGHT_CLUB, tokens.accessToken)

    expect(write.status).toBe(502)
    expect(read.status).toBe(502)
    expect(me.status).toBe(200)
    expect(recovered.status).toBe(200)
  })

  it('should hang a request until close', async () => {
    const server = await start()
    const tokens = await linkDevice()

    server.hangNext('playback', 1)
    const hung = postJson('playback/start', FIGHT_CLUB, tokens.accessToken).then(
      (response) => `answered ${response.status}`,
      () => 'connection dropped',
    )
    const timedOut = new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 300))

    expect(await Promise.race([hung, timedOut])).toBe('still waiting')
    const next = await postJson('playback/start', FIGHT_CLUB, tokens.accessToken)
    expect(next.status).toBe(200)
    await server.close()
    expect(await hung).toBe('connection dropped')
    expect(server.requests.find((request) => request.path.endsWith('/playback/start'))?.status).toBeNull()
  })

  it('should take controls through the admin endpoints', async () => {
    const server = await start()
    const admin = (path: string, body: unknown): Promise<Response> =>
      fetch(`${server.url}/__fake/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const code = await requestDeviceCode()

    const latest = await readBody(await fetch(`${server.url}/__fake/latest-user-code`))
    expect(latest['userCode']).toBe(code.userCode)
    expect((await admin('approve', { userCode: code.userCode, username: 'carol' })).status).toBe(200)
    const tokens = await readBody(await pollDeviceCode(code.deviceCode))
    const accessToken = readString(tokens, 'access_token')

    expect((await admin('fail-next', { route: 'playback', status: 503 })).status).toBe(200)
    expect((await postJson('playback/start', FIGHT_CLUB, accessToken)).status).toBe(503)
    expect((await postJson('playback/start', FIGHT_CLUB, accessToken)).status).toBe(200)

    const calls: unknown = await (await fetch(`${server.url}/__fake/calls`)).json()
    expect(calls).toEqual([expect.objectContaining({ action: 'start', username: 'carol', deduped: false })])

    const unknownCode = await admin('approve', { userCode: 'ZZZZ-0000', username: 'carol' })
    expect(unknownCode.status).toBe(404)
    expect((await readBody(unknownCode))['error']).toBe('not_found')
    const badRoute = await admin('fail-next', { route: 'everything', status: 503 })
    expect(badRoute.status).toBe(400)
    expect((await readBody(badRoute))['message']).toContain('route')

    expect((await admin('expire-access-tokens', {})).status).toBe(200)
    expect((await postJson('playback/start', FIGHT_CLUB, accessToken)).status).toBe(401)
  })

  it('should forget everything on reset', async () => {
    const server = await start()
    const tokens = await linkDevice('alice')
    await postJson('playback/start', FIGHT_CLUB, tokens.accessToken)
    server.failNext('me', { status: 500 })

    server.reset()

    expect(server.playbackCalls).toHaveLength(0)
    expect(server.requests).toHaveLength(0)
    expect(server.sessions('alice')).toEqual([])
    expect(server.latestUserCode()).toBeUndefined()
    expect((await getWithToken('me', tokens.accessToken)).status).toBe(401)
  })
})

describe('fake PunchPlay request ids and log', () => {
  it('should send a request id on every response', async () => {
    const server = await start()
    const tokens = await linkDevice()
    const responses = [
      await postJson('auth/device/code', { client_id: CLIENT_ID }),
      await postJson('auth/device/token', { client_id: CLIENT_ID, device_code: 'nope' }),
      await getWithToken('me', tokens.accessToken),
      await getWithToken('me', 'ppat_unknown'),
      await postJson('playback/start', FIGHT_CLUB, tokens.accessToken),
      await postJson('playback/start', { title: 'x' }, tokens.accessToken),
      await fetch(`${server.url}/api/platform/v1/unknown`),
      await fetch(`${server.url}/link`),
      await fetch(`${server.url}/__fake/calls`),
    ]

    for (const response of responses) {
      expect(response.headers.get('x-punchplay-request-id'), response.url).toMatch(REQUEST_ID_PATTERN)
    }
    const ids = new Set(responses.map((response) => response.headers.get('x-punchplay-request-id')))
    expect(ids.size).toBe(responses.length)
  })

  it('should repeat the request id in error bodies', async () => {
    await start()

    const response = await fetch(apiUrl('no/such/route'))
    const body = await readBody(response)

    expect(response.status).toBe(404)
    expect(body['error']).toBe('not_found')
    expect(typeof body['message']).toBe('string')
    expect(body['request_id']).toBe(response.headers.get('x-punchplay-request-id'))
  })

  it('should log requests without credentials', async () => {
    const server = await start()
    const tokens = await linkDevice()

    await fetch(apiUrl('me?verbose=1'), {
      headers: { authorization: `Bearer ${tokens.accessToken}`, 'user-agent': 'punchplay-bridge/0.1.0' },
    })
    const record = server.requests.at(-1)

    expect(record).toMatchObject({
      method: 'GET',
      path: '/api/platform/v1/me',
      status: 200,
      userAgent: 'punchplay-bridge/0.1.0',
    })
    expect(record?.requestId).toMatch(REQUEST_ID_PATTERN)
    expect(JSON.stringify(server.requests)).not.toContain(tokens.accessToken)
  })
})

describe('fake PunchPlay options', () => {
  it('should reject a nonsensical threshold', async () => {
    await expect(startFakePunchPlay({ defaultWatchedThreshold: 80 })).rejects.toThrow(/defaultWatchedThreshold/)
  })

  it('should turn a rate limit off', async () => {
    await start({ rateLimits: { 'device/code': null } })

    for (let i = 0; i < 11; i++) {
      await requestDeviceCode()
    }

    expect(running().requestCount('device/code')).toBe(11)
  })

  it('should limit device codes to 10 per hour by default', async () => {
    await start()

    for (let i = 0; i < 10; i++) {
      await requestDeviceCode()
    }
    const limited = await postJson('auth/device/code', { client_id: CLIENT_ID })

    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('3600')
  })
})
