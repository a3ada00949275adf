/**
 * HTTP client for the PunchPlay Platform API (`/api/platform/v1`). It sends one request per
 * call and validates what comes back; retries, refreshes and queueing belong to its callers.
 */
import type { Logger } from 'pino'
import { z } from 'zod'

import { BridgeError } from '../errors.js'
import {
  PunchPlayHttpError,
  PunchPlayNetworkError,
  PunchPlayResponseError,
  PunchPlayTimeoutError,
} from './errors.js'
import { parseRetryAfter } from './retry-timing.js'
import type { PunchPlayAction } from '../storage/schema.js'

const API_PREFIX = '/api/platform/v1'

export const DeviceCodeResponse = z.object({
  user_code: z.string().min(1),
  device_code: z.string().min(1),
  verification_uri: z.string().min(1),
  verification_uri_complete: z.string().min(1),
  verification_uri_qr: z.string(),
  expires_in: z.number().int().positive(),
  scope: z.string(),
})
export type DeviceCodeResponse = z.infer<typeof DeviceCodeResponse>

export const TokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  refresh_expires_in: z.number().nonnegative().nullish(),
  scope: z.string(),
  username: z.string().nullish(),
})
export type TokenResponse = z.infer<typeof TokenResponse>

/** The reference shows no new refresh token here; PunchPlay's own clients see one. Both are read. */
export const RefreshResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  scope: z.string().nullish(),
  refresh_token: z.string().min(1).nullish(),
  refresh_expires_in: z.number().nonnegative().nullish(),
})
export type RefreshResponse = z.infer<typeof RefreshResponse>

export const PlaybackResponse = z.looseObject({
  ok: z.boolean(),
  deduped: z.boolean().nullish(),
  ignored: z.string().nullish(),
})
export type PlaybackResponse = z.infer<typeof PlaybackResponse>

export const MeResponse = z.looseObject({
  id: z.string(),
  username: z.string().nullable(),
  name: z.string().nullable(),
  scopes: z.array(z.string()),
})
export type MeResponse = z.infer<typeof MeResponse>

const ErrorBody = z.looseObject({
  error: z.string().optional(),
  message: z.string().optional(),
  request_id: z.string().optional(),
})

export interface PunchPlayClientOptions {
  /** Base URL such as `https://punchplay.tv`; the client appends `/api/platform/v1/...`. */
  apiUrl: string
  /** The PunchPlay app's client id; the auth calls need it, playback calls do not. */
  clientId: string | undefined
  /** Only for a confidential app; a public app sends none. */
  clientSecret?: string | undefined
  timeoutMs: number
  userAgent: string
  now?: () => number
  /** Gets one debug line per request: method, path, status, request id and duration. */
  logger?: Pick<Logger, 'debug'>
}

export interface PlaybackResult {
  response: PlaybackResponse
  requestId: string | undefined
}

export interface PunchPlayClient {
  requestDeviceCode(): Promise<DeviceCodeResponse>
  exchangeDeviceCode(deviceCode: string, device?: { id: string; name: string }): Promise<TokenResponse>
  refresh(refreshToken: string): Promise<RefreshResponse>
  sendPlayback(accessToken: string, action: PunchPlayAction, body: Record<string, unknown>): Promise<PlaybackResult>
  getMe(accessToken: string): Promise<MeResponse>
}

/**
 * Create a client bound to one PunchPlay app.
 *
 * @example
 * const client = createPunchPlayClient({ apiUrl: 'https://punchplay.tv', clientId, timeoutMs: 20_000, userAgent })
 * const code = await client.requestDeviceCode()
 */
