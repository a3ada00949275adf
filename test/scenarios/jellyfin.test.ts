/**
 * Jellyfin: PlaybackStart, a PlaybackProgress about every second with IsPaused, and
 * PlaybackStop with PlayedToCompletion. Progress ticks are every 5 s here, which is enough to
 * show the throttle and keeps the timelines short.
 */
import { describe, it } from 'vitest'

import { runScenario, type EventStep, type Scenario } from './harness.js'
import { BEAVERS, MATRIX, PILOT_DOUBLE, breakingBad } from './media.js'
import type { MediaItem } from '../../src/core/events.js'

const source = 'jellyfin' as const

/** Progress ticks every 5 s from `fromSecond` to `toSecond` of the timeline, position advancing with them. */
function ticks(item: MediaItem, fromSecond: number, toSecond: number, options: { startPosition?: number; paused?: boolean; user?: string } = {}): EventStep[] {
  const steps: EventStep[] = []
  for (let second = fromSecond; second <= toSecond; second += 5) {
    const position = options.paused === true ? (options.startPosition ?? 0) : (options.startPosition ?? fromSecond) + (second - fromSecond)
    steps.push({
      at: clock(second),
      kind: 'progress',
      item,
      source,
      position,
      paused: options.paused === true,
      ...(options.user === undefined ? {} : { user: options.user }),
    })
  }
  return steps
}

function clock(second: number): string {
  const h = Math.floor(second / 3600)
  const m = Math.floor((second % 3600) / 60)
  const s = second % 60
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
}

