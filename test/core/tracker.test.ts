import { asc } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'

import { createLink } from '../../src/core/links.js'
import type { BridgeDatabase } from '../../src/core/storage/database.js'
import { outboxTable, playbacksTable } from '../../src/core/storage/schema.js'
import { createTracker, type Tracker, type TrackerSettings } from '../../src/core/tracker.js'
import { openTestDatabase } from '../support/database.js'
import { MATRIX, OZYMANDIAS, buildEvent } from '../support/events.js'

const T0 = Date.parse('2026-12-04T20:00:00Z')
const MINUTE = 60_000
const SETTINGS: TrackerSettings = {
  staleAfterMs: 30 * MINUTE,
  stalePausedAfterMs: 6 * 60 * MINUTE,
  progressIntervalMs: 15_000,
  clientVersion: '0.1.0',
  watchedThreshold: () => 0.9,
}

function queued(db: BridgeDatabase) {
  return db.select().from(outboxTable).orderBy(asc(outboxTable.id)).all()
}

describe('tracker', () => {
  let db: BridgeDatabase
  let sut: Tracker
  let linkId: number
  let clock: number

  beforeEach(() => {
    db = openTestDatabase().db
    clock = T0
    linkId = createLink(
      db,
      { access_token: 'a', refresh_token: 'r', token_type: 'bearer', expires_in: 3600, scope: 'playback:write' },
      [{ source: 'plex', user: 'sam_rivera' }],
      T0,
    )
    sut = createTracker({
      db,
      now: () => clock,
      settings: () => SETTINGS,
    })
  })

  describe('a movie played through', () => {
    it('should queue start, pause, resume and a watched stop with one session id', () => {
      sut.apply(buildEvent('play', T0, { positionSeconds: 0 }), linkId)
      sut.apply(buildEvent('pause', T0 + 10 * MINUTE, { positionSeconds: 600 }), linkId)
      sut.apply(buildEvent('resume', T0 + 12 * MINUTE, { positionSeconds: 600 }), linkId)
      sut.apply(buildEvent('scrobble', T0 + 130 * MINUTE), linkId)
      sut.apply(buildEvent('stop', T0 + 136 * MINUTE, { positionSeconds: 8150 }), linkId)

      const calls = queued(db)
      expect(calls.map((call) => call.action)).toEqual(['start', 'pause', 'resume', 'stop'])
      expect(new Set(calls.map((call) => call.body['playback_session_id'])).size).toBe(1)
      expect(calls[1]?.body['position_seconds']).toBe(600)
      expect(calls[3]?.body['watched']).toBe(true)
      expect(calls[3]?.body['watched_threshold']).toBe(0.9)
      expect(calls[3]?.body['position_seconds']).toBe(8150)
    })
  })

  describe('repeated webhooks', () => {
    it('should ignore a second play, a second pause and a second stop', () => {
      sut.apply(buildEvent('play', T0), linkId)
      const secondPlay = sut.apply(buildEvent('play', T0 + 1000), linkId)
      sut.apply(buildEvent('pause', T0 + MINUTE, { positionSeconds: 60 }), linkId)
      const secondPause = sut.apply(buildEvent('pause', T0 + MINUTE + 500, { positionSeconds: 60 }), linkId)
      sut.apply(buildEvent('stop', T0 + 2 * MINUTE, { positionSeconds: 60 }), linkId)
      const secondStop = sut.apply(buildEvent('stop', T0 + 2 * MINUTE + 500, { positionSeconds: 60 }), linkId)

      expect(secondPlay.outcome).toBe('ignored')
      expect(secondPause.outcome).toBe('ignored')
      expect(secondStop.outcome).toBe('ignored')
      expect(queued(db).map((call) => call.action)).toEqual(['start', 'pause', 'stop'])
    })
  })

  describe('completion', () => {
    it('should send watched false below the threshold without a scrobble', () => {
      sut.apply(buildEvent('play', T0), linkId)
      sut.apply(buildEvent('stop', T0 + 60 * MINUTE, { positionSeconds: 0.85 * 8160 }), linkId)

      expect(queued(db).at(-1)?.body['watched']).toBe(false)
    })

    it('should send watched true at the threshold without a scrobble', () => {
      sut.apply(buildEvent('play', T0), linkId)
      sut.apply(buildEvent('stop', T0 + 60 * MINUTE, { positionSeconds: 0.9 * 8160 }), linkId)

      expect(queued(db).at(-1)?.body['watched']).toBe(true)
    })
  })

  describe('a later play of the same item', () => {
    it('should be a new playback with a new session id', () => {
      sut.apply(buildEvent('play', T0), linkId)
      sut.apply(buildEvent('stop', T0 + MINUTE, { positionSeconds: 60 }), linkId)
      sut.apply(buildEvent('play', T0 + 10 * MINUTE), linkId)

      const sessions = queued(db).map((call) => call.body['playback_session_id'])
      expect(sessions[0]).toBe(sessions[1])
      expect(sessions[2]).not.toBe(sessions[0])
    })
  })

  describe('a new item on the same player', () => {
    it('should stop the previous playback before starting the next', () => {
      sut.apply(buildEvent('play', T0, { item: OZYMANDIAS }), linkId)
      clock = T0 + 47 * MINUTE
      sut.apply(buildEvent('play', clock, { item: { ...OZYMANDIAS, episode: 15, itemKey: '298573' } }), linkId)

      const calls = queued(db)
      expect(calls.map((call) => call.action)).toEqual(['start', 'stop', 'start'])
      expect(calls[1]?.body['episode']).toBe(14)
      expect(calls[1]?.body['position_seconds']).toBe(2820)
      // Only an estimate reached the end; without a report or a scrobble it is not a watch.
      expect(calls[1]?.body['watched']).toBe(false)
      expect(calls[2]?.body['episode']).toBe(15)
    })
  })

  describe('a lost start', () => {
    it('should produce a start before the stop', () => {
      sut.apply(buildEvent('stop', T0, { positionSeconds: 3000 }), linkId)

      const calls = queued(db)
      expect(calls.map((call) => call.action)).toEqual(['start', 'stop'])
      expect(calls[1]?.body['position_seconds']).toBe(3000)
    })
  })

  describe('a playback that goes silent', () => {
    const jellyfin = { source: 'jellyfin' as const }

    it('should be stopped at its last position after the stale timeout', () => {
      sut.apply(buildEvent('play', T0, { ...jellyfin, positionSeconds: 100 }), linkId)
      clock = T0 + 20 * MINUTE
      expect(sut.sweepStale()).toBe(0)

      clock = T0 + 31 * MINUTE
      expect(sut.sweepStale()).toBe(1)

      const stop = queued(db).at(-1)
      expect(stop?.action).toBe('stop')
      expect(stop?.body['position_seconds']).toBe(100)
      expect(stop?.body['event_created_at']).toBe(T0)
    })

    it('should wait past the estimated Plex end', () => {
      sut.apply(buildEvent('play', T0, { positionSeconds: 100 }), linkId)
      clock = T0 + 60 * MINUTE
      expect(sut.sweepStale()).toBe(0)

      // 8060 s of runtime were left at T0; the end is due at T0 + 134 min, plus 30 silent minutes.
      clock = T0 + 165 * MINUTE
      expect(sut.sweepStale()).toBe(1)
    })

    it('should send the estimated position but judge completion by what was reported', () => {
      sut.apply(buildEvent('play', T0, { positionSeconds: 100 }), linkId)
      clock = T0 + 200 * MINUTE

      sut.sweepStale()

      const stop = queued(db).at(-1)
      expect(stop?.body['position_seconds']).toBe(8160)
      expect(stop?.body['watched']).toBe(false)
    })

    it('should count a scrobble before the silence as watched', () => {
      sut.apply(buildEvent('play', T0, { positionSeconds: 100 }), linkId)
      sut.apply(buildEvent('scrobble', T0 + 125 * MINUTE), linkId)
      clock = T0 + 200 * MINUTE

      sut.sweepStale()

      expect(queued(db).at(-1)?.body['watched']).toBe(true)
    })
  })

  describe('episodes', () => {
    it('should send the show title with season, episode and episode title', () => {
      sut.apply(buildEvent('play', T0, { item: OZYMANDIAS }), linkId)

      const body = queued(db)[0]?.body
      expect(body?.['media_type']).toBe('episode')
      expect(body?.['title']).toBe('Breaking Bad')
      expect(body?.['season']).toBe(5)
      expect(body?.['episode']).toBe(14)
      expect(body?.['episode_title']).toBe('Ozymandias')
      expect(body?.['tvdb_id']).toBe(81189)
    })
  })

  describe('every call', () => {
    it('should carry event_id, event_created_at in ms, client_version and device_id', () => {
      sut.apply(buildEvent('play', T0), linkId)

      const [row] = queued(db)
      expect(row?.body['event_id']).toBe(row?.eventId)
      expect(row?.body['event_created_at']).toBe(T0)
      expect(row?.body['client_version']).toBe('0.1.0')
      expect(row?.body['device_id']).toMatch(/^plex-[0-9a-f]{20}$/)
    })

    it('should keep device_id stable per player across playbacks', () => {
      sut.apply(buildEvent('play', T0), linkId)
      sut.apply(buildEvent('stop', T0 + MINUTE), linkId)
      sut.apply(buildEvent('play', T0 + 2 * MINUTE, { item: { ...MATRIX, itemKey: '1' } }), linkId)

      const devices = new Set(queued(db).map((call) => call.body['device_id']))
      expect(devices.size).toBe(1)
    })
  })

  describe('state', () => {
    it('should persist one playback row per playback', () => {
      sut.apply(buildEvent('play', T0), linkId)
      sut.apply(buildEvent('pause', T0 + MINUTE, { positionSeconds: 60 }), linkId)

      const rows = db.select().from(playbacksTable).all()
      expect(rows).toHaveLength(1)
      expect(rows[0]?.state).toBe('paused')
    })
  })
})

