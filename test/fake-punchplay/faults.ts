import type { FakeRoute } from './options.js'

export interface FailureOptions {
  /** HTTP status to respond with, 400 to 599. */
  status: number
  /** How many of the route's next requests fail. Defaults to 1. */
  count?: number
  /** Sent as `Retry-After` in integer seconds. A 429 always carries one, 1 second unless set. */
  retryAfterSeconds?: number
  /** The body's `error` code. Defaults to the usual code for the status, such as `server_error` for 5xx. */
  error?: string
}

export type Fault =
  | { kind: 'hang' }
  | { kind: 'fail'; status: number; error: string | undefined; retryAfterSeconds: number | undefined }

interface PendingFailure {
  status: number
  remaining: number
  error: string | undefined
  retryAfterSeconds: number | undefined
}

/** Failures and hangs that tests schedule for the next requests of a route. */
export class FaultInjector {
  private failures = new Map<FakeRoute, PendingFailure[]>()
  private hangs = new Map<FakeRoute, number>()
  private playbackDownStatus: number | null = null
  private releaseHungRequests: () => void = () => {}
  private released: Promise<void>
  private hungCount = 0

  constructor() {
    this.released = new Promise((resolve) => {
      this.releaseHungRequests = resolve
    })
  }

  failNext(route: FakeRoute, options: FailureOptions): void {
    const count = options.count ?? 1
    if (!Number.isInteger(options.status) || options.status < 400 || options.status > 599) {
      throw new RangeError(`failNext status must be an HTTP error status from 400 to 599, got ${options.status}`)
    }
    if (!Number.isInteger(count) || count <= 0) {
      throw new RangeError(`failNext count must be a positive integer, got ${count}`)
    }
    const queue = this.failures.get(route) ?? []
    queue.push({
      status: options.status,
      remaining: count,
      error: options.error,
      retryAfterSeconds: options.retryAfterSeconds,
    })
    this.failures.set(route, queue)
  }

  hangNext(route: FakeRoute, count = 1): void {
    if (!Number.isInteger(count) || count <= 0) {
      throw new RangeError(`hangNext count must be a positive integer, got ${count}`)
    }
    this.hangs.set(route, (this.hangs.get(route) ?? 0) + count)
  }

  setPlaybackDown(status: number | null): void {
    if (status !== null && (!Number.isInteger(status) || status < 400 || status > 599)) {
      throw new RangeError(`setPlaybackDown status must be an HTTP error status from 400 to 599 or null, got ${status}`)
    }
    this.playbackDownStatus = status
  }

  /**
   * Takes the fault scheduled for a request of the route, if any. Hangs come first, then
   * failNext failures in the order they were scheduled, then a playback outage, which covers
   * both playback writes and reads.
   */
  takeFault(route: FakeRoute): Fault | undefined {
    const hangs = this.hangs.get(route) ?? 0
    if (hangs > 0) {
      this.hangs.set(route, hangs - 1)
      return { kind: 'hang' }
    }

    const queue = this.failures.get(route) ?? []
    const failure = queue[0]
    if (failure !== undefined) {
      failure.remaining--
      if (failure.remaining === 0) {
        queue.shift()
      }
      return {
        kind: 'fail',
        status: failure.status,
        error: failure.error,
        retryAfterSeconds: failure.retryAfterSeconds,
      }
    }

    const playbackRoute = route === 'playback' || route === 'playback-read'
    if (playbackRoute && this.playbackDownStatus !== null) {
      return { kind: 'fail', status: this.playbackDownStatus, error: undefined, retryAfterSeconds: undefined }
    }
    return undefined
  }

  /** Waits until `releaseAll()`, which `close()` calls after dropping the connections. */
  async waitForRelease(): Promise<void> {
    this.hungCount++
    try {
      await this.released
    } finally {
      this.hungCount--
    }
  }

  /** Requests currently held open by `hangNext`. */
  get hungRequestCount(): number {
    return this.hungCount
  }

  releaseAll(): void {
    this.releaseHungRequests()
  }

  /** Clears scheduled faults and the playback outage. Requests already hung stay hung until close. */
  reset(): void {
    this.failures.clear()
    this.hangs.clear()
    this.playbackDownStatus = null
  }
}
