/**
 * Device-code linking for the setup page. The page starts a flow, shows its code and polls
 * this module until PunchPlay approves, denies or expires it, while the bridge polls PunchPlay
 * in the background. Flows live in memory only, so a restart ends them and the page requests a
 * new code. Tokens never leave this module and links.ts.
 */
import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'

import { BridgeError } from './errors.js'
import { createLink, listLinks, relink } from './links.js'
import type { PunchPlayClient } from './punchplay/client.js'
import { DeviceFlowError, runDeviceFlow } from './punchplay/device-flow.js'
import { PunchPlayError } from './punchplay/errors.js'
import type { BridgeDatabase } from './storage/database.js'

/** PunchPlay allows 10 device codes per hour; a few flows at once is all a household needs. */
export const MAX_PENDING_FLOWS = 3
/** A finished flow stays readable this long, so a page that polls late still gets its outcome. */
const FINISHED_FLOW_TTL_MS = 10 * 60_000

export type DeviceLinkState = 'pending' | 'approved' | 'expired' | 'denied' | 'failed' | 'cancelled'

export interface DeviceLinkView {
  id: string
  state: DeviceLinkState
  userCode: string
  verificationUri: string
  verificationUriComplete: string
  /** PunchPlay's QR code of `verificationUriComplete`, a `data:image/png;base64,…` URI. */
  qrImage: string
  expiresAt: number
  /** The link that this flow renews, for a re-link. */
  relinkId: number | null
  /** The link created or renewed, once approved. */
  linkId: number | null
  /** The PunchPlay account name, once approved. */
  username: string | null
  /** The reason the flow ended without a link. */
  message: string | null
}

export interface DeviceLinksOptions {
  db: BridgeDatabase
  client: PunchPlayClient
  logger: Logger
  /** Shown on PunchPlay's list of linked devices. */
  device: { id: string; name: string }
  /** Called after a link was created or renewed, so queued calls go out. */
  onLinked: (linkId: number) => void
  pollIntervalMs?: number
  now?: () => number
}

export interface DeviceLinks {
  /**
   * Request a device code from PunchPlay and start waiting for its approval in the background.
   *
   * @throws BridgeError not_found for an unknown `relinkId`, invalid_request with too many flows
   *   running, device_flow_failed when PunchPlay issues no code, not_configured without a client id.
   */
  start(request?: { relinkId?: number }): Promise<DeviceLinkView>
  /** @throws BridgeError not_found for an unknown or forgotten id. */
  get(id: string): DeviceLinkView
  cancel(id: string): DeviceLinkView
  /** End every running flow, as the bridge stops. */
  stopAll(): void
}

interface Flow {
  view: DeviceLinkView
  abort: AbortController
  finishedAt: number | null
}