describe('tracker with a media server whose clock is wrong', () => {
  let db: BridgeDatabase
  let sut: Tracker
  let linkId: number
  let clock: number

  beforeEach(() => {
    db = openTestDatabase().db
    clock = T0
    linkId = createLink(
      db,
      { access_token: 'a', refresh_token: 'r', token_type: 'bearer', expires_in: 3600, scope: 'playback:write' },
      [{ source: 'jellyfin', user: 'sam_rivera' }],
      T0,
    )
    sut = createTracker({ db, now: () => clock, settings: () => SETTINGS })
  })

  it('should not count a paused playback as silent because its events look old', () => {
    const yearAgo = T0 - 365 * 24 * 60 * MINUTE
    sut.apply(buildEvent('play', yearAgo, { source: 'jellyfin', positionSeconds: 0 }), linkId)
    sut.apply(buildEvent('progress', yearAgo + 60_000, { source: 'jellyfin', positionSeconds: 60, paused: true }), linkId)
    clock = T0 + 5 * MINUTE

    expect(sut.sweepStale()).toBe(0)
  })

  it('should keep event times in order', () => {
    const ahead = T0 + 2 * 60 * MINUTE
    sut.apply(buildEvent('play', ahead, { source: 'jellyfin', positionSeconds: 0 }), linkId)
    clock = T0 + 40 * MINUTE

    sut.sweepStale()

    const times = queued(db).map((call) => call.body['event_created_at'])
    expect(times).toEqual([ahead, ahead])
  })
})