const scenarios: Scenario[] = [
  {
    name: 'Casey watches an episode with one pause; progress is throttled to one per 15 s',
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), source, position: 0 },
      ...ticks(breakingBad(14), 5, 600),
      ...ticks(breakingBad(14), 605, 900, { paused: true, startPosition: 600 }),
      ...ticks(breakingBad(14), 905, 1200, { startPosition: 605 }),
      { at: '20:05', kind: 'stop', item: breakingBad(14), source, position: 900, completed: false },
    ],
    calls: [
      { action: 'start', session: 'A', position: 0 },
      { action: 'pause', session: 'A', position: 600 },
      { action: 'resume', session: 'A', position: 605 },
      { action: 'stop', session: 'A', position: 900, watched: false },
    ],
    // 600 s and 295 s of playing at one call per 15 s.
    progress: { min: 58, max: 61, positionsNeverDecrease: true },
  },
  {
    name: 'Jellyfin says PlayedToCompletion at 80 %: that is the strongest signal',
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), source, position: 1800 },
      { at: '10:00', kind: 'stop', item: breakingBad(14), source, position: 2256, completed: true },
    ],
    calls: [
      { action: 'start', session: 'A', position: 1800 },
      { action: 'stop', session: 'A', position: 2256, watched: true },
    ],
  },
  {
    name: 'Jellyfin says not completed, but the position passed the threshold',
    steps: [
      { at: '0:00', kind: 'play', item: BEAVERS, source, position: 5000 },
      { at: '10:00', kind: 'stop', item: BEAVERS, source, position: 5600, completed: false },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 5600, watched: true },
    ],
  },
  {
    name: 'Casey marks a movie as played without watching it in Jellyfin',
    steps: [{ at: '0:00', kind: 'watched', item: MATRIX, source, player: 'marked-played' }],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 8160, watched: true },
    ],
  },
  {
    name: 'Marking the same movie played twice records one watch',
    steps: [
      { at: '0:00', kind: 'watched', item: MATRIX, source, player: 'marked-played' },
      { at: '0:30', kind: 'watched', item: MATRIX, source, player: 'marked-played' },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', watched: true },
    ],
  },
  {
    name: 'Two people in one Jellyfin session each get their own playback',
    links: [
      { punchplayUser: 'casey', identities: [{ source, user: 'casey' }] },
      { punchplayUser: 'robin', identities: [{ source, user: 'robin' }] },
    ],
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, source, user: 'casey', position: 0 },
      { at: '0:00', kind: 'play', item: MATRIX, source, user: 'robin', position: 0 },
      { at: '30:00', kind: 'stop', item: MATRIX, source, user: 'casey', position: 1800 },
      { at: '30:00', kind: 'stop', item: MATRIX, source, user: 'robin', position: 1800 },
    ],
    calls: [
      { action: 'start', session: 'A', to: 'casey' },
      { action: 'start', session: 'B', to: 'robin' },
      { action: 'stop', session: 'A', to: 'casey' },
      { action: 'stop', session: 'B', to: 'robin' },
    ],
  },
  {
    name: 'Autoplay: the next episode reports progress before the last one stops',
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), source, position: 2700 },
      ...ticks(breakingBad(14), 5, 115, { startPosition: 2705 }),
      { at: '2:00', kind: 'progress', item: breakingBad(15), source, position: 0, paused: false },
      { at: '2:01', kind: 'stop', item: breakingBad(14), source, position: 2818, completed: true },
    ],
    calls: [
      { action: 'start', session: 'A', fields: { episode: 14 } },
      { action: 'start', session: 'B', fields: { episode: 15 } },
      // The estimate at the switch already reached the end; the late stop adds completion.
      { action: 'stop', session: 'A', position: 2820, watched: true, fields: { episode: 14 } },
    ],
    until: '2:30',
  },
  {
    name: 'The bridge was down when the episode started; the first thing it sees is a stop',
    steps: [{ at: '0:00', kind: 'stop', item: breakingBad(15), source, position: 2800, completed: true }],
    calls: [
      { action: 'start', session: 'A', position: 2800 },
      { action: 'stop', session: 'A', position: 2800, watched: true },
    ],
  },
  {
    name: 'The first event the bridge sees is a paused progress tick',
    steps: [
      { at: '0:00', kind: 'progress', item: MATRIX, source, position: 300, paused: true },
      { at: '5:00', kind: 'progress', item: MATRIX, source, position: 300, paused: false },
      { at: '10:00', kind: 'stop', item: MATRIX, source, position: 600 },
    ],
    calls: [
      { action: 'start', session: 'A', position: 300 },
      { action: 'pause', session: 'A', position: 300 },
      { action: 'resume', session: 'A', position: 300 },
      { action: 'stop', session: 'A', position: 600 },
    ],
  },
  {
    name: 'The Jellyfin client crashes: the progress stops and the playback is closed',
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, source, position: 0 },
      ...ticks(MATRIX, 5, 1200),
    ],
    until: '51:00',
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 1200, watched: false, createdAt: '20:00' },
    ],
  },
  {
    name: 'A double episode file from Jellyfin keeps its range',
    steps: [
      { at: '0:00', kind: 'play', item: PILOT_DOUBLE, source, position: 0 },
      ...ticks(PILOT_DOUBLE, 5, 5995),
      { at: '1:40:00', kind: 'stop', item: PILOT_DOUBLE, source, position: 6000, completed: true },
    ],
    calls: [
      { action: 'start', session: 'A', fields: { episode: 1, episode_end: 2, multi_episode: true } },
      { action: 'stop', session: 'A', watched: true },
    ],
  },
  {
    name: 'Jellyfin only tracks items of 20 minutes or more on this bridge',
    config: 'jellyfin:\n  min_duration_minutes: 50\n',
    steps: [
      { at: '0:00', kind: 'play', item: breakingBad(14), source, position: 0 },
      { at: '47:00', kind: 'stop', item: breakingBad(14), source, position: 2820 },
      { at: '48:00', kind: 'play', item: BEAVERS, source, position: 0 },
      { at: '50:00', kind: 'stop', item: BEAVERS, source, position: 120 },
    ],
    calls: [
      { action: 'start', session: 'A', fields: { title: 'Hundreds of Beavers' } },
      { action: 'stop', session: 'A' },
    ],
  },
  {
    name: 'A slower progress interval sends fewer progress calls',
    env: { BRIDGE_PROGRESS_INTERVAL_SECONDS: '60' },
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, source, position: 0 },
      ...ticks(MATRIX, 5, 600),
      { at: '10:05', kind: 'stop', item: MATRIX, source, position: 605 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 605 },
    ],
    progress: { count: 10 },
  },
  {
    name: 'Casey skips back a little: the position sent never goes backwards',
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, source, position: 0 },
      ...ticks(MATRIX, 5, 300),
      ...ticks(MATRIX, 305, 400, { startPosition: 200 }),
      { at: '6:45', kind: 'stop', item: MATRIX, source, position: 300 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'stop', session: 'A', position: 300 },
    ],
    progress: { positionsNeverDecrease: true },
  },
  {
    name: 'A pause of two hours in Jellyfin continues the same playback',
    steps: [
      { at: '0:00', kind: 'play', item: MATRIX, source, position: 0 },
      { at: '10:00', kind: 'progress', item: MATRIX, source, position: 600, paused: true },
      { at: '2:10:00', kind: 'progress', item: MATRIX, source, position: 600, paused: false },
      { at: '2:20:00', kind: 'stop', item: MATRIX, source, position: 1200 },
    ],
    calls: [
      { action: 'start', session: 'A' },
      { action: 'pause', session: 'A', position: 600 },
      { action: 'resume', session: 'A', position: 600 },
      { action: 'stop', session: 'A', position: 1200 },
    ],
  },
]

describe('Jellyfin scenarios', () => {
  for (const scenario of scenarios) {
    it(scenario.name, () => runScenario(scenario))
  }
})
