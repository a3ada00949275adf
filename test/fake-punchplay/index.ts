/**
 * A fake of the PunchPlay Platform API for tests and the demo. It serves the device-code
 * flow, refresh, `/me` and the playback endpoints on 127.0.0.1, and lets tests steer
 * approval, token expiry, failures and hangs, and read back what clients sent.
 */
import { createServer } from 'node:http'

import { getRequestListener } from '@hono/node-server'

import { createFakeApp } from './app.js'
import { createControls } from './controls.js'
import type { FakeControls } from './controls.js'
import { resolveOptions } from './options.js'
import type { FakePunchPlayOptions, FakeRoute } from './options.js'
import type { PlaybackCall, PlaybackSessionState } from './playback-store.js'
import { createFakeState } from './state.js'
import type { RecordedRequest } from './state.js'

export { FakeControlError } from './control-error.js'
export type { FailureOptions } from './faults.js'
export type { FakeControls } from './controls.js'
export type { FakePunchPlayOptions, FakeRoute, RateLimit } from './options.js'
export type {
  CompletionDecision,
  IgnoredReason,
  PlaybackCall,
  PlaybackSessionState,
  SessionState,
} from './playback-store.js'
export type { PlaybackItemView } from './playback-views.js'
export type { PlaybackAction, PlaybackEventBody } from './schemas.js'
export type { RecordedRequest } from './state.js'

export interface FakePunchPlay extends FakeControls {
  /** Base URL such as `http://127.0.0.1:40123`. Clients append `/api/platform/v1/...`. */
  readonly url: string
  readonly clientId: string
  /** Authenticated, valid playback requests in arrival order, deduped and ignored ones included. */
  readonly playbackCalls: readonly PlaybackCall[]
  /** Every request received, admin and link-page requests included. */
  readonly requests: readonly RecordedRequest[]
  /** Refresh requests that returned new tokens. */
  readonly refreshCount: number
  /** Requests received on the route, whatever their outcome, including injected failures. */
  requestCount(route: FakeRoute): number
  /** Copies of the user's playback sessions, oldest first. */
  sessions(username: string): PlaybackSessionState[]
  /** Stops the server and drops open connections, hung requests included. Safe to call twice. */
  close(): Promise<void>
}

/** Starts a fake PunchPlay server on 127.0.0.1 on a free port. */
export async function startFakePunchPlay(options?: FakePunchPlayOptions): Promise<FakePunchPlay> {
  const state = createFakeState(resolveOptions(options))
  const controls = createControls(state)
  const app = createFakeApp(state, controls)
  // overrideGlobalObjects is off so the fake does not swap the process-wide Request and
  // Response classes under the code it tests.
  const handleRequest = getRequestListener(app.fetch, { overrideGlobalObjects: false })
  const server = createServer((incoming, outgoing) => {
    handleRequest(incoming, outgoing).catch((error: unknown) => {
      console.error(`fake PunchPlay: ${incoming.method} ${incoming.url} failed outside the app`, error)
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address()
  if (address === null || typeof address === 'string') {
    throw new Error(`Fake PunchPlay server has no TCP address: ${String(address)}`)
  }
  state.baseUrl = `http://127.0.0.1:${address.port}`

  let closing: Promise<void> | undefined
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error === undefined ? resolve() : reject(error)))
      // Drop the connections before releasing hung requests, so their late responses go to closed sockets.
      server.closeAllConnections()
      state.faults.releaseAll()
    })
    return closing
  }

  return {
    ...controls,
    url: state.baseUrl,
    clientId: state.options.clientId,
    get playbackCalls() {
      return state.playback.calls
    },
    get requests() {
      return state.requests
    },
    get refreshCount() {
      return state.auth.refreshCount
    },
    requestCount: (route) => state.routeCounts.get(route) ?? 0,
    sessions: (username) => state.playback.sessions(username),
    close,
  }
}