describe('tracker with sources that report paused state on progress', () => {
  let db: BridgeDatabase
  let sut: Tracker
  let linkId: number

  beforeEach(() => {
    db = openTestDatabase().db
    linkId = createLink(
      db,
      { access_token: 'a', refresh_token: 'r', token_type: 'bearer', expires_in: 3600, scope: 'playback:write' },
      [{ source: 'jellyfin', user: 'sam_rivera' }],
      T0,
    )
    sut = createTracker({
      db,
      now: () => T0,
      settings: () => SETTINGS,
    })
  })

  const jellyfin = { source: 'jellyfin' as const }

  it('should turn paused ticks into pause and resume', () => {
    sut.apply(buildEvent('play', T0, jellyfin), linkId)
    sut.apply(buildEvent('progress', T0 + 20_000, { ...jellyfin, positionSeconds: 20, paused: false }), linkId)
    sut.apply(buildEvent('progress', T0 + 21_000, { ...jellyfin, positionSeconds: 21, paused: true }), linkId)
    sut.apply(buildEvent('progress', T0 + 22_000, { ...jellyfin, positionSeconds: 21, paused: true }), linkId)
    sut.apply(buildEvent('progress', T0 + 60_000, { ...jellyfin, positionSeconds: 21, paused: false }), linkId)

    expect(queued(db).map((call) => call.action)).toEqual(['start', 'progress', 'pause', 'resume'])
  })

  it('should throttle progress to one per interval', () => {
    sut.apply(buildEvent('play', T0, jellyfin), linkId)
    for (let second = 1; second <= 60; second += 1) {
      sut.apply(buildEvent('progress', T0 + second * 1000, { ...jellyfin, positionSeconds: second, paused: false }), linkId)
    }

    expect(queued(db).filter((call) => call.action === 'progress')).toHaveLength(4)
  })
})

describe('tracker with an item marked watched', () => {
  let db: BridgeDatabase
  let sut: Tracker
  let linkId: number

  beforeEach(() => {
    db = openTestDatabase().db
    linkId = createLink(
      db,
      { access_token: 'a', refresh_token: 'r', token_type: 'bearer', expires_in: 3600, scope: 'playback:write' },
      [{ source: 'plex', user: 'sam_rivera' }],
      T0,
    )
    sut = createTracker({
      db,
      now: () => T0,
      settings: () => SETTINGS,
    })
  })

  it('should send a start and a watched stop at the full runtime', () => {
    sut.apply(buildEvent('watched', T0), linkId)

    const calls = queued(db)
    expect(calls.map((call) => call.action)).toEqual(['start', 'stop'])
    expect(calls[1]?.body['watched']).toBe(true)
    expect(calls[1]?.body['position_seconds']).toBe(8160)
  })

  it('should ignore a second mark of an item already watched', () => {
    sut.apply(buildEvent('watched', T0), linkId)
    const second = sut.apply(buildEvent('watched', T0 + MINUTE), linkId)

    expect(second.outcome).toBe('ignored')
    expect(queued(db)).toHaveLength(2)
  })

  it('should only mark an open playback completed', () => {
    sut.apply(buildEvent('play', T0), linkId)
    sut.apply(buildEvent('watched', T0 + MINUTE), linkId)
    sut.apply(buildEvent('stop', T0 + 2 * MINUTE, { positionSeconds: 120 }), linkId)

    const calls = queued(db)
    expect(calls.map((call) => call.action)).toEqual(['start', 'stop'])
    expect(calls[1]?.body['watched']).toBe(true)
  })
})
