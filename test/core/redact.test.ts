import { describe, expect, it } from 'vitest'

import { REDACTED, redactPayload, redactText } from '../../src/core/redact.js'
import { readFixture } from '../support/bridge.js'

describe('redactPayload', () => {
  const plex = readFixture('plex/movie-play-newagent.json')
  const redacted = JSON.stringify(redactPayload(plex))

  it('should remove the Plex account name and avatar', () => {
    expect(redacted).not.toContain('sam_rivera')
    expect(redacted).not.toContain('plex.tv/users')
  })

  it('should remove the player public address', () => {
    expect(redacted).not.toContain('203.0.113.42')
  })

  it('should keep what the operator needs to see', () => {
    expect(redacted).toContain('media.play')
    expect(redacted).toContain('The Matrix')
    expect(redacted).toContain('imdb://tt0133093')
    expect(redacted).toContain('Living Room Shield')
  })

  it('should redact secrets by key and in query strings', () => {
    const value = redactPayload({ api_key: 'k1', Nested: { AccessToken: 't1' }, url: 'http://x/y?X-Plex-Token=abc&a=1' })

    expect(value).toEqual({ api_key: REDACTED, Nested: { AccessToken: REDACTED }, url: `http://x/y?X-Plex-Token=${REDACTED}&a=1` })
  })

  it('should redact Jellyfin user names and addresses', () => {
    const value = redactPayload({ NotificationUsername: 'alice', UserId: 'abc', RemoteEndPoint: '10.0.0.2', Name: 'Pilot' })

    expect(value).toEqual({ NotificationUsername: REDACTED, UserId: 'abc', RemoteEndPoint: REDACTED, Name: 'Pilot' })
  })

  it('should redact the name inside an Emby User object', () => {
    expect(redactPayload({ User: { Name: 'alice', Id: 'u1' } })).toEqual({ User: { Name: REDACTED, Id: 'u1' } })
  })
})

describe('redactText', () => {
  it('should redact IPv4 and IPv6 addresses but keep times of day', () => {
    expect(redactText('from 192.168.1.20 and 2001:db8::1 at 12:30:45')).toBe(`from ${REDACTED} and ${REDACTED} at 12:30:45`)
  })
})
