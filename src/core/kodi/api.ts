/**
 * The Kodi JSON-RPC requests the bridge sends, each with its parameters and a zod check of its
 * result.
 */

import type { z } from 'zod'

import {
  KodiActivePlayersResult,
  KodiGetItemResult,
  KodiPlayerProperties,
  KodiShowDetailsResult,
  KodiVersionResult,
  describeKodiIssues,
} from '../../adapters/kodi/schema.js'
import type { KodiActivePlayer, KodiItem, KodiShowDetails } from '../../adapters/kodi/schema.js'
import { KodiResponseError } from './errors.js'
import type { KodiRpc } from './rpc.js'

/**
 * Item properties for `Player.GetItem`. Kodi always returns `type` and `label`, and `id` for a
 * library item. Naming them would make Kodi reject the request, because they are not values
 * of `List.Fields.All` in Kodi's JSON-RPC schema. `playcount` is the count before this
 * playback, so that the session can tell when Kodi raises it.
 */
export const ITEM_PROPERTIES = [
  'title',
  'showtitle',
  'season',
  'episode',
  'year',
  'uniqueid',
  'file',
  'runtime',
  'tvshowid',
  'playcount',
] as const

export const PLAYER_PROPERTIES = ['time', 'totaltime', 'percentage', 'speed', 'live'] as const

export const SHOW_PROPERTIES = ['title', 'year', 'uniqueid'] as const

export interface KodiVersion {
  major: number
  minor: number
  patch?: number | string
}

export interface KodiApi {
  /** `JSONRPC.Version`: the API version (12 is Kodi 19, 13 is Kodi 20 and 21). */
  getVersion(): Promise<KodiVersion>
  /** `JSONRPC.Ping`: resolves when Kodi responds. */
  ping(): Promise<void>
  getActivePlayers(): Promise<KodiActivePlayer[]>
  getItem(playerId: number): Promise<KodiItem>
  getProperties(playerId: number): Promise<KodiPlayerProperties>
  getShowDetails(tvshowid: number): Promise<KodiShowDetails>
}

async function call<T extends z.ZodType>(
  rpc: Pick<KodiRpc, 'request'>,
  method: string,
  params: Readonly<Record<string, unknown>> | undefined,
  schema: T,
): Promise<z.output<T>> {
  const result = await rpc.request(method, params)
  const parsed = schema.safeParse(result)
  if (!parsed.success) {
    throw new KodiResponseError(method, describeKodiIssues(parsed.error))
  }

  return parsed.data
}

/** Builds the typed requests on top of a JSON-RPC peer. */
export function createKodiApi(rpc: Pick<KodiRpc, 'request'>): KodiApi {
  return {
    async getVersion() {
      const { version } = await call(rpc, 'JSONRPC.Version', undefined, KodiVersionResult)

      return version.patch === undefined
        ? { major: version.major, minor: version.minor }
        : { major: version.major, minor: version.minor, patch: version.patch }
    },

    async ping() {
      await rpc.request('JSONRPC.Ping')
    },

    getActivePlayers() {
      return call(rpc, 'Player.GetActivePlayers', undefined, KodiActivePlayersResult)
    },

    async getItem(playerId) {
      const { item } = await call(rpc, 'Player.GetItem', { playerid: playerId, properties: ITEM_PROPERTIES }, KodiGetItemResult)

      return item
    },

    getProperties(playerId) {
      return call(rpc, 'Player.GetProperties', { playerid: playerId, properties: PLAYER_PROPERTIES }, KodiPlayerProperties)
    },

    async getShowDetails(tvshowid) {
      const params = { tvshowid, properties: SHOW_PROPERTIES }
      const { tvshowdetails } = await call(rpc, 'VideoLibrary.GetTVShowDetails', params, KodiShowDetailsResult)

      return tvshowdetails
    },
  }
}
