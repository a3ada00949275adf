/**
 * When to try a failed PunchPlay call again. Pure functions, so the rules are tested directly.
 */
import {
  PunchPlayHttpError,
  PunchPlayNetworkError,
  PunchPlayResponseError,
  PunchPlayTimeoutError,
} from './errors.js'

export const BACKOFF_BASE_MS = 5_000
export const BACKOFF_CAP_MS = 15 * 60_000
/** A `Retry-After` longer than this is capped to it, so one response cannot stall delivery for days. */
export const RETRY_AFTER_CAP_MS = 60 * 60_000

export type FailureClass =
  /** Try again later: network errors, timeouts, 5xx, 429, 408. */
  | 'retry'
  /** The access token was rejected: refresh once, then try again. */
  | 'unauthorized'
  /** PunchPlay will never accept this request as it is: record it and move on. */
  | 'permanent'

export function classifyFailure(error: unknown): FailureClass {
  if (error instanceof PunchPlayNetworkError || error instanceof PunchPlayTimeoutError) return 'retry'
  // An unreadable 2xx body means the call most likely took effect. Retrying is safe because
  // PunchPlay dedupes on event_id, and dropping the call could lose a watch.
  if (error instanceof PunchPlayResponseError) return 'retry'
  if (error instanceof PunchPlayHttpError) {
    if (error.status === 401) return 'unauthorized'
    if (error.status === 408 || error.status === 429 || error.status >= 500) return 'retry'
    return 'permanent'
  }
  return 'retry'
}

/**
 * Parse a `Retry-After` header: integer seconds or an HTTP date. Returns seconds, or
 * undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined

  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)

  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, Math.ceil((date - nowMs) / 1000))
}

/**
 * Milliseconds to wait before attempt `attempt + 1`, after `attempt` failures (1-based).
 * A server's `Retry-After` wins; otherwise exponential backoff from 5 s, capped at 15 minutes,
 * with "full jitter" between half and all of the step so many queued events do not retry in step.
 */
export function computeRetryDelayMs(attempt: number, retryAfterSeconds: number | undefined, random: () => number = Math.random): number {
  if (retryAfterSeconds !== undefined) return Math.min(retryAfterSeconds * 1000, RETRY_AFTER_CAP_MS)

  const step = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1), BACKOFF_CAP_MS)
  return Math.round(step / 2 + (random() * step) / 2)
}
