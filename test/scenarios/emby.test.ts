/**
 * Emby: playback.start, pause, unpause and stop (with PlaybackInfo.PlayedToCompletion), and
 * item.markplayed. Like Plex it sends nothing while playing, so the bridge estimates progress.
 */
import { describe, it } from 'vitest'

import { runScenario, type Scenario } from './harness.js'
import { BEAVERS, MATRIX, breakingBad } from './media.js'

const source = 'emby' as const

const scenarios: Scenario[] = [
  {
    name: 'Alex watches a movie with one pause and Emby reports it played to completion',
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, source, position: 0 },
      { at: '30:00', kind: 'pause', item: BEAVERS, source, position: 1800 },
      { at: '35:00', kind: 'resume', item: BEAVERS, source, position: 1800 },
      { at: '1:42:00', kind: 'stop', item: BEAVERS, source, position: 5800, completed: true },
    ],
    calls: [
      { action: 'start', session: 'A', position: 0 },
      { action: 'pause', session: 'A', position: 1800 },
      { action: 'resume', session: 'A', position: 1800 },
      { action: 'stop', session: 'A', watched: true },
    ],
    progress: { min: 380, max: 390, positionsNeverDecrease: true },
  },
  {
    name: 'Estimated progress from Emby never passes the end of the movie',
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, source, position: 5700 },
      { at: '10:00', kind: 'stop', item: BEAVERS, source, position: 5820, completed: true },
    ],
    calls: [
      { action: 'start', session: 'A', position: 5700 },
      { action: 'stop', session: 'A', position: 5820, watched: true },
    ],
    // 120 s left at the start: eight estimates up to the end, then nothing more to tell.
    progress: { max: 9, positionsNeverDecrease: true },
  },
  {
    name: 'Alex marks a movie played in Emby',
    steps: [{ at: '0:00', kind: 'watched', item: MATRIX, source, player: 'marked-played' }],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 8160, watched: true },
    ],
  },
  {
    name: 'Alex marks the episode played while it is still playing',
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), source, position: 0 },
      { at: '20:00', kind: 'watched', item: breakingBad(14), source },
      { at: '25:00', kind: 'stop', item: breakingBad(14), source, position: 1500, completed: false },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 1500, watched: true },
    ],
  },
  {
    name: 'Emby autoplays the next episode and the old stop arrives late with completion',
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), source, position: 2400 },
      { at: '7:00', kind: 'play', item: breakingBad(15), source, position: 0 },
      { at: '7:02', kind: 'stop', item: breakingBad(14), source, position: 2815, completed: true },
      { at: '50:00', kind: 'stop', item: breakingBad(15), source, position: 2580, completed: true },
    ],
    calls: [
      { action: 'start', session: 'A', fields: { episode: 14 } },
      { action: 'start', session: 'B', fields: { episode: 15 } },
      { action: 'stop', session: 'A', watched: true, fields: { episode: 14 } },
      { action: 'stop', session: 'B', watched: true },
    ],
  },
  {
    name: 'Emby sends the stop twice',
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, source, position: 0 },
      { at: '20:00', kind: 'stop', item: BEAVERS, source, position: 1200, completed: false },
      { at: '20:01', kind: 'stop', item: BEAVERS, source, position: 1200, completed: false },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 1200, watched: false },
    ],
  },
  {
    name: 'An unpause without a pause changes nothing',
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, source, position: 0 },
      { at: '5:00', kind: 'resume', item: BEAVERS, source, position: 300 },
      { at: '10:00', kind: 'stop', item: BEAVERS, source, position: 600 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 600 },
    ],
  },
  {
    name: 'The Emby app is closed without a stop; the playback is closed after its estimated end',
    steps: [{ at: '0:00', kind: 'play', item: breakingBad(16), source, position: 0 }],
    until: '1:30:00',
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 2820, watched: false, createdAt: '47:00' },
    ],
  },
  {
    name: 'Two Emby users on two devices each get their own account',
    links: [
      { punchplayUser: 'alex', identities: [{ source, user: 'alex' }] },
      { punchplayUser: 'jo', identities: [{ source, user: 'jo' }] },
    ],
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, source, user: 'alex', position: 0 },
      { at: '0:10', kind: 'play', item: MATRIX, source, user: 'jo', player: 'tablet', position: 0 },
      { at: '20:00', kind: 'stop', item: MATRIX, source, user: 'jo', player: 'tablet', position: 1190 },
      { at: '30:00', kind: 'stop', item: BEAVERS, source, user: 'alex', position: 1800 },
    ],
    calls: [
      { action: 'start', session: 'A', to: 'alex' },
      { action: 'start', session: 'B', to: 'jo' },
      { action: 'stop', session: 'B', to: 'jo', position: 1190 },
      { action: 'stop', session: 'A', to: 'alex', position: 1800 },
    ],
  },
  {
    name: 'Emby movies are turned off, episodes still go through',
    config: 'emby:\n  movies: false\n',
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, source, position: 0 },
      { at: '5:00', kind: 'stop', item: BEAVERS, source, position: 300 },
      { at: '6:00', kind: 'play', item: breakingBad(14), source, position: 0 },
      { at: '10:00', kind: 'stop', item: breakingBad(14), source, position: 240 },
    ],
    calls: [
      { action: 'start', session: 'A', fields: { media_type: 'episode' } },
      { action: 'stop', session: 'A' },
    ],
  },
]

describe('Emby scenarios', () => {
  for (const scenario of scenarios) {
    it(scenario.name, () => runScenario(scenario))
  }
})
