/**
 * The setup page's view of the Kodi hosts the bridge connects to, and the adapter from the
 * Kodi host registry in src/core/kodi to that view.
 */
import { BridgeError } from '../../core/errors.js'
import type { KodiHosts, KodiHostStatus } from '../../core/kodi/index.js'

/** `unsupported`: Kodi's API is too old, and the bridge does not retry. */
export type KodiConnectionStatus = 'connected' | 'connecting' | 'disconnected' | 'unsupported'

export interface KodiHostView {
  /** The name the operator gave the host; unique. */
  name: string
  host: string
  /** Kodi's JSON-RPC WebSocket port, 9090 unless changed in Kodi. */
  port: number
  state: KodiConnectionStatus
  /** The reason the host is not connected, or the Kodi API version when it is. */
  detail: string | null
  /** When the host entered its current state, UTC epoch milliseconds. */
  since: number | null
  /** `config`: set in config.yaml or the environment, and removable only there. */
  origin: 'config' | 'added' | null
}

export interface KodiHostInput {
  name: string
  host: string
  port: number
}

export interface KodiHostsView {
  list(): KodiHostView[] | Promise<KodiHostView[]>
  /** @throws BridgeError invalid_request when the name is taken or the address is invalid. */
  add(host: KodiHostInput): KodiHostView | Promise<KodiHostView>
  /** @throws BridgeError not_found for an unknown name. */
  remove(name: string): void | Promise<void>
}

/** Kodi's JSON-RPC over WebSocket, the transport that carries its notifications. */
export function kodiWebSocketUrl(host: string, port: number): string {
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  return `ws://${bracketed}:${port}/jsonrpc`
}

/** A registry of Kodi hosts. The Kodi service's entries also carry where each host was configured. */
export type KodiRegistry = Pick<KodiHosts, 'add' | 'remove'> & { list(): Array<KodiHostStatus & { origin?: 'config' | 'added' }> }

/** Adapt the Kodi host registry to the page's view, with errors mapped to BridgeError. */
export function createKodiHostsView(registry: KodiRegistry): KodiHostsView {
  function list(): KodiHostView[] {
    return registry.list().map((status) => {
      const url = new URL(status.url)
      const state = status.state
      let detail: string | null = null
      if (state.status === 'connected') detail = `Kodi JSON-RPC ${state.apiVersion}`
      else if ('reason' in state) detail = state.reason

      return {
        name: status.name,
        host: url.hostname,
        port: url.port === '' ? 9090 : Number(url.port),
        state: state.status,
        detail,
        since: state.since,
        origin: status.origin ?? null,
      }
    })
  }

  return {
    list,

    add(input) {
      try {
        registry.add({ name: input.name, url: kodiWebSocketUrl(input.host, input.port) })
      } catch (error) {
        if (error instanceof TypeError) throw new BridgeError('invalid_request', `Cannot add the Kodi host: ${error.message}.`)
        throw error
      }
      const added = list().find((host) => host.name === input.name)
      if (added === undefined) throw new BridgeError('invalid_request', `The Kodi host ${input.name} was not kept by the registry.`)
      return added
    },

    async remove(name) {
      if (!(await registry.remove(name))) throw new BridgeError('not_found', `No Kodi host is named "${name}".`)
    },
  }
}