export function createDeviceLinks(options: DeviceLinksOptions): DeviceLinks {
  const { db, client, logger } = options
  const now = options.now ?? Date.now
  const flows = new Map<string, Flow>()

  function forgetOldFlows(): void {
    for (const [id, flow] of flows) {
      if (flow.finishedAt !== null && now() - flow.finishedAt > FINISHED_FLOW_TTL_MS) flows.delete(id)
    }
  }

  function finish(flow: Flow, state: DeviceLinkState, message: string | null): void {
    if (flow.view.state !== 'pending') return
    flow.view = { ...flow.view, state, message }
    flow.finishedAt = now()
  }

  function find(id: string): Flow {
    forgetOldFlows()
    const flow = flows.get(id)
    if (flow === undefined) throw new BridgeError('not_found', `Link request ${id} not found; it ended more than 10 minutes ago or the bridge restarted. Start a new one.`)
    return flow
  }

  function complete(flow: Flow, tokens: Parameters<typeof createLink>[1]): void {
    const relinkId = flow.view.relinkId
    const linkId = relinkId ?? createLink(db, tokens, [], now())
    if (relinkId !== null) relink(db, relinkId, tokens, now())

    flow.view = { ...flow.view, state: 'approved', linkId, username: tokens.username ?? null, message: null }
    flow.finishedAt = now()
    logger.info({ linkId, relinked: relinkId !== null }, relinkId === null ? 'PunchPlay account linked on the setup page' : 'link renewed on the setup page')
    options.onLinked(linkId)
  }

  function describeFailure(error: unknown): { state: DeviceLinkState; message: string } {
    if (error instanceof DeviceFlowError) {
      switch (error.reason) {
        case 'expired':
          return { state: 'expired', message: 'The code expired before it was approved. Start again for a new code.' }
        case 'access_denied':
          return { state: 'denied', message: 'The request was denied on PunchPlay. Start again if that was a mistake.' }
        case 'aborted':
          return { state: 'cancelled', message: 'Linking was cancelled.' }
        case 'rejected':
          return { state: 'failed', message: error.message }
      }
    }
    return { state: 'failed', message: error instanceof Error ? error.message : String(error) }
  }

  return {
    async start(request = {}) {
      forgetOldFlows()
      const relinkId = request.relinkId ?? null
      if (relinkId !== null && !listLinks(db).some((link) => link.id === relinkId)) {
        throw new BridgeError('not_found', `Link ${relinkId} not found; it may have been removed.`)
      }
      const pending = [...flows.values()].filter((flow) => flow.view.state === 'pending').length
      if (pending >= MAX_PENDING_FLOWS) {
        throw new BridgeError('invalid_request', `${pending} link requests are already waiting for approval. Finish or cancel one first.`)
      }

      const abort = new AbortController()
      let resolveCode: (flow: Flow) => void = () => {}
      const codeReceived = new Promise<Flow>((resolve) => {
        resolveCode = resolve
      })

      const running = runDeviceFlow({
        client,
        signal: abort.signal,
        device: options.device,
        ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
        now,
        onCode: (code) => {
          const flow: Flow = {
            abort,
            finishedAt: null,
            view: {
              id: randomUUID(),
              state: 'pending',
              userCode: code.user_code,
              verificationUri: code.verification_uri,
              verificationUriComplete: code.verification_uri_complete,
              qrImage: code.verification_uri_qr,
              expiresAt: now() + code.expires_in * 1000,
              relinkId,
              linkId: null,
              username: null,
              message: null,
            },
          }
          flows.set(flow.view.id, flow)
          resolveCode(flow)
        },
        onTransientError: (error) => logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'a link poll to PunchPlay failed; still waiting'),
      })

      // Until the code arrives, a failure belongs to this request; afterwards, to the flow.
      const outcome = running.then(
        (tokens) => ({ ok: true as const, tokens }),
        (error: unknown) => ({ ok: false as const, error }),
      )
      const first = await Promise.race([codeReceived, outcome])
      if (!('view' in first)) {
        if (first.ok) throw new BridgeError('device_flow_failed', 'PunchPlay returned tokens without showing a code.')
        throw toStartError(first.error)
      }

      const flow = first
      void outcome.then((result) => {
        if (!result.ok) {
          const failure = describeFailure(result.error)
          finish(flow, failure.state, failure.message)
          if (failure.state === 'failed') logger.warn({ err: failure.message }, 'linking on the setup page failed')
          return
        }
        try {
          complete(flow, result.tokens)
        } catch (error) {
          finish(flow, 'failed', error instanceof Error ? error.message : String(error))
          logger.error({ err: error }, 'storing a link approved on the setup page failed')
        }
      })
      return flow.view
    },

    get: (id) => find(id).view,

    cancel(id) {
      const flow = find(id)
      flow.abort.abort()
      finish(flow, 'cancelled', 'Linking was cancelled.')
      return flow.view
    },

    stopAll() {
      for (const flow of flows.values()) {
        flow.abort.abort()
        finish(flow, 'cancelled', 'The bridge stopped.')
      }
    },
  }
}

function toStartError(error: unknown): Error {
  if (error instanceof BridgeError) return error
  if (error instanceof PunchPlayError) return new BridgeError('device_flow_failed', `PunchPlay did not issue a code: ${error.message}`, { cause: error })
  return error instanceof Error ? error : new Error(String(error))
}
