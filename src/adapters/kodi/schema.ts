/**
 * Zod schemas of the Kodi JSON-RPC messages the bridge reads: the JSON-RPC 2.0 envelopes, the
 * notifications of playback and library changes, and the results of the requests it sends.
 * Kodi omits unknown values or sends placeholders (`""`, `-1`, `0`) instead of null, so
 * optional keys are `.optional()`. Objects are loose because Kodi adds keys between releases.
 */

import { z } from 'zod'

const integer = z.number().int()

/** A JSON-RPC error object, such as `{"code":-32100,"message":"Failed to execute method."}`. */
export const JsonRpcError = z
  .object({
    code: integer,
    message: z.string(),
    data: z.unknown().optional(),
  })
  .loose()

export type JsonRpcError = z.infer<typeof JsonRpcError>

/** A response to a request: it echoes the request's `id` and has `result` or `error`. */
export const JsonRpcResponse = z
  .object({
    jsonrpc: z.literal('2.0'),
    id: z.union([integer, z.string(), z.null()]),
    result: z.unknown().optional(),
    error: JsonRpcError.optional(),
  })
  .loose()

export type JsonRpcResponse = z.infer<typeof JsonRpcResponse>

/**
 * A notification pushed by Kodi: a `method` such as `Player.OnPlay` and no `id`. Kodi puts the
 * payload in `params.data` and names the sender `xbmc`, on Kodi as on XBMC.
 */
export const JsonRpcNotification = z
  .object({
    jsonrpc: z.literal('2.0'),
    method: z.string().min(1),
    params: z
      .object({
        sender: z.string().optional(),
        data: z.unknown(),
      })
      .loose(),
  })
  .loose()

export type JsonRpcNotification = z.infer<typeof JsonRpcNotification>

/** Kodi's `Global.Time`: a duration split into parts, not a number of seconds. */
export const KodiTime = z
  .object({
    hours: integer,
    minutes: integer,
    seconds: integer,
    milliseconds: integer,
  })
  .loose()

export type KodiTime = z.infer<typeof KodiTime>

/**
 * The `item` of a notification (`Notifications.Item`). A library item has only `id` and
 * `type`. An item outside the library has a `title` (often the file name) and, when known,
 * `year`, `season`, `episode` and `showtitle`. A PVR channel has the channel id as `id`.
 */
export const KodiNotificationItem = z
  .object({
    type: z.string(),
    id: integer.optional(),
    title: z.string().optional(),
    year: integer.optional(),
    season: integer.optional(),
    episode: integer.optional(),
    showtitle: z.string().optional(),
    channeltype: z.string().optional(),
    file: z.string().optional(),
  })
  .loose()

export type KodiNotificationItem = z.infer<typeof KodiNotificationItem>

/**
 * `data` of `Player.OnPlay`, `OnAVStart`, `OnPause`, `OnResume`, `OnSpeedChanged` and `OnSeek`.
 * `playerid` is a playlist id: 0 audio, 1 video, 2 picture. `OnSeek` adds the new `time`.
 */
export const KodiPlayerNotificationData = z
  .object({
    item: KodiNotificationItem.optional(),
    player: z
      .object({
        playerid: integer,
        speed: z.number().optional(),
        time: KodiTime.optional(),
        seekoffset: KodiTime.optional(),
      })
      .loose(),
  })
  .loose()

export type KodiPlayerNotificationData = z.infer<typeof KodiPlayerNotificationData>

/**
 * `data` of `Player.OnStop`. It has no `player` and no position. `end` is true when playback
 * reached the end of the item, and false when the user stopped or playback failed.
 */
export const KodiStopNotificationData = z
  .object({
    end: z.boolean(),
    item: KodiNotificationItem.optional(),
  })
  .loose()

export type KodiStopNotificationData = z.infer<typeof KodiStopNotificationData>

const libraryItemReference = z.object({ id: integer, type: z.string() }).loose()

