/**
 * How long to wait before reconnecting to a Kodi host. Pure, so the rule is tested directly.
 */

export interface ReconnectTiming {
  /** Wait after the first failure, in milliseconds. */
  initialMs: number
  /** Maximum wait, in milliseconds. */
  maxMs: number
}

/**
 * Milliseconds to wait after `failures` failed attempts in a row (1-based): doubling from
 * `initialMs` up to `maxMs`, then a random point between half and all of that step, so that
 * several bridges or hosts do not retry in step.
 *
 * @example
 * computeReconnectDelayMs(3, { initialMs: 1000, maxMs: 60_000 }, () => 1) // 4000
 */
export function computeReconnectDelayMs(failures: number, timing: ReconnectTiming, random: () => number = Math.random): number {
  const doublings = Math.max(0, failures - 1)
  // 2 ** 31 already passes any sensible cap, and the limit keeps the product finite.
  const step = Math.min(timing.initialMs * 2 ** Math.min(doublings, 31), timing.maxMs)

  return Math.round(step / 2 + (random() * step) / 2)
}

/** Throws a TypeError naming the option when a reconnect timing is not usable. */
export function validateReconnectTiming(timing: ReconnectTiming): void {
  if (!Number.isFinite(timing.initialMs) || timing.initialMs <= 0) {
    throw new TypeError(`reconnect.initialMs must be a positive number of milliseconds, received ${timing.initialMs}`)
  }

  if (!Number.isFinite(timing.maxMs) || timing.maxMs < timing.initialMs) {
    throw new TypeError(
      `reconnect.maxMs must be a number of milliseconds at least reconnect.initialMs (${timing.initialMs}), received ${timing.maxMs}`,
    )
  }
}
