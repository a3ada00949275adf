/**
 * Runs a scenario: a timeline of normalized playback events, fed through the real ingest,
 * tracker and outbox of a bridge (on a real SQLite file) to the fake PunchPlay, with a clock
 * the scenario controls. Between events the clock moves in 5-second ticks, and each tick runs
 * the stale sweep and the heartbeat as the running bridge does.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'
import { expect } from 'vitest'

import { createBridge, type Bridge } from '../../src/bridge.js'
import { loadConfig } from '../../src/core/config.js'
import type { MediaItem, PlaybackEvent, PlaybackEventKind, SourceKind } from '../../src/core/events.js'
import type { Identity } from '../../src/core/links.js'
import { createLink } from '../../src/core/links.js'
import { createLogger } from '../../src/core/logger.js'
import { runDeviceFlow } from '../../src/core/punchplay/device-flow.js'
import { startFakePunchPlay, type FakePunchPlay } from '../fake-punchplay/index.js'
import { makeDataDir } from '../support/database.js'

/** Scenarios start on a summer evening in UTC; times in steps are offsets from here. */
export const SCENARIO_START = Date.parse('2026-06-01T19:00:00.000Z')
const TICK_MS = 5_000

export interface EventStep {
  /** Offset from the start: `'m:ss'` or `'h:mm:ss'`. */
  at: string
  kind: PlaybackEventKind
  item: MediaItem
  source?: SourceKind
  user?: string
  player?: string
  /** Position in seconds, as the source reported it. */
  position?: number
  paused?: boolean
  seeked?: boolean
  completed?: boolean
}

export type ControlStep =
  | { at: string; punchplay: 'down' | 'up' }
  | { at: string; restart: true }
  /** Let time pass with nothing happening (the sweep and heartbeat still run). */
  | { at: string; wait: true }

export type Step = EventStep | ControlStep

export interface ExpectedCall {
  action: 'start' | 'pause' | 'resume' | 'progress' | 'stop'
  /** Label of the playback: calls with the same label must share one `playback_session_id`. */
  session: string
  /** The PunchPlay user (as approved in the fake) who must receive the call. */
  to?: string
  position?: number
  watched?: boolean
  /** Any other body fields that matter for this call. */
  fields?: Record<string, unknown>
  /** `event_created_at` as an offset like `at`. */
  createdAt?: string
}

export interface Scenario {
  /** The story, as the user would tell it. */
  name: string
  /** Defaults to the source of the events; links map `<source>:<user>` to these PunchPlay users. */
  links?: Array<{ punchplayUser: string; identities: Identity[] }>
  env?: Record<string, string>
  /** config.yaml content, for settings that have no environment variable (library lists). */
  config?: string
  steps: Step[]
  /** Every call except `progress`, in order. */
  calls: ExpectedCall[]
  /** Checks on the `progress` calls, which are many and timing-bound. */
  progress?: { count?: number; min?: number; max?: number; positionsNeverDecrease?: boolean; noneAfterStop?: boolean }
  /** Offset after which the run ends, to let sweeps happen; defaults to the last step + 1 minute. */
  until?: string
}

export function offset(text: string): number {
  const parts = text.split(':').map(Number)
  if (parts.some((part) => !Number.isFinite(part)) || parts.length < 2 || parts.length > 3) throw new Error(`bad offset ${text}`)
  const [h, m, s] = parts.length === 3 ? parts : [0, ...parts]
  return ((h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0)) * 1000
}

interface RunContext {
  fake: FakePunchPlay
  dataDir: string
  clock: number
  logs: string[]
  env: Record<string, string>
}

interface Run extends RunContext {
  bridge: Bridge
}

function openBridge(run: RunContext): Bridge {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      run.logs.push(chunk.toString('utf8'))
      callback()
    },
  })
  const loaded = loadConfig({
    cwd: run.dataDir,
    env: {
      BRIDGE_DATA_DIR: run.dataDir,
      PUNCHPLAY_API_URL: run.fake.url,
      PUNCHPLAY_CLIENT_ID: run.fake.clientId,
      PUNCHPLAY_TIMEOUT_SECONDS: '2',
      ...run.env,
    },
  })
  const bridge = createBridge(loaded, {
    logger: createLogger({ level: 'debug', format: 'json' }, sink),
    now: () => run.clock,
    retryDelayMs: () => 30_000,
    callsPerSecond: 10_000,
  })
  bridge.outbox.start()
  return bridge
}

function toEvent(step: EventStep, at: number): PlaybackEvent {
  const source = step.source ?? 'plex'
  const event: PlaybackEvent = {
    kind: step.kind,
    source,
    serverId: `${source}-server-1`,
    user: { name: step.user ?? 'sam' },
    player: { id: step.player ?? 'living-room-tv' },
    item: step.item,
    occurredAt: at,
  }
  if (step.position !== undefined) event.positionSeconds = step.position
  if (step.paused !== undefined) event.paused = step.paused
  if (step.seeked !== undefined) event.seeked = step.seeked
  if (step.completed !== undefined) event.completed = step.completed
  return event
}

async function settle(run: Run): Promise<void> {
  run.bridge.outbox.notify()
  await run.bridge.outbox.whenIdle()
}

async function advanceTo(run: Run, target: number): Promise<void> {
  while (run.clock + TICK_MS <= target) {
    run.clock += TICK_MS
    const changed = run.bridge.tracker.sweepStale() + run.bridge.tracker.heartbeat()
    if (changed > 0 || hasDueRows(run)) await settle(run)
  }
  run.clock = Math.max(run.clock, target)
}

function hasDueRows(run: Run): boolean {
  const row = run.bridge.db.$client.prepare("SELECT 1 FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? LIMIT 1").get(run.clock)
  return row !== undefined
}

