/**
 * A JSON-RPC 2.0 peer for one connection to Kodi: it numbers requests, matches responses to
 * them by id, times them out, and hands notifications on. It does not own the socket, so the
 * connection decides what a timeout or a closed socket means.
 */

import type { Logger } from 'pino'

import { JsonRpcNotification, JsonRpcResponse, describeKodiIssues } from '../../adapters/kodi/schema.js'
import { KodiClosedError, KodiRpcError, KodiTimeoutError } from './errors.js'

/** Unreadable messages are logged at warn level this many times per connection, then at debug. */
const INVALID_MESSAGE_WARNINGS = 3
/** Logged unreadable messages are cut to this many characters. */
const LOGGED_MESSAGE_CHARS = 200

export interface KodiRpcOptions {
  /** Sends one serialized message. May throw when the socket is no longer open. */
  send(text: string): void
  /** How long a request may wait for its response. */
  timeoutMs: number
  onNotification(method: string, data: unknown): void
  /** Called when a request timed out, after it was rejected. */
  onTimeout?(error: KodiTimeoutError): void
  logger: Logger
}

export interface KodiRpc {
  /** Sends a request and resolves with its `result`, or rejects with a `KodiError`. */
  request(method: string, params?: Readonly<Record<string, unknown>>): Promise<unknown>
  /** Reads one message received from Kodi. */
  handleMessage(text: string): void
  /** Rejects every pending request. Later requests are rejected at once. */
  close(): void
}

interface PendingRequest {
  method: string
  resolve(result: unknown): void
  reject(error: Error): void
  timer: NodeJS.Timeout
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export function createKodiRpc(options: KodiRpcOptions): KodiRpc {
  const { logger } = options
  const pending = new Map<number, PendingRequest>()
  let nextId = 1
  let closed = false
  let invalidMessages = 0

  function reportInvalid(text: string, problem: string): void {
    invalidMessages += 1
    const level = invalidMessages <= INVALID_MESSAGE_WARNINGS ? 'warn' : 'debug'

    logger[level](
      { problem, message: text.slice(0, LOGGED_MESSAGE_CHARS), invalidMessages },
      'ignored a message from Kodi that is not valid JSON-RPC',
    )
  }

  function settle(response: JsonRpcResponse): void {
    const id = typeof response.id === 'number' ? response.id : undefined
    const request = id === undefined ? undefined : pending.get(id)
    if (id === undefined || request === undefined) {
      logger.debug({ id: response.id }, 'ignored a Kodi response to no pending request')

      return
    }

    pending.delete(id)
    clearTimeout(request.timer)

    if (response.error !== undefined) {
      request.reject(new KodiRpcError(request.method, response.error.code, response.error.message))

      return
    }

    request.resolve(response.result)
  }

  function handleMessage(text: string): void {
    const message = parseJson(text)
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      reportInvalid(text, 'not a JSON object')

      return
    }

    // A notification has a method and no id, and a response has an id and no method.
    if ('method' in message && !('id' in message)) {
      const notification = JsonRpcNotification.safeParse(message)
      if (!notification.success) {
        reportInvalid(text, describeKodiIssues(notification.error))

        return
      }

      options.onNotification(notification.data.method, notification.data.params.data)

      return
    }

    const response = JsonRpcResponse.safeParse(message)
    if (!response.success) {
      reportInvalid(text, describeKodiIssues(response.error))

      return
    }

    settle(response.data)
  }

  function request(method: string, params?: Readonly<Record<string, unknown>>): Promise<unknown> {
    if (closed) {
      return Promise.reject(new KodiClosedError(method))
    }

    const id = nextId
    nextId += 1

    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        const error = new KodiTimeoutError(method, options.timeoutMs)
        reject(error)
        options.onTimeout?.(error)
      }, options.timeoutMs)

      pending.set(id, { method, resolve, reject, timer })

      try {
        options.send(JSON.stringify(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params }))
      } catch (error) {
        pending.delete(id)
        clearTimeout(timer)
        reject(new KodiClosedError(method, { cause: error }))
      }
    })
  }

  function close(): void {
    closed = true

    for (const request of pending.values()) {
      clearTimeout(request.timer)
      request.reject(new KodiClosedError(request.method))
    }

    pending.clear()
  }

  return { request, handleMessage, close }
}
