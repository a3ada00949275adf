import type { FakeRoute, ResolvedOptions } from './options.js'

export type RateLimitCheck = { ok: true } | { ok: false; retryAfterSeconds: number }

/**
 * Sliding-window request limits per route. The fake has one caller address in practice,
 * so the per-IP limits of the real service apply to the whole fake. Rejected requests do
 * not use up the budget, so a client that waits for `Retry-After` gets through.
 */
export class RateLimiter {
  private readonly options: ResolvedOptions
  private acceptedAt = new Map<FakeRoute, number[]>()

  constructor(options: ResolvedOptions) {
    this.options = options
  }

  check(route: FakeRoute): RateLimitCheck {
    const limit = this.options.rateLimits[route]
    if (limit === undefined) {
      return { ok: true }
    }

    const now = this.options.now()
    const windowMs = limit.windowSeconds * 1000
    const recent = (this.acceptedAt.get(route) ?? []).filter((at) => at > now - windowMs)
    this.acceptedAt.set(route, recent)

    const oldest = recent[0]
    if (recent.length >= limit.max && oldest !== undefined) {
      const retryAfterSeconds = Math.max(1, Math.ceil((oldest + windowMs - now) / 1000))
      return { ok: false, retryAfterSeconds }
    }
    recent.push(now)
    return { ok: true }
  }

  reset(): void {
    this.acceptedAt.clear()
  }
}
