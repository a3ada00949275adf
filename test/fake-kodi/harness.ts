/**
 * A Kodi connection wired to a fake Kodi for tests: it records the emitted events and every
 * log line, and uses short intervals (poll 50 ms, reconnect 20 to 200 ms).
 */

import { Writable } from 'node:stream'

import { pino } from 'pino'

import type { AdapterRejection, PlaybackEvent } from '../../src/core/events.js'
import { createKodiConnection } from '../../src/core/kodi/index.js'
import type { KodiConnection, KodiConnectionOptions } from '../../src/core/kodi/index.js'
import { startFakeKodi } from './index.js'
import type { FakeKodi } from './index.js'
import { waitUntil } from './wait.js'

/** One pino log line. Levels: 20 debug, 30 info, 40 warn, 50 error. */
export interface LogLine {
  level: number
  msg: string
  [key: string]: unknown
}

export const LOG_LEVELS = { debug: 20, info: 30, warn: 40, error: 50 } as const

export type KodiOutput = PlaybackEvent | AdapterRejection

export interface KodiHarness {
  fake: FakeKodi
  connection: KodiConnection
  /** Everything the connection emitted, in order. */
  outputs: KodiOutput[]
  logs: LogLine[]
  /** Playback events emitted from `from` on. */
  events(from?: number): PlaybackEvent[]
  /** Kinds of the playback events from `from` on, without the polled progress events. */
  kinds(from?: number): string[]
  rejections(): AdapterRejection[]
  /** Resolves with the first playback event from `from` on that matches. */
  waitForEvent(description: string, match: (event: PlaybackEvent) => boolean, from?: number): Promise<PlaybackEvent>
  /** Log lines at `level` whose message contains `text`. */
  logsAt(level: number, text?: string): LogLine[]
  stop(): Promise<void>
}

export interface KodiHarnessOptions {
  /** Runs before the connection starts, to set the fake's state. */
  prepare?: (fake: FakeKodi) => void
  connection?: Partial<KodiConnectionOptions>
}

function isPlaybackEvent(output: KodiOutput): output is PlaybackEvent {
  return 'kind' in output
}

/** Starts a fake Kodi and a connection to it. `waitForConnected` waits until the connection is ready. */
export async function startKodiHarness(options: KodiHarnessOptions = {}): Promise<KodiHarness> {
  const fake = await startFakeKodi()
  options.prepare?.(fake)

  const outputs: KodiOutput[] = []
  const logs: LogLine[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line !== '') {
          logs.push(JSON.parse(line) as LogLine)
        }
      }

      callback()
    },
  })

  const connection = createKodiConnection({
    name: 'living-room',
    url: fake.url,
    logger: pino({ level: 'trace' }, sink),
    onEvent: (output) => outputs.push(output),
    pollIntervalMs: 50,
    reconnect: { initialMs: 20, maxMs: 200 },
    requestTimeoutMs: 1_000,
    keepaliveIntervalMs: 1_000,
    avStartWaitMs: 100,
    completionWaitMs: 100,
    ...options.connection,
  })

  const events = (from = 0): PlaybackEvent[] => outputs.slice(from).filter(isPlaybackEvent)

  const harness: KodiHarness = {
    fake,
    connection,
    outputs,
    logs,
    events,
    kinds: (from = 0) =>
      events(from)
        .map((event) => event.kind)
        .filter((kind) => kind !== 'progress'),
    rejections: () => outputs.filter((output): output is AdapterRejection => !isPlaybackEvent(output)),
    async waitForEvent(description, match, from = 0) {
      await waitUntil(description, () => events(from).some(match))

      return events(from).find(match) as PlaybackEvent
    },
    logsAt: (level, text = '') => logs.filter((line) => line.level === level && line.msg.includes(text)),
    async stop() {
      await connection.stop()
      await fake.close()
    },
  }

  connection.start()

  return harness
}

/** Waits until the connection is connected and its first look at Kodi's players is done. */
export async function waitForConnected(harness: KodiHarness): Promise<void> {
  await waitUntil('the connection is connected', () => harness.connection.state().status === 'connected')
  await harness.connection.whenIdle()
}
