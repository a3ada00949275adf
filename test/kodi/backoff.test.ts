import { describe, expect, it } from 'vitest'

import { computeReconnectDelayMs, validateReconnectTiming } from '../../src/core/kodi/index.js'

const timing = { initialMs: 1_000, maxMs: 60_000 }

describe('computeReconnectDelayMs', () => {
  it('should double the step after each failure', () => {
    const delays = [1, 2, 3, 4].map((failures) => computeReconnectDelayMs(failures, timing, () => 1))

    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000])
  })

  it('should cap the step at maxMs', () => {
    expect(computeReconnectDelayMs(30, timing, () => 1)).toBe(60_000)
  })

  it('should stay finite after very many failures', () => {
    expect(computeReconnectDelayMs(10_000, timing, () => 1)).toBe(60_000)
  })

  it('should jitter down to half of the step', () => {
    expect(computeReconnectDelayMs(3, timing, () => 0)).toBe(2_000)
  })

  it('should treat zero failures like the first', () => {
    expect(computeReconnectDelayMs(0, timing, () => 1)).toBe(1_000)
  })
})

describe('validateReconnectTiming', () => {
  it('should reject a non-positive initialMs', () => {
    expect(() => validateReconnectTiming({ initialMs: 0, maxMs: 10 })).toThrow(/reconnect.initialMs/)
  })

  it('should reject a maxMs below initialMs', () => {
    expect(() => validateReconnectTiming({ initialMs: 100, maxMs: 10 })).toThrow(/reconnect.maxMs/)
  })

  it('should accept equal initialMs and maxMs', () => {
    expect(() => validateReconnectTiming({ initialMs: 100, maxMs: 100 })).not.toThrow()
  })
})