/** Run the scenario and assert the calls PunchPlay received. */
export async function runScenario(scenario: Scenario): Promise<void> {
  const firstSource = scenario.steps.find((step): step is EventStep => 'kind' in step)?.source ?? 'plex'
  const links = scenario.links ?? [{ punchplayUser: 'sam', identities: [{ source: firstSource, user: 'sam' }] }]
  const fake = await startFakePunchPlay({ rateLimits: { refresh: null, 'device/code': null, 'device/token': null } })
  const context: RunContext = { fake, dataDir: makeDataDir(), clock: SCENARIO_START, logs: [], env: scenario.env ?? {} }
  if (scenario.config !== undefined) writeFileSync(path.join(context.dataDir, 'config.yaml'), scenario.config)
  // The bridge's clock reads `clock` from this same object, which the run moves forward.
  const run: Run = Object.assign(context, { bridge: openBridge(context) })

  try {
    for (const link of links) {
      const tokens = await runDeviceFlow({ client: run.bridge.client, pollIntervalMs: 5, onCode: (code) => fake.approve(code.user_code, link.punchplayUser) })
      createLink(run.bridge.db, tokens, link.identities, run.clock)
    }

    let last = SCENARIO_START
    for (const step of scenario.steps) {
      const at = SCENARIO_START + offset(step.at)
      if (at < last) throw new Error(`steps of "${scenario.name}" are not in time order at ${step.at}`)
      last = at
      await advanceTo(run, at)

      if ('kind' in step) {
        run.bridge.ingest(step.source ?? 'plex', { ok: true, event: toEvent(step, at) }, at)
      } else if ('punchplay' in step) {
        fake.setPlaybackDown(step.punchplay === 'down' ? 503 : null)
      } else if ('restart' in step) {
        await run.bridge.stop()
        run.bridge = openBridge(run)
      }
      await settle(run)
    }

    await advanceTo(run, scenario.until === undefined ? last + 60_000 : SCENARIO_START + offset(scenario.until))
    await settle(run)
    assertCalls(run, scenario)
  } finally {
    await run.bridge.stop()
    await fake.close()
  }
}

function assertCalls(run: Run, scenario: Scenario): void {
  const applied = run.fake.playbackCalls.filter((call) => !call.deduped)
  const labels = new Map<string, string>()
  const expectedLabels = new Map<string, string>()

  const main = applied.filter((call) => call.action !== 'progress')
  const summary = main.map((call) => `${call.action}@${String(call.rawBody['position_seconds'])}`).join(', ')
  expect(main.map((call) => call.action), `calls received: ${summary}`).toEqual(scenario.calls.map((call) => call.action))

  scenario.calls.forEach((expected, index) => {
    const call = main[index]
    if (call === undefined) return
    const where = `call ${index + 1} (${expected.action})`
    const session = String(call.rawBody['playback_session_id'])

    // Labels and real session ids must pair up one to one.
    const known = expectedLabels.get(expected.session)
    if (known === undefined) {
      expect(labels.has(session), `${where}: session ${expected.session} reuses another playback's id`).toBe(false)
      expectedLabels.set(expected.session, session)
      labels.set(session, expected.session)
    } else {
      expect(session, `${where}: session ${expected.session}`).toBe(known)
    }

    if (expected.to !== undefined) expect(call.username, `${where}: recipient`).toBe(expected.to)
    if (expected.position !== undefined) expect(call.rawBody['position_seconds'], `${where}: position_seconds`).toBe(expected.position)
    if (expected.watched !== undefined) expect(call.rawBody['watched'], `${where}: watched`).toBe(expected.watched)
    if (expected.action === 'stop') expect(typeof call.rawBody['watched_threshold'], `${where}: watched_threshold`).toBe('number')
    if (expected.createdAt !== undefined) {
      expect(call.rawBody['event_created_at'], `${where}: event_created_at`).toBe(SCENARIO_START + offset(expected.createdAt))
    }
    for (const [field, value] of Object.entries(expected.fields ?? {})) {
      expect(call.rawBody[field], `${where}: ${field}`).toEqual(value)
    }
  })

  const progress = applied.filter((call) => call.action === 'progress')
  const rules = scenario.progress
  if (rules?.count !== undefined) expect(progress.length, 'progress calls').toBe(rules.count)
  if (rules?.min !== undefined) expect(progress.length, 'progress calls').toBeGreaterThanOrEqual(rules.min)
  if (rules?.max !== undefined) expect(progress.length, 'progress calls').toBeLessThanOrEqual(rules.max)

  // Rules that hold in every scenario: one start per playback, nothing after its stop, and
  // event times never older than the previous call of the same playback.
  const bySession = new Map<string, typeof applied>()
  for (const call of applied) {
    const session = String(call.rawBody['playback_session_id'])
    bySession.set(session, [...(bySession.get(session) ?? []), call])
  }
  for (const [session, calls] of bySession) {
    expect(calls.filter((call) => call.action === 'start'), `starts of ${session}`).toHaveLength(1)
    expect(calls[0]?.action, `first call of ${session}`).toBe('start')
    const stops = calls.filter((call) => call.action === 'stop')
    expect(stops.length, `stops of ${session}`).toBeLessThanOrEqual(1)
    if (stops.length === 1) expect(calls.at(-1)?.action, `last call of ${session}`).toBe('stop')
    expect(calls.filter((call) => call.ignored !== undefined), `calls PunchPlay ignored in ${session}`).toEqual([])
    if (rules?.positionsNeverDecrease === true) {
      const positions = calls.map((call) => Number(call.rawBody['position_seconds']))
      expect(positions, `positions of ${session}`).toEqual([...positions].sort((a, b) => a - b))
    }
  }
}
