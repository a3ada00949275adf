import { AuthStore } from './auth-store.js'
import { FaultInjector } from './faults.js'
import type { FakeRoute, ResolvedOptions } from './options.js'
import { PlaybackStore } from './playback-store.js'
import { RateLimiter } from './rate-limiter.js'

/** One request the fake received. Authorization header values are never stored. */
export interface RecordedRequest {
  method: string
  /** Path without the query string. */
  path: string
  /** Null while the request is unanswered, which for a hung request is until close. */
  status: number | null
  userAgent: string | undefined
  requestId: string
  /** Arrival time in epoch milliseconds on the fake's clock. */
  at: number
}

/** Everything the fake remembers, shared by the routes and the test controls. */
export interface FakeState {
  options: ResolvedOptions
  auth: AuthStore
  playback: PlaybackStore
  faults: FaultInjector
  rateLimiter: RateLimiter
  requests: RecordedRequest[]
  /** Requests received per route, whatever their outcome. */
  routeCounts: Map<FakeRoute, number>
  /** The URL clients use, known once the server listens. */
  baseUrl: string
}

export function createFakeState(options: ResolvedOptions): FakeState {
  return {
    options,
    auth: new AuthStore(options),
    playback: new PlaybackStore(options),
    faults: new FaultInjector(),
    rateLimiter: new RateLimiter(options),
    requests: [],
    routeCounts: new Map(),
    baseUrl: '',
  }
}

/** Forgets all tokens, sessions, logs, counters and scheduled faults. Options and the URL stay. */
export function resetFakeState(state: FakeState): void {
  state.auth.reset()
  state.playback.reset()
  state.faults.reset()
  state.rateLimiter.reset()
  state.requests.length = 0
  state.routeCounts.clear()
}