export function createPunchPlayClient(options: PunchPlayClientOptions): PunchPlayClient {
  const base = options.apiUrl.replace(/\/+$/, '') + API_PREFIX
  const now = options.now ?? Date.now

  function credentials(): { client_id: string; client_secret: string | null } {
    if (options.clientId === undefined) {
      throw new BridgeError(
        'not_configured',
        'No PunchPlay client id is configured: set PUNCHPLAY_CLIENT_ID (or punchplay.client_id in config.yaml) to your PunchPlay app\'s client id.',
      )
    }
    return { client_id: options.clientId, client_secret: options.clientSecret ?? null }
  }

  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    init: { body?: Record<string, unknown>; accessToken?: string },
  ): Promise<{ data: T; requestId: string | undefined }> {
    const headers: Record<string, string> = { 'user-agent': options.userAgent, accept: 'application/json' }
    if (init.body !== undefined) headers['content-type'] = 'application/json'
    if (init.accessToken !== undefined) headers['authorization'] = `Bearer ${init.accessToken}`

    const startedAt = Date.now()
    let response: Response
    try {
      response = await fetch(base + path, {
        method,
        headers,
        body: init.body === undefined ? null : JSON.stringify(init.body),
        signal: AbortSignal.timeout(options.timeoutMs),
        redirect: 'error',
      })
    } catch (error) {
      if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
        throw new PunchPlayTimeoutError(path, options.timeoutMs)
      }
      throw new PunchPlayNetworkError(path, error)
    }

    const requestId = response.headers.get('x-punchplay-request-id') ?? undefined
    const text = await readBody(response, path, options.timeoutMs)
    options.logger?.debug({ method, path, status: response.status, requestId, ms: Date.now() - startedAt }, 'PunchPlay request')
    const json = parseJson(text)

    if (!response.ok) {
      const body = ErrorBody.safeParse(json)
      const details = body.success ? body.data : {}
      throw new PunchPlayHttpError(path, {
        status: response.status,
        ...(details.error === undefined ? {} : { code: details.error }),
        ...(details.message === undefined ? {} : { message: details.message }),
        ...(requestId === undefined && details.request_id === undefined ? {} : { requestId: requestId ?? details.request_id }),
        ...retryAfterOf(response, now()),
      })
    }

    const parsed = schema.safeParse(json)
    if (!parsed.success) {
      throw new PunchPlayResponseError(path, describeSchemaProblem(parsed.error), requestId)
    }
    return { data: parsed.data, requestId }
  }

  return {
    async requestDeviceCode() {
      const { data } = await call('POST', '/auth/device/code', DeviceCodeResponse, { body: { ...credentials() } })
      return data
    },

    async exchangeDeviceCode(deviceCode, device) {
      const body: Record<string, unknown> = { ...credentials(), device_code: deviceCode }
      if (device !== undefined) {
        body['device_id'] = device.id
        body['device_name'] = device.name
      }
      const { data } = await call('POST', '/auth/device/token', TokenResponse, { body })
      return data
    },

    async refresh(refreshToken) {
      const { data } = await call('POST', '/auth/refresh', RefreshResponse, {
        body: { ...credentials(), refresh_token: refreshToken },
      })
      return data
    },

    async sendPlayback(accessToken, action, body) {
      const { data, requestId } = await call('POST', `/playback/${action}`, PlaybackResponse, { body, accessToken })
      return { response: data, requestId }
    },

    async getMe(accessToken) {
      const { data } = await call('GET', '/me', MeResponse, { accessToken })
      return data
    },
  }
}

async function readBody(response: Response, path: string, timeoutMs: number): Promise<string> {
  try {
    return await response.text()
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      throw new PunchPlayTimeoutError(path, timeoutMs)
    }
    throw new PunchPlayNetworkError(path, error)
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function retryAfterOf(response: Response, nowMs: number): { retryAfterSeconds?: number } {
  const seconds = parseRetryAfter(response.headers.get('retry-after'), nowMs)
  return seconds === undefined ? {} : { retryAfterSeconds: seconds }
}

/** Name the fields that did not match, never their values (they may be tokens). */
function describeSchemaProblem(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'body'} ${issue.message}`)
    .join('; ')
}
