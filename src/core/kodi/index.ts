// Kodi hosts: connections to Kodi's JSON-RPC and the playback logic behind them.

export { createKodiApi, ITEM_PROPERTIES, PLAYER_PROPERTIES, SHOW_PROPERTIES } from './api.js'
export type { KodiApi, KodiVersion } from './api.js'
export { computeReconnectDelayMs, validateReconnectTiming } from './backoff.js'
export type { ReconnectTiming } from './backoff.js'
export { createKodiConnection, MIN_KODI_API_MAJOR } from './connection.js'
export type { KodiConnection, KodiConnectionOptions, KodiConnectionState } from './connection.js'
export {
  KODI_PLAYER_NOT_ACTIVE,
  KodiClosedError,
  KodiError,
  KodiResponseError,
  KodiRpcError,
  KodiTimeoutError,
  isPlayerNotActiveError,
} from './errors.js'
export { createKodiHosts } from './hosts.js'
export type { KodiHostConfig, KodiHosts, KodiHostsOptions, KodiHostStatus, KodiSharedOptions } from './hosts.js'
export { createKodiSession } from './session.js'
export type { KodiEventHandler, KodiSession, KodiSessionOptions } from './session.js'
