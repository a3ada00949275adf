import type { FailureOptions } from './faults.js'
import type { FakeRoute } from './options.js'
import { resetFakeState } from './state.js'
import type { FakeState } from './state.js'

/** The test controls, offered both as methods and as `/__fake/` admin endpoints. */
export interface FakeControls {
  /** Approves a pending device code as the user. The device gets tokens on its next poll. */
  approve(userCode: string, username: string): void
  /** Denies a pending device code. Polls then get `access_denied`. */
  deny(userCode: string): void
  /** Ends a device code now. Polls then get `expired`. */
  expire(userCode: string): void
  /** The user code of the newest device code, or undefined before the first one. */
  latestUserCode(): string | undefined
  /** Ends every access token issued so far, so they get 401 `invalid_token`. */
  expireAccessTokens(): void
  /** Revokes all of a user's grants: their access tokens get 401 and refresh tokens 400 `invalid_grant`. */
  revoke(username: string): void
  /** Fails the route's next requests with the status and a Platform API error body. */
  failNext(route: FakeRoute, options: FailureOptions): void
  /** Fails every playback write and read with the status until called with null. */
  setPlaybackDown(status: number | null): void
  /** Holds the route's next requests open without a response until `close()` drops their connections. */
  hangNext(route: FakeRoute, count?: number): void
  /** Forgets tokens, sessions, logs, counters and scheduled faults. */
  reset(): void
}

export function createControls(state: FakeState): FakeControls {
  return {
    approve: (userCode, username) => state.auth.approve(userCode, username),
    deny: (userCode) => state.auth.deny(userCode),
    expire: (userCode) => state.auth.expire(userCode),
    latestUserCode: () => state.auth.latestUserCode(),
    expireAccessTokens: () => state.auth.expireAccessTokens(),
    revoke: (username) => state.auth.revoke(username),
    failNext: (route, options) => state.faults.failNext(route, options),
    setPlaybackDown: (status) => state.faults.setPlaybackDown(status),
    hangNext: (route, count) => state.faults.hangNext(route, count),
    reset: () => resetFakeState(state),
  }
}