const nestedLibraryUpdate = z.object({ item: libraryItemReference, playcount: integer.optional() }).loose()
const flatLibraryUpdate = z.object({ id: integer, type: z.string(), playcount: integer.optional() }).loose()

/**
 * `data` of `VideoLibrary.OnUpdate`, as `{id, type, playcount}`. Kodi sends the item as
 * `item: {id, type}`, while its published schema describes `id` and `type` at the top level,
 * so both shapes are read. `playcount` is present only when the play count changed.
 */
export const KodiLibraryUpdateData = z.union([
  nestedLibraryUpdate.transform((data) => ({ id: data.item.id, type: data.item.type, playcount: data.playcount })),
  flatLibraryUpdate.transform((data) => ({ id: data.id, type: data.type, playcount: data.playcount })),
])

export type KodiLibraryUpdateData = z.output<typeof KodiLibraryUpdateData>

/** Result of `JSONRPC.Version`. Major 12 is Kodi 19, major 13 is Kodi 20 and 21. */
export const KodiVersionResult = z
  .object({
    version: z
      .object({
        major: integer,
        minor: integer,
        patch: z.union([integer, z.string()]).optional(),
      })
      .loose(),
  })
  .loose()

export type KodiVersionResult = z.infer<typeof KodiVersionResult>

/** One entry of the `Player.GetActivePlayers` result. `type` is `video`, `audio` or `picture`. */
export const KodiActivePlayer = z
  .object({
    playerid: integer,
    type: z.string(),
    playertype: z.string().optional(),
  })
  .loose()

export type KodiActivePlayer = z.infer<typeof KodiActivePlayer>

export const KodiActivePlayersResult = z.array(KodiActivePlayer)

/**
 * The item of `Player.GetItem`. `type` and `label` are always present, `id` only for library
 * items and PVR channels. Placeholders mark missing values: `showtitle: ""`, `season: -1`,
 * `episode: -1`, `tvshowid: -1`, `year: 0`. `runtime` is in seconds. `uniqueid` values are
 * strings, and for an episode they are the episode's own ids.
 */
export const KodiItem = z
  .object({
    type: z.string(),
    id: integer.optional(),
    label: z.string().optional(),
    title: z.string().optional(),
    showtitle: z.string().optional(),
    season: integer.optional(),
    episode: integer.optional(),
    year: integer.optional(),
    tvshowid: integer.optional(),
    runtime: z.number().nonnegative().optional(),
    file: z.string().optional(),
    uniqueid: z.record(z.string(), z.string()).optional(),
    playcount: integer.optional(),
    channeltype: z.string().optional(),
  })
  .loose()

export type KodiItem = z.infer<typeof KodiItem>

export const KodiGetItemResult = z.object({ item: KodiItem }).loose()

/**
 * Result of `Player.GetProperties` for `time`, `totaltime`, `percentage`, `speed` and `live`.
 * `speed` is 0 while paused, 1 while playing and other values while winding.
 */
export const KodiPlayerProperties = z
  .object({
    time: KodiTime.optional(),
    totaltime: KodiTime.optional(),
    percentage: z.number().optional(),
    speed: z.number().optional(),
    live: z.boolean().optional(),
  })
  .loose()

export type KodiPlayerProperties = z.infer<typeof KodiPlayerProperties>

/** The show of an episode, from `VideoLibrary.GetTVShowDetails`. Its `uniqueid` contains the show's ids. */
export const KodiShowDetails = z
  .object({
    tvshowid: integer.optional(),
    title: z.string().optional(),
    year: integer.optional(),
    uniqueid: z.record(z.string(), z.string()).optional(),
  })
  .loose()

export type KodiShowDetails = z.infer<typeof KodiShowDetails>

export const KodiShowDetailsResult = z.object({ tvshowdetails: KodiShowDetails }).loose()

/** Describes the issues of a failed parse as `path: message` pairs, for logs and rejections. */
export function describeKodiIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length === 0 ? 'message' : issue.path.map(String).join('.')

      return `${path}: ${issue.message}`
    })
    .join(', ')
}
