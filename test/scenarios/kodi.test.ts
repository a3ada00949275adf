/**
 * Kodi: the bridge's JSON-RPC connection turns Kodi's notifications into play, pause, resume
 * and stop (with `end`), polls the position every 15 s while playing, reports seeks, and a
 * library play count going up during playback as a scrobble. The user is the host's name.
 */
import { describe, it } from 'vitest'

import { runScenario, type EventStep, type Scenario } from './harness.js'
import { BEAVERS, LOOSE_FILE, MATRIX, TRAILER, breakingBad } from './media.js'
import type { MediaItem } from '../../src/core/events.js'

const source = 'kodi' as const
const host = { source, user: 'living-room', player: 'living-room:1' }
const links = [{ punchplayUser: 'sam', identities: [{ source, user: 'living-room' }] }]

/** The connection's position polls, every 15 s from `fromSecond` to `toSecond`. */
function polls(item: MediaItem, fromSecond: number, toSecond: number, startPosition = fromSecond): EventStep[] {
  const steps: EventStep[] = []
  for (let second = fromSecond; second <= toSecond; second += 15) {
    const m = Math.floor(second / 60)
    steps.push({ at: `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}`, kind: 'progress', item, ...host, position: startPosition + (second - fromSecond), paused: false })
  }
  return steps
}

