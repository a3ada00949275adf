/** Routes whose requests can be failed, hung, counted or rate limited through the test controls. */
export const FAKE_ROUTES = [
  'device/code',
  'device/token',
  'refresh',
  'me',
  'playback',
  'playback-read',
] as const

/**
 * `playback` is the POST `playback/{action}` writes and `playback-read` is the GET
 * `playback/now-playing` and `playback/in-progress` reads.
 */
export type FakeRoute = (typeof FAKE_ROUTES)[number]

/** A sliding-window limit: at most `max` accepted requests in any `windowSeconds`. */
export interface RateLimit {
  max: number
  windowSeconds: number
}

export interface FakePunchPlayOptions {
  /** The one registered app's client id. */
  clientId?: string
  /** Unset makes the app a public client. When set, every auth request must send it as `client_secret`. */
  clientSecret?: string
  accessTokenTtlSeconds?: number
  refreshTokenTtlSeconds?: number
  /**
   * True: a refresh returns a new `refresh_token` and `refresh_expires_in`, and the presented
   * refresh token is used up. False: the response follows the reference schema (no
   * `refresh_token`) and the refresh token stays valid until it expires.
   */
  rotateRefreshTokens?: boolean
  deviceCodeTtlSeconds?: number
  /** Completion threshold (fraction 0..1) for stops that send neither `watched` nor `watched_threshold`. */
  defaultWatchedThreshold?: number
  /** The app's allowed scopes, space-delimited. Granted when a device-code request omits `scope`. */
  scopes?: string
  /** Clock in epoch milliseconds, for tests that move time forward. */
  now?: () => number
  /**
   * Per-route limits, replacing the defaults route by route. `null` turns a route's limit off.
   * The defaults are the documented ones (June 2026): device/code 10 per hour, device/token
   * 200 per 10 minutes, refresh 20 per hour. The other routes have no limit by default.
   */
  rateLimits?: Partial<Record<FakeRoute, RateLimit | null>>
}

export interface ResolvedOptions {
  clientId: string
  clientSecret: string | undefined
  accessTokenTtlSeconds: number
  refreshTokenTtlSeconds: number
  rotateRefreshTokens: boolean
  deviceCodeTtlSeconds: number
  defaultWatchedThreshold: number
  allowedScopes: readonly string[]
  now: () => number
  rateLimits: Partial<Record<FakeRoute, RateLimit>>
}

const SECONDS_PER_DAY = 24 * 60 * 60

const DEFAULT_RATE_LIMITS: Partial<Record<FakeRoute, RateLimit>> = {
  'device/code': { max: 10, windowSeconds: 60 * 60 },
  'device/token': { max: 200, windowSeconds: 10 * 60 },
  refresh: { max: 20, windowSeconds: 60 * 60 },
}

/** Fills in the defaults and rejects values that would make the fake behave nonsensically. */
export function resolveOptions(options: FakePunchPlayOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = {
    clientId: options.clientId ?? 'bridge-test-client',
    clientSecret: options.clientSecret,
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 60 * SECONDS_PER_DAY,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    deviceCodeTtlSeconds: options.deviceCodeTtlSeconds ?? 600,
    defaultWatchedThreshold: options.defaultWatchedThreshold ?? 0.8,
    allowedScopes: splitScopes(options.scopes ?? 'profile:read playback:read playback:write'),
    now: options.now ?? (() => Date.now()),
    rateLimits: resolveRateLimits(options.rateLimits ?? {}),
  }

  for (const name of ['accessTokenTtlSeconds', 'refreshTokenTtlSeconds', 'deviceCodeTtlSeconds'] as const) {
    if (!Number.isInteger(resolved[name]) || resolved[name] <= 0) {
      throw new RangeError(`${name} must be a positive integer, got ${resolved[name]}`)
    }
  }
  if (!(resolved.defaultWatchedThreshold >= 0 && resolved.defaultWatchedThreshold <= 1)) {
    throw new RangeError(
      `defaultWatchedThreshold must be a fraction from 0 to 1, got ${resolved.defaultWatchedThreshold}`,
    )
  }
  return resolved
}

/** Splits a space-delimited OAuth scope string, dropping empty parts. */
export function splitScopes(scope: string): string[] {
  return scope.split(' ').filter((part) => part !== '')
}

function resolveRateLimits(
  overrides: Partial<Record<FakeRoute, RateLimit | null>>,
): Partial<Record<FakeRoute, RateLimit>> {
  const limits: Partial<Record<FakeRoute, RateLimit>> = {}
  for (const route of FAKE_ROUTES) {
    const override = overrides[route]
    const limit = override === undefined ? DEFAULT_RATE_LIMITS[route] : override
    if (limit === null || limit === undefined) {
      continue
    }
    if (!Number.isInteger(limit.max) || limit.max <= 0 || !(limit.windowSeconds > 0)) {
      throw new RangeError(
        `rateLimits.${route} needs a positive integer max and a positive windowSeconds, got ${JSON.stringify(limit)}`,
      )
    }
    limits[route] = limit
  }
  return limits
}
