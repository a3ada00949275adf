/**
 * PunchPlay's device-code flow: show a code, poll until the user approves it on another screen.
 */
import { BridgeError } from '../errors.js'
import type { DeviceCodeResponse, PunchPlayClient, TokenResponse } from './client.js'
import { isPunchPlayHttpError } from './errors.js'

/** PunchPlay sends no `interval`; 5 s keeps a 10-minute code within its 200 polls per 10 minutes per IP. */
export const DEVICE_POLL_INTERVAL_MS = 5_000
/** Used when a 429 carries no `Retry-After`. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000

export type DeviceFlowFailure = 'expired' | 'access_denied' | 'rejected' | 'aborted'

export class DeviceFlowError extends BridgeError {
  override name = 'DeviceFlowError'
  readonly reason: DeviceFlowFailure

  constructor(reason: DeviceFlowFailure, message: string, options?: ErrorOptions) {
    super('device_flow_failed', message, options)
    this.reason = reason
  }
}

export interface DeviceFlowOptions {
  client: PunchPlayClient
  /** Called once with the code to show to the user. */
  onCode: (code: DeviceCodeResponse) => void
  /** Called after a poll that failed for a transient reason; polling goes on. */
  onTransientError?: (error: unknown) => void
  device?: { id: string; name: string }
  signal?: AbortSignal
  pollIntervalMs?: number
  now?: () => number
}

/**
 * Run the whole flow and return the tokens once the user approved.
 *
 * @throws DeviceFlowError when the code expires, the user denies it, PunchPlay rejects the
 *   app, or `signal` aborts.
 */
export async function runDeviceFlow(options: DeviceFlowOptions): Promise<TokenResponse> {
  const now = options.now ?? Date.now
  const interval = options.pollIntervalMs ?? DEVICE_POLL_INTERVAL_MS

  const code = await options.client.requestDeviceCode()
  options.onCode(code)
  const deadline = now() + code.expires_in * 1000

  let wait = interval
  while (now() + wait <= deadline) {
    await sleep(wait, options.signal)
    wait = interval

    try {
      return await options.client.exchangeDeviceCode(code.device_code, options.device)
    } catch (error) {
      if (!isPunchPlayHttpError(error)) {
        options.onTransientError?.(error)
        continue
      }

      if (error.code === 'authorization_pending' || error.code === 'slow_down') continue
      if (error.code === 'expired') throw new DeviceFlowError('expired', expiredMessage)
      if (error.code === 'access_denied') {
        throw new DeviceFlowError('access_denied', 'The link request was denied on PunchPlay. Run link again to retry.')
      }
      if (error.status === 429) {
        wait = error.retryAfterSeconds === undefined ? DEFAULT_RATE_LIMIT_WAIT_MS : error.retryAfterSeconds * 1000
        options.onTransientError?.(error)
        continue
      }
      if (error.status >= 500) {
        options.onTransientError?.(error)
        continue
      }
      throw new DeviceFlowError('rejected', `PunchPlay rejected the link request: ${error.message}`, { cause: error })
    }
  }

  throw new DeviceFlowError('expired', expiredMessage)
}

const expiredMessage = 'The code expired before it was approved. Run link again for a new code.'

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DeviceFlowError('aborted', 'Linking was cancelled.'))
      return
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(new DeviceFlowError('aborted', 'Linking was cancelled.'))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
