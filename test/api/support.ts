/**
 * A bridge for the setup API tests, and a client that keeps the session cookie and CSRF token
 * the way a script would.
 */
import { Writable } from 'node:stream'

import { createBridge, type Bridge, type BridgeOptions } from '../../src/bridge.js'
import { loadConfig } from '../../src/core/config.js'
import { createLogger } from '../../src/core/logger.js'
import type { FakePunchPlay } from '../fake-punchplay/index.js'
import { makeDataDir } from '../support/database.js'

export const ADMIN_PASSWORD = 'correct horse battery'

export interface ApiBridge {
  bridge: Bridge
  dataDir: string
  logs: string[]
  /** Base URL of the listening bridge, for webhooks. */
  baseUrl: string
  stop(): Promise<void>
}

export interface ApiBridgeOptions {
  fake?: FakePunchPlay
  dataDir?: string
  /** Environment for loadConfig; PUNCHPLAY_CLIENT_ID is set from the fake unless `withClientId` is false. */
  env?: Record<string, string>
  withClientId?: boolean
  configPath?: string
  bridgeOptions?: BridgeOptions
}

export async function startApiBridge(options: ApiBridgeOptions = {}): Promise<ApiBridge> {
  const dataDir = options.dataDir ?? makeDataDir()
  const logs: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''))
      callback()
    },
  })
  const env: Record<string, string> = {
    BRIDGE_HOST: '127.0.0.1',
    BRIDGE_PORT: '0',
    BRIDGE_DATA_DIR: dataDir,
    PUNCHPLAY_TIMEOUT_SECONDS: '2',
    ...(options.fake === undefined ? {} : { PUNCHPLAY_API_URL: options.fake.url }),
    ...(options.fake !== undefined && options.withClientId !== false ? { PUNCHPLAY_CLIENT_ID: options.fake.clientId } : {}),
    ...options.env,
  }
  const loaded = loadConfig({ cwd: dataDir, env, ...(options.configPath === undefined ? {} : { configPath: options.configPath }) })
  const bridge = createBridge(loaded, {
    logger: createLogger({ level: 'trace', format: 'json' }, sink),
    retryDelayMs: (_attempt, retryAfterSeconds) => (retryAfterSeconds === undefined ? 50 : retryAfterSeconds * 1000),
    devicePollIntervalMs: 20,
    ...options.bridgeOptions,
  })
  const port = await bridge.start()
  return { bridge, dataDir, logs, baseUrl: `http://127.0.0.1:${port}`, stop: () => bridge.stop() }
}

export interface CallOptions {
  body?: unknown
  headers?: Record<string, string>
  /** Leave out the CSRF header, to test that it is required. */
  withoutCsrf?: boolean
}

/** Calls `app.request()` like a script: JSON bodies, the session cookie, the CSRF header. */
export class ApiClient {
  cookie: string | undefined
  csrfToken: string | undefined
  readonly bridge: Bridge

  constructor(bridge: Bridge) {
    this.bridge = bridge
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers }
    if (this.cookie !== undefined) headers['cookie'] = this.cookie
    if (this.csrfToken !== undefined && options.withoutCsrf !== true) headers['x-csrf-token'] = this.csrfToken
    if (options.body !== undefined) headers['content-type'] ??= 'application/json'

    let body: string | null = null
    if (typeof options.body === 'string') body = options.body
    else if (options.body !== undefined) body = JSON.stringify(options.body)
    const response = await this.bridge.app.request(path, { method, headers, body })
    const setCookie = response.headers.get('set-cookie')
    if (setCookie !== null) {
      const [pair] = setCookie.split(';')
      this.cookie = pair?.endsWith('=') === true ? undefined : pair
    }
    return response
  }

  async json<T = Record<string, unknown>>(method: string, path: string, options: CallOptions = {}): Promise<{ status: number; body: T }> {
    const response = await this.call(method, path, options)
    const text = await response.text()
    return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as T }
  }

  /** Set the first password (or log in, when one is set) and keep the session. */
  async logIn(password = ADMIN_PASSWORD): Promise<void> {
    const status = await this.json<{ passwordSet: boolean }>('GET', '/api/session')
    const path = status.body.passwordSet ? '/api/session' : '/api/admin/password'
    const result = await this.json<{ csrfToken: string }>('POST', path, { body: { password } })
    if (result.status >= 300) throw new Error(`login failed with HTTP ${result.status}: ${JSON.stringify(result.body)}`)
    this.csrfToken = result.body.csrfToken
  }
}

/** Post a Plex webhook as Plex does: multipart with a `payload` part. */
export function postPlex(api: ApiBridge, payload: unknown): Promise<Response> {
  const form = new FormData()
  form.set('payload', new Blob([JSON.stringify(payload)], { type: 'application/json' }))
  return fetch(`${api.baseUrl}/webhooks/plex/${api.bridge.webhookToken}`, { method: 'POST', body: form })
}

/** Wait until the async `check` returns true, polling every 20 ms, or fail after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
