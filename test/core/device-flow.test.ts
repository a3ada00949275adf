import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { createPunchPlayClient, type PunchPlayClient } from '../../src/core/punchplay/client.js'
import { DeviceFlowError, runDeviceFlow } from '../../src/core/punchplay/device-flow.js'
import { startFakePunchPlay, type FakePunchPlay } from '../fake-punchplay/index.js'

describe('runDeviceFlow', () => {
  let fake: FakePunchPlay
  let client: PunchPlayClient

  beforeEach(async () => {
    fake = await startFakePunchPlay()
    client = createPunchPlayClient({ apiUrl: fake.url, clientId: fake.clientId, timeoutMs: 2000, userAgent: 'punchplay-bridge/test' })
  })

  afterEach(async () => {
    await fake.close()
  })

  it('should keep polling while the code is pending and return the tokens once approved', async () => {
    let polls = 0
    const flow = runDeviceFlow({
      client,
      pollIntervalMs: 20,
      onCode: (code) => {
        setTimeout(() => fake.approve(code.user_code, 'sam'), 150)
      },
      onTransientError: () => (polls += 1),
    })

    const tokens = await flow

    expect(tokens.username).toBe('sam')
    expect(fake.requestCount('device/token')).toBeGreaterThan(2)
    expect(polls).toBe(0)
  })

  it('should wait out a 429 Retry-After before polling again', async () => {
    fake.failNext('device/token', { status: 429, retryAfterSeconds: 1 })

    const tokens = await runDeviceFlow({ client, pollIntervalMs: 20, onCode: (code) => fake.approve(code.user_code, 'sam') })

    const polls = fake.requests.filter((request) => request.path.endsWith('/auth/device/token'))
    expect(tokens.access_token).toBeTruthy()
    expect(polls[0]?.status).toBe(429)
    expect((polls[1]?.at ?? 0) - (polls[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000)
  })

  it('should keep polling through a 5xx', async () => {
    fake.failNext('device/token', { status: 503, count: 2 })

    const tokens = await runDeviceFlow({ client, pollIntervalMs: 20, onCode: (code) => fake.approve(code.user_code, 'sam') })

    expect(tokens.username).toBe('sam')
  })

  it('should end with access_denied when the user denies the code', async () => {
    const flow = runDeviceFlow({ client, pollIntervalMs: 20, onCode: (code) => fake.deny(code.user_code) })

    await expect(flow).rejects.toThrow(DeviceFlowError)
    await expect(flow).rejects.toMatchObject({ reason: 'access_denied' })
  })

  it('should end with expired when the code expires', async () => {
    const flow = runDeviceFlow({ client, pollIntervalMs: 20, onCode: (code) => fake.expire(code.user_code) })

    await expect(flow).rejects.toMatchObject({ reason: 'expired' })
  })

  it('should stop when aborted', async () => {
    const abort = new AbortController()
    const flow = runDeviceFlow({ client, pollIntervalMs: 20, signal: abort.signal, onCode: () => abort.abort() })

    await expect(flow).rejects.toMatchObject({ reason: 'aborted' })
  })

  it('should send the bridge User-Agent', async () => {
    await runDeviceFlow({ client, pollIntervalMs: 20, onCode: (code) => fake.approve(code.user_code, 'sam') })

    expect(fake.requests.every((request) => request.userAgent === 'punchplay-bridge/test')).toBe(true)
  })
})
