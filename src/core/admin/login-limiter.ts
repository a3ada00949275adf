/**
 * Limits failed logins, per client address and in total, so a password cannot be guessed at
 * speed. Only failures count; a correct password clears its client's failures. Kept in memory:
 * a restart forgets the counts, which a guesser cannot trigger from outside.
 */

export interface LoginLimits {
  /** Failures one client may make within `windowMs`. */
  perClient: number
  /** Failures all clients together may make within `windowMs`. */
  total: number
  windowMs: number
}

/** 5 failures per client and 50 in all per 15 minutes. */
export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perClient: 5, total: 50, windowMs: 15 * 60_000 }

export interface LoginLimiter {
  /** Seconds the client must wait before its next attempt, or 0 when it may try now. */
  retryAfterSeconds(client: string): number
  recordFailure(client: string): void
  recordSuccess(client: string): void
}

export function createLoginLimiter(limits: LoginLimits = DEFAULT_LOGIN_LIMITS, now: () => number = Date.now): LoginLimiter {
  if (!Number.isInteger(limits.perClient) || limits.perClient < 1) throw new TypeError(`perClient must be a whole number from 1, received ${limits.perClient}`)
  if (!Number.isInteger(limits.total) || limits.total < limits.perClient) {
    throw new TypeError(`total must be a whole number of at least perClient (${limits.perClient}), received ${limits.total}`)
  }
  if (!(limits.windowMs > 0)) throw new TypeError(`windowMs must be a positive number of milliseconds, received ${limits.windowMs}`)

  const failures = new Map<string, number[]>()
  let allFailures: number[] = []

  function recent(times: number[]): number[] {
    const since = now() - limits.windowMs
    return times.filter((at) => at > since)
  }

  /** Seconds until the oldest failure that keeps `times` at `max` leaves the window. */
  function waitFor(times: number[], max: number): number {
    if (times.length < max) return 0
    const oldest = times[times.length - max] ?? now()
    return Math.max(1, Math.ceil((oldest + limits.windowMs - now()) / 1000))
  }

  return {
    retryAfterSeconds(client) {
      const own = recent(failures.get(client) ?? [])
      allFailures = recent(allFailures)
      return Math.max(waitFor(own, limits.perClient), waitFor(allFailures, limits.total))
    },

    recordFailure(client) {
      const own = recent(failures.get(client) ?? [])
      own.push(now())
      failures.set(client, own)
      allFailures = recent(allFailures)
      allFailures.push(now())

      // Addresses that stopped trying are dropped, so the map cannot grow without bound.
      if (failures.size > 1000) {
        for (const [key, times] of failures) if (recent(times).length === 0) failures.delete(key)
      }
    },

    recordSuccess(client) {
      failures.delete(client)
    },
  }
}
