/**
 * Plex: webhooks for play, pause, resume, stop and scrobble (at 90 %), nothing in between,
 * so the bridge estimates progress itself.
 */
import { describe, it } from 'vitest'

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
]

describe('Plex scenarios', () => {
  for (const scenario of scenarios) {
    it(scenario.name, () => runScenario(scenario))
  }
})
