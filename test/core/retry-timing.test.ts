import { describe, expect, it } from 'vitest'

import { PunchPlayHttpError, PunchPlayNetworkError, PunchPlayResponseError, PunchPlayTimeoutError } from '../../src/core/punchplay/errors.js'
import { BACKOFF_CAP_MS, RETRY_AFTER_CAP_MS, classifyFailure, computeRetryDelayMs, parseRetryAfter } from '../../src/core/punchplay/retry-timing.js'

describe('parseRetryAfter', () => {
  it('should read integer seconds', () => {
    expect(parseRetryAfter('30', 0)).toBe(30)
  })

  it('should read an HTTP date relative to now', () => {
    const now = Date.parse('2026-12-04T10:00:00Z')

    expect(parseRetryAfter('Fri, 04 Dec 2026 10:01:00 GMT', now)).toBe(60)
  })

  it('should ignore a missing or unreadable header', () => {
    expect(parseRetryAfter(null, 0)).toBeUndefined()
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
  })
})

describe('computeRetryDelayMs', () => {
  it('should wait out Retry-After before anything else', () => {
    expect(computeRetryDelayMs(1, 42, () => 0.5)).toBe(42_000)
  })

  it('should cap a very long Retry-After', () => {
    expect(computeRetryDelayMs(1, 86_400, () => 0.5)).toBe(RETRY_AFTER_CAP_MS)
  })

  it('should grow exponentially with jitter between half and all of the step', () => {
    expect(computeRetryDelayMs(1, undefined, () => 0)).toBe(2_500)
    expect(computeRetryDelayMs(1, undefined, () => 1)).toBe(5_000)
    expect(computeRetryDelayMs(3, undefined, () => 1)).toBe(20_000)
  })

  it('should never exceed the cap', () => {
    expect(computeRetryDelayMs(40, undefined, () => 1)).toBe(BACKOFF_CAP_MS)
  })
})

describe('classifyFailure', () => {
  it.each([
    [new PunchPlayNetworkError('/playback/start', new Error('ECONNREFUSED')), 'retry'],
    [new PunchPlayTimeoutError('/playback/start', 20_000), 'retry'],
    [new PunchPlayResponseError('/playback/start', 'ok missing', undefined), 'retry'],
    [new PunchPlayHttpError('/playback/start', { status: 503 }), 'retry'],
    [new PunchPlayHttpError('/playback/start', { status: 429, retryAfterSeconds: 5 }), 'retry'],
    [new PunchPlayHttpError('/playback/start', { status: 408 }), 'retry'],
    [new PunchPlayHttpError('/playback/start', { status: 401, code: 'invalid_token' }), 'unauthorized'],
    [new PunchPlayHttpError('/playback/start', { status: 400, code: 'invalid_request' }), 'permanent'],
    [new PunchPlayHttpError('/playback/start', { status: 403, code: 'insufficient_scope' }), 'permanent'],
  ])('should classify %s as %s', (error, expected) => {
    expect(classifyFailure(error)).toBe(expected)
  })
})
