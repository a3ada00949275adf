import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Writable } from 'node:stream'

import { createBridge, type Bridge } from '../../src/bridge.js'
import { loadConfig } from '../../src/core/config.js'
import { createLink, type Identity } from '../../src/core/links.js'
import { createLogger } from '../../src/core/logger.js'
import { runDeviceFlow } from '../../src/core/punchplay/device-flow.js'
import type { FakePunchPlay } from '../fake-punchplay/index.js'
import { makeDataDir } from './database.js'

export const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures')

export function readFixture(relative: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, relative), 'utf8')) as Record<string, unknown>
}

/** Smallest JPEG header, standing in for the poster Plex attaches to media.play. */
export const THUMB_JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex')

export interface TestBridge {
  bridge: Bridge
  baseUrl: string
  dataDir: string
  /** Every line the bridge logged, as written (JSON). */
  logs: string[]
  plexUrl(token?: string): string
  /** POST a Plex payload the way Plex does: multipart with a `payload` part and, optionally, a JPEG `thumb`. */
  postPlex(payload: unknown, options?: { thumb?: boolean }): Promise<Response>
  stop(): Promise<void>
}

export interface TestBridgeOptions {
  fake: FakePunchPlay
  dataDir?: string
  env?: Record<string, string>
  retryDelayMs?: number
}

export async function startTestBridge(options: TestBridgeOptions): Promise<TestBridge> {
  const dataDir = options.dataDir ?? makeDataDir()
  const logs: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''))
      callback()
    },
  })

  const loaded = loadConfig({
    cwd: dataDir,
    env: {
      BRIDGE_HOST: '127.0.0.1',
      BRIDGE_PORT: '0',
      BRIDGE_DATA_DIR: dataDir,
      PUNCHPLAY_API_URL: options.fake.url,
      PUNCHPLAY_CLIENT_ID: options.fake.clientId,
      PUNCHPLAY_TIMEOUT_SECONDS: '2',
      ...options.env,
    },
  })
  const logger = createLogger({ level: 'trace', format: 'json' }, sink)
  const retryDelay = options.retryDelayMs ?? 50
  // Retries come after milliseconds instead of seconds, but a Retry-After is still obeyed.
  const bridge = createBridge(loaded, {
    logger,
    retryDelayMs: (_attempt, retryAfterSeconds) => (retryAfterSeconds === undefined ? retryDelay : retryAfterSeconds * 1000),
  })
  const port = await bridge.start()
  const baseUrl = `http://127.0.0.1:${port}`

  const plexUrl = (token = bridge.webhookToken) => `${baseUrl}/webhooks/plex/${token}`
  return {
    bridge,
    baseUrl,
    dataDir,
    logs,
    plexUrl,
    postPlex(payload, postOptions = {}) {
      const form = new FormData()
      form.set('payload', new Blob([JSON.stringify(payload)], { type: 'application/json' }))
      if (postOptions.thumb === true) form.set('thumb', new Blob([THUMB_JPEG], { type: 'image/jpeg' }), 'thumb.jpg')
      return fetch(plexUrl(), { method: 'POST', body: form, headers: { 'user-agent': 'PlexMediaServer/1.41.3.9314-a0bfb8370' } })
    },
    stop: () => bridge.stop(),
  }
}

/**
 * Link a PunchPlay account through the fake's real device flow, approving it as `username`,
 * and map the given media-server users to it. Returns the link id.
 */
export async function linkThroughDeviceFlow(bridge: Bridge, fake: FakePunchPlay, username: string, identities: Identity[]): Promise<number> {
  const tokens = await runDeviceFlow({
    client: bridge.client,
    pollIntervalMs: 20,
    onCode: (code) => fake.approve(code.user_code, username),
  })
  return createLink(bridge.db, tokens, identities, Date.now())
}

/** Wait until `check` passes, polling every 20 ms, or fail after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
