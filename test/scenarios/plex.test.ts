/**
 * Plex: webhooks for play, pause, resume, stop and scrobble (at 90 %), nothing in between,
 * so the bridge estimates progress itself.
 */
import { describe, expect, it } from 'vitest'

import { runScenario, type Scenario } from './harness.js'
import { BEAVERS, HOLIDAY, MATRIX, ONE_PIECE, PILOT_DOUBLE, TRAILER, breakingBad } from './media.js'

const scenarios: Scenario[] = [
  {
    name: 'Sam watches The Matrix from start to finish',
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, position: 0 },
      { at: '2:02:30', kind: 'scrobble', item: MATRIX },
      { at: '2:16:00', kind: 'stop', item: MATRIX, position: 8155 },
    ],
    calls: [
      { action: 'start', session: 'A', position: 0, createdAt: '0:00', fields: { title: 'The Matrix', year: 1999, imdb_id: 'tt0133093', tmdb_id: 603 } },
      // Plex reports 8155 s, a few seconds behind the estimate of 8160 s already sent as
      // progress; the stop does not step back.
      { action: 'stop', session: 'A', position: 8160, watched: true, createdAt: '2:16:00' },
    ],
    progress: { min: 500, positionsNeverDecrease: true },
  },
  {
    name: 'Sam pauses for a phone call and carries on',
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, position: 0 },
      { at: '40:00', kind: 'pause', item: MATRIX, position: 2400 },
      { at: '55:00', kind: 'resume', item: MATRIX, position: 2400 },
      { at: '2:11:00', kind: 'stop', item: MATRIX, position: 8160 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'pause', session: 'A', position: 2400 },
      { action: 'resume', session: 'A', position: 2400 },
      { action: 'stop', session: 'A', position: 8160, watched: true },
    ],
    // 40 minutes and 76 minutes of playing at one estimate per 15 s; none while paused.
    progress: { min: 455, max: 470, positionsNeverDecrease: true },
  },
  {
    name: 'Plex sends the same pause twice and the same play twice',
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, position: 0 },
      { at: '0:01', kind: 'play', item: BEAVERS, position: 0 },
      { at: '10:00', kind: 'pause', item: BEAVERS, position: 600 },
      { at: '10:01', kind: 'pause', item: BEAVERS, position: 600 },
      { at: '12:00', kind: 'stop', item: BEAVERS, position: 600 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'pause', session: 'A', position: 600 },
      { action: 'stop', session: 'A', position: 600, watched: false },
    ],
  },
  {
    name: 'Sam gives up half way through',
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, position: 0 },
      { at: '48:00', kind: 'stop', item: BEAVERS, position: 2880 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 2880, watched: false, fields: { watched_threshold: 0.9 } },
    ],
  },
  {
    name: 'Sam stops at 85 % and Plex sends no scrobble',
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, position: 0 },
      { at: '1:22:30', kind: 'stop', item: BEAVERS, position: 4947 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 4950, watched: false },
    ],
  },
  {
    name: 'Plex scrobbles at 90 % and Sam stops at 95 %: one watched stop',
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, position: 0 },
      { at: '1:27:18', kind: 'scrobble', item: BEAVERS },
      { at: '1:32:09', kind: 'stop', item: BEAVERS, position: 5529 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 5529, watched: true },
    ],
  },
  {
    name: 'Sam watches The Matrix again the next evening: a second watch, not a repeat',
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, position: 0 },
      { at: '2:02:30', kind: 'scrobble', item: MATRIX },
      { at: '2:16:00', kind: 'stop', item: MATRIX, position: 8160 },
      { at: '24:00:00', kind: 'play', item: MATRIX, position: 0 },
      { at: '24:30:00', kind: 'stop', item: MATRIX, position: 1800 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', watched: true },
      { action: 'start', session: 'B', position: 0 },
      { action: 'stop', session: 'B', position: 1800, watched: false },
    ],
  },
  {
    name: 'Autoplay moves on to the next episode, webhooks in order',
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), position: 0 },
      { at: '42:18', kind: 'scrobble', item: breakingBad(14) },
      { at: '46:55', kind: 'stop', item: breakingBad(14), position: 2815 },
      { at: '46:56', kind: 'play', item: breakingBad(15), position: 0 },
      { at: '1:00:00', kind: 'stop', item: breakingBad(15), position: 784 },
    ],
    calls: [
      { action: 'start', session: 'A', fields: { episode: 14 } },
      { action: 'stop', session: 'A', watched: true },
      { action: 'start', session: 'B', position: 0, fields: { episode: 15 } },
      { action: 'stop', session: 'B', position: 784, watched: false },
    ],
  },
  {
    name: 'Autoplay with the next play arriving before the last stop',
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), position: 0 },
      { at: '42:18', kind: 'scrobble', item: breakingBad(14) },
      { at: '46:56', kind: 'play', item: breakingBad(15), position: 0 },
      { at: '46:57', kind: 'stop', item: breakingBad(14), position: 2815 },
      { at: '1:00:00', kind: 'stop', item: breakingBad(15), position: 784 },
    ],
    calls: [
      { action: 'start', session: 'A', fields: { episode: 14 } },
      { action: 'start', session: 'B', fields: { episode: 15 } },
      { action: 'stop', session: 'A', watched: true, createdAt: '46:56', fields: { episode: 14 } },
      { action: 'stop', session: 'B', position: 784 },
    ],
  },
  {
    name: 'Sam skips the credits at 80 %; the late stop corrects the estimate',
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), position: 0 },
      { at: '30:00', kind: 'pause', item: breakingBad(14), position: 1800 },
      { at: '33:00', kind: 'resume', item: breakingBad(14), position: 1800 },
      { at: '40:00', kind: 'play', item: breakingBad(15), position: 0 },
      { at: '40:01', kind: 'stop', item: breakingBad(14), position: 2256 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'pause', session: 'A', position: 1800 },
      { action: 'resume', session: 'A', position: 1800 },
      { action: 'start', session: 'B' },
      { action: 'stop', session: 'A', position: 2256, watched: false },
    ],
    until: '41:00',
  },
  {
    name: 'The play webhook was lost; only the stop arrives',
    steps: [{ at: '50:00', kind: 'stop', item: BEAVERS, position: 3000 }],
    calls: [
      { action: 'start', session: 'A', position: 3000, createdAt: '50:00' },
      { action: 'stop', session: 'A', position: 3000, watched: false, createdAt: '50:00' },
    ],
  },
  {
    name: 'The bridge missed the play; the first webhook it sees is a pause',
    steps: [
      { at: '10:00', kind: 'pause', item: BEAVERS, position: 600 },
      { at: '12:00', kind: 'resume', item: BEAVERS, position: 600 },
      { at: '20:00', kind: 'stop', item: BEAVERS, position: 1080 },
    ],
    calls: [
      { action: 'start', session: 'A', position: 600 },
      { action: 'pause', session: 'A', position: 600 },
      { action: 'resume', session: 'A', position: 600 },
      { action: 'stop', session: 'A', position: 1080 },
    ],
  },
  {
    name: 'The TV is switched off mid-movie and Plex never sends a stop',
    steps: [{ at: '0:00', kind: 'play', item: MATRIX, position: 0 }],
    // The estimated end is 2:16:00; thirty silent minutes later the playback is closed.
    until: '3:00:00',
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 8160, watched: false, createdAt: '2:16:00' },
    ],
    progress: { max: 545, positionsNeverDecrease: true },
  },
  {
    name: 'A long pause over dinner continues the same playback',
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, position: 0 },
      { at: '30:00', kind: 'pause', item: MATRIX, position: 1800 },
      { at: '2:30:00', kind: 'resume', item: MATRIX, position: 1800 },
      { at: '4:16:00', kind: 'stop', item: MATRIX, position: 8160 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'pause', session: 'A', position: 1800 },
      { action: 'resume', session: 'A', position: 1800 },
      { action: 'stop', session: 'A', position: 8160, watched: true },
    ],
  },
  {
    name: 'A paused movie forgotten overnight is closed after six hours',
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, position: 0 },
      { at: '30:00', kind: 'pause', item: MATRIX, position: 1800 },
    ],
    until: '6:31:00',
    calls: [
      { action: 'start', session: 'A' },
      { action: 'pause', session: 'A', position: 1800 },
      { action: 'stop', session: 'A', position: 1800, watched: false, createdAt: '30:00' },
    ],
  },
  {
    name: 'Sam and Alice watch at the same time on different TVs',
    links: [
      { punchplayUser: 'sam', identities: [{ source: 'plex', user: 'sam' }] },
      { punchplayUser: 'alice', identities: [{ source: 'plex', user: 'alice' }] },
    ],
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, position: 0 },
      { at: '0:05', kind: 'play', item: BEAVERS, position: 0, user: 'alice', player: 'bedroom-tv' },
      { at: '1:00:00', kind: 'stop', item: MATRIX, position: 3600 },
      { at: '1:10:00', kind: 'stop', item: BEAVERS, position: 4195, user: 'alice', player: 'bedroom-tv' },
    ],
    calls: [
      { action: 'start', session: 'A', to: 'sam', fields: { title: 'The Matrix' } },
      { action: 'start', session: 'B', to: 'alice', fields: { title: 'Hundreds of Beavers' } },
      { action: 'stop', session: 'A', to: 'sam', position: 3600 },
      { action: 'stop', session: 'B', to: 'alice', position: 4195 },
    ],
  },
  {
    name: 'A guest on the shared server is not mapped, so nothing is sent for them',
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, position: 0, user: 'guest' },
      { at: '1:00:00', kind: 'stop', item: MATRIX, position: 3600, user: 'guest' },
    ],
    calls: [],
    progress: { count: 0 },
  },
  {
    name: 'A two-minute trailer plays before the movie and is not tracked',
    steps: [
      { at: '0:00', kind: 'play', item: TRAILER, position: 0 },
      { at: '2:10', kind: 'stop', item: TRAILER, position: 130 },
      { at: '2:11', kind: 'play', item: MATRIX, position: 0 },
      { at: '2:00:00', kind: 'stop', item: MATRIX, position: 7069 },
    ],
    calls: [
      { action: 'start', session: 'A', fields: { title: 'The Matrix' } },
      { action: 'stop', session: 'A', fields: { title: 'The Matrix' } },
    ],
  },
  {
    name: 'Home videos are left out by an excluded library',
    config: 'plex:\n  libraries:\n    exclude: [home videos]\n',
    steps: [
      { at: '0:00', kind: 'play', item: HOLIDAY, position: 0 },
      { at: '30:00', kind: 'stop', item: HOLIDAY, position: 1800 },
      { at: '31:00', kind: 'play', item: BEAVERS, position: 0 },
      { at: '40:00', kind: 'stop', item: BEAVERS, position: 540 },
    ],
    calls: [
      { action: 'start', session: 'A', fields: { title: 'Hundreds of Beavers' } },
      { action: 'stop', session: 'A' },
    ],
  },
  {
    name: 'Only the Movies library is tracked, so an episode is not',
    config: 'plex:\n  libraries:\n    include: [Movies]\n',
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), position: 0 },
      { at: '47:00', kind: 'stop', item: breakingBad(14), position: 2820 },
    ],
    calls: [],
  },
  {
    name: 'Episodes are turned off for everything',
    env: { BRIDGE_SEND_EPISODES: 'false' },
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), position: 0 },
      { at: '47:00', kind: 'stop', item: breakingBad(14), position: 2820 },
    ],
    calls: [],
  },
  {
    name: 'A lower threshold for Plex counts 85 % as watched',
    config: 'plex:\n  watched_threshold: 0.8\n',
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, position: 0 },
      { at: '1:22:30', kind: 'stop', item: BEAVERS, position: 4950 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', watched: true, fields: { watched_threshold: 0.8 } },
    ],
  },
  {
    name: 'PunchPlay is down for most of the movie; the stop still arrives once',
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, position: 0 },
      { at: '10:00', punchplay: 'down' },
      { at: '2:16:00', kind: 'stop', item: MATRIX, position: 8160 },
      { at: '2:30:00', punchplay: 'up' },
    ],
    until: '2:35:00',
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 8160, watched: true },
    ],
    // Forty before the outage; the estimates queued during it are superseded by the stop.
    progress: { min: 38, max: 41, positionsNeverDecrease: true },
  },
  {
    name: 'The bridge restarts in the middle of an episode',
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), position: 0 },
      { at: '20:00', restart: true },
      { at: '40:00', kind: 'stop', item: breakingBad(14), position: 2400 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 2400, watched: false },
    ],
  },
  {
    name: 'An episode goes out with the show title and the show ids',
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(16), position: 0 },
      { at: '47:00', kind: 'stop', item: breakingBad(16), position: 2820 },
    ],
    calls: [
      {
        action: 'start',
        session: 'A',
        fields: { media_type: 'episode', title: 'Breaking Bad', season: 5, episode: 16, episode_title: 'Felina', tvdb_id: 81189 },
      },
      { action: 'stop', session: 'A', watched: true },
    ],
  },
  {
    name: 'A double episode in one file is sent as a range',
    steps: [
      { at: '0:00', kind: 'play', item: PILOT_DOUBLE, position: 0 },
      { at: '1:40:00', kind: 'stop', item: PILOT_DOUBLE, position: 6000 },
    ],
    calls: [
      { action: 'start', session: 'A', fields: { episode: 1, episode_end: 2, multi_episode: true } },
      { action: 'stop', session: 'A', watched: true, fields: { episode_end: 2 } },
    ],
  },
  {
    name: 'Anime from the HAMA agent carries the absolute episode number',
    steps: [
      { at: '0:00', kind: 'play', item: ONE_PIECE, position: 0 },
      { at: '24:00', kind: 'stop', item: ONE_PIECE, position: 1440 },
    ],
    calls: [
      { action: 'start', session: 'A', fields: { anime: true, absolute_episode: 1071, episode: 1071 } },
      { action: 'stop', session: 'A', watched: true },
    ],
  },
  {
    name: 'Plex reports a pause a little behind the estimate already sent',
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, position: 0 },
      { at: '10:00', kind: 'pause', item: BEAVERS, position: 590 },
      { at: '11:00', kind: 'stop', item: BEAVERS, position: 590 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'pause', session: 'A', position: 600 },
      { action: 'stop', session: 'A', position: 600 },
    ],
    progress: { positionsNeverDecrease: true },
  },
]

describe('Plex scenarios', () => {
  for (const scenario of scenarios) {
    it(scenario.name, () => runScenario(scenario))
  }
})

describe('the far time zone run', () => {
  // The scenarios run a second time with TZ=Pacific/Kiritimati (UTC+14). Their expected
  // event_created_at values are fixed UTC instants, so that run fails if any local time leaks
  // in; this check makes sure the zone really took effect there.
  it.runIf(process.env['TZ'] === 'Pacific/Kiritimati')('should run 14 hours ahead of UTC', () => {
    expect(new Date('2026-06-01T19:00:00Z').getTimezoneOffset()).toBe(-840)
  })
})