const scenarios: Scenario[] = [
  {
    name: 'Sam watches a library movie on Kodi to the end',
    links,
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, ...host, position: 0 },
      ...polls(MATRIX, 15, 8145),
      { at: '2:16:00', kind: 'stop', item: MATRIX, ...host, position: 8160, completed: true },
    ],
    calls: [
      { action: 'start', session: 'A', to: 'sam' },
      { action: 'stop', session: 'A', position: 8160, watched: true },
    ],
    progress: { min: 540, max: 545, positionsNeverDecrease: true },
  },
  {
    name: 'An episode on Kodi is paused, resumed, sought back and stopped at 50 %',
    links,
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), ...host, position: 0 },
      ...polls(breakingBad(14), 15, 600),
      { at: '10:05', kind: 'pause', item: breakingBad(14), ...host, position: 605 },
      { at: '12:00', kind: 'resume', item: breakingBad(14), ...host, position: 605 },
      { at: '12:10', kind: 'progress', item: breakingBad(14), ...host, position: 300, seeked: true, paused: false },
      ...polls(breakingBad(14), 735, 1800, 315),
      { at: '30:10', kind: 'stop', item: breakingBad(14), ...host, position: 1410, completed: false },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'pause', session: 'A', position: 605 },
      { action: 'resume', session: 'A', position: 605 },
      { action: 'stop', session: 'A', position: 1410, watched: false },
    ],
  },
  {
    name: 'A file outside the library is sent with its file name',
    links,
    steps: [
      { at: '0:00', kind: 'play', item: LOOSE_FILE, ...host, position: 0 },
      ...polls(LOOSE_FILE, 15, 2625),
      { at: '44:00', kind: 'stop', item: LOOSE_FILE, ...host, position: 2640, completed: true },
    ],
    calls: [
      { action: 'start', session: 'A', fields: { title: 'The Expanse', season: 2, episode: 5, raw_filename: 'The.Expanse.S02E05.1080p.mkv' } },
      { action: 'stop', session: 'A', watched: true },
    ],
  },
  {
    name: 'Kodi raises the play count during the credits, then the stop says not ended',
    links,
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, ...host, position: 5400 },
      ...polls(BEAVERS, 15, 300, 5415),
      { at: '5:10', kind: 'scrobble', item: BEAVERS, ...host, position: 5710 },
      { at: '5:20', kind: 'stop', item: BEAVERS, ...host, position: 5720, completed: false },
    ],
    calls: [
      { action: 'start', session: 'A', position: 5400 },
      { action: 'stop', session: 'A', position: 5720, watched: true },
    ],
  },
  {
    name: 'The TV with Kodi is switched off; the polls stop and the playback is closed',
    links,
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, ...host, position: 0 },
      ...polls(MATRIX, 15, 2700),
    ],
    until: '1:16:00',
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 2700, watched: false, createdAt: '45:00' },
    ],
  },
  {
    name: 'Kodi comes back after a network drop still playing the same movie',
    links,
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, ...host, position: 0 },
      ...polls(MATRIX, 15, 600),
      // Ten minutes without polls while the connection is down, then it reconnects.
      ...polls(MATRIX, 1200, 1500, 1200),
      { at: '25:10', kind: 'stop', item: MATRIX, ...host, position: 1510, completed: false },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 1510 },
    ],
    progress: { positionsNeverDecrease: true },
  },
  {
    name: 'Kodi comes back after a drop playing another item: the old one stops first',
    links,
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), ...host, position: 2600 },
      ...polls(breakingBad(14), 15, 210, 2615),
      { at: '8:00', kind: 'stop', item: breakingBad(14), ...host, position: 2810 },
      { at: '8:00', kind: 'play', item: breakingBad(15), ...host, position: 60 },
      { at: '9:00', kind: 'stop', item: breakingBad(15), ...host, position: 120 },
    ],
    calls: [
      { action: 'start', session: 'A', fields: { episode: 14 } },
      { action: 'stop', session: 'A', position: 2810, watched: true },
      { action: 'start', session: 'B', position: 60, fields: { episode: 15 } },
      { action: 'stop', session: 'B', position: 120 },
    ],
  },
  {
    name: 'Kodi stops five seconds before the end with a threshold of 1: still watched',
    links,
    env: { BRIDGE_WATCHED_THRESHOLD: '1' },
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, ...host, position: 5700 },
      ...polls(BEAVERS, 15, 105, 5715),
      { at: '1:55', kind: 'stop', item: BEAVERS, ...host, position: 5815, completed: false },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 5815, watched: true, fields: { watched_threshold: 1 } },
    ],
  },
  {
    name: 'A short clip on Kodi is not tracked',
    links,
    steps: [
      { at: '0:00', kind: 'play', item: TRAILER, ...host, position: 0 },
      { at: '2:10', kind: 'stop', item: TRAILER, ...host, position: 130, completed: true },
    ],
    calls: [],
  },
  {
    name: 'Sam watches the same movie on Kodi again later: a new playback',
    links,
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, ...host, position: 5700 },
      { at: '2:00', kind: 'stop', item: BEAVERS, ...host, position: 5820, completed: true },
      { at: '3:00:00', kind: 'play', item: BEAVERS, ...host, position: 0 },
      { at: '3:10:00', kind: 'stop', item: BEAVERS, ...host, position: 600, completed: false },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', watched: true },
      { action: 'start', session: 'B', position: 0 },
      { action: 'stop', session: 'B', position: 600, watched: false },
    ],
  },
  {
    name: 'Two Kodi boxes in the house are mapped to two people',
    links: [
      { punchplayUser: 'sam', identities: [{ source, user: 'living-room' }] },
      { punchplayUser: 'alice', identities: [{ source, user: 'bedroom' }] },
    ],
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, ...host, position: 0 },
      { at: '0:30', kind: 'play', item: BEAVERS, source, user: 'bedroom', player: 'bedroom:1', position: 0 },
      { at: '5:00', kind: 'stop', item: MATRIX, ...host, position: 300 },
      { at: '6:00', kind: 'stop', item: BEAVERS, source, user: 'bedroom', player: 'bedroom:1', position: 330 },
    ],
    calls: [
      { action: 'start', session: 'A', to: 'sam' },
      { action: 'start', session: 'B', to: 'alice' },
      { action: 'stop', session: 'A', to: 'sam' },
      { action: 'stop', session: 'B', to: 'alice' },
    ],
  },
  {
    name: 'A Kodi box nobody mapped sends nothing',
    links,
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, source, user: 'garage', player: 'garage:1', position: 0 },
      { at: '5:00', kind: 'stop', item: MATRIX, source, user: 'garage', player: 'garage:1', position: 300 },
    ],
    calls: [],
  },
]

describe('Kodi scenarios', () => {
  for (const scenario of scenarios) {
    it(scenario.name, () => runScenario(scenario))
  }
})
