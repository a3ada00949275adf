// The Kodi JSON-RPC adapter: pure translation of Kodi's items and messages.

export { buildKodiEvent } from './event.js'
export type { KodiEventContext, KodiPlayerState } from './event.js'
export { parseKodiFileName } from './file-name.js'
export type { KodiFileName } from './file-name.js'
export { readKodiUniqueIds } from './ids.js'
export { explainIgnoredKodiItem, isLibraryVideo, readPlayerType } from './ignore-rules.js'
export { buildKodiMediaItem, readKodiItemKey } from './item.js'
export { readKodiFileBaseName, splitKodiPath } from './path.js'
export {
  JsonRpcError,
  JsonRpcNotification,
  JsonRpcResponse,
  KodiActivePlayer,
  KodiActivePlayersResult,
  KodiGetItemResult,
  KodiItem,
  KodiLibraryUpdateData,
  KodiNotificationItem,
  KodiPlayerNotificationData,
  KodiPlayerProperties,
  KodiShowDetails,
  KodiShowDetailsResult,
  KodiStopNotificationData,
  KodiTime,
  KodiVersionResult,
  describeKodiIssues,
} from './schema.js'
export { readKodiTimeSeconds } from './time.js'
