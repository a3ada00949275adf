/**
 * Zod schemas of Emby Server's webhook payload (built-in webhooks, Emby 4.7.9 and later). Emby
 * serializes its `BaseItemDto` with null values omitted, and objects are loose because each
 * release adds keys.
 */

import { z } from 'zod'

import { count, nonEmptyString, optional, providerIdMap, ticks, utcTimestamp } from './fields.js'

/**
 * The fields needed to decide whether an event or item is ignored. Every field but `Event`
 * falls back to `undefined` when it has the wrong type, so that a malformed music or library
 * event is still ignored rather than rejected as invalid.
 */
export const EmbyEnvelope = z
  .object({
    Event: nonEmptyString,
    User: z
      .object({ Name: z.string().optional().catch(undefined) })
      .loose()
      .optional()
      .catch(undefined),
    Item: z
      .object({
        Type: z.string().optional().catch(undefined),
        MediaType: z.string().optional().catch(undefined),
      })
      .loose()
      .optional()
      .catch(undefined),
  })
  .loose()

export type EmbyEnvelope = z.infer<typeof EmbyEnvelope>

/** The `Item` fields that both movies and episodes use. */
const itemFields = {
  // Emby ids are numeric strings (`"4916"`), unlike Jellyfin's 32-digit hex ids.
  Id: nonEmptyString,
  RunTimeTicks: optional(ticks),
  ProviderIds: optional(providerIdMap),
  Path: optional(z.string()),
  FileName: optional(z.string()),
}

export const EmbyMovieItem = z
  .object({
    Type: z.literal('Movie'),
    ...itemFields,
    Name: nonEmptyString,
    ProductionYear: optional(count),
  })
  .loose()

export const EmbyEpisodeItem = z
  .object({
    Type: z.literal('Episode'),
    ...itemFields,
    Name: optional(z.string()),
    SeriesName: nonEmptyString,
    SeriesId: optional(nonEmptyString),
    // Season 0 contains specials, and year-based seasons use the year (2026) as their number.
    ParentIndexNumber: optional(count),
    IndexNumber: optional(count),
    IndexNumberEnd: optional(count),
  })
  .loose()

export type EmbyMovieItem = z.infer<typeof EmbyMovieItem>
export type EmbyEpisodeItem = z.infer<typeof EmbyEpisodeItem>

const payloadFields = {
  Event: nonEmptyString,
  Date: optional(utcTimestamp),
  User: z
    .object({
      Name: nonEmptyString,
      Id: optional(nonEmptyString),
    })
    .loose(),
  Server: z.object({ Id: nonEmptyString }).loose(),
  Item: z.discriminatedUnion('Type', [EmbyMovieItem, EmbyEpisodeItem]),
}

/** An `item.markplayed` payload of a movie or episode. `item.*` events carry no session. */
export const EmbyMarkPlayedPayload = z.object(payloadFields).loose()

export type EmbyMarkPlayedPayload = z.infer<typeof EmbyMarkPlayedPayload>

/** A `playback.*` payload of a movie or episode, with every field the normalized event needs. */
export const EmbyPlaybackPayload = z
  .object({
    ...payloadFields,
    Session: z
      .object({
        DeviceId: nonEmptyString,
        DeviceName: optional(z.string()),
        Client: optional(z.string()),
        Id: optional(nonEmptyString),
        PlayState: optional(z.object({ PositionTicks: optional(ticks) }).loose()),
      })
      .loose(),
    PlaybackInfo: optional(
      z
        .object({
          PositionTicks: optional(ticks),
          // Sent on playback.stop only.
          PlayedToCompletion: optional(z.boolean()),
        })
        .loose(),
    ),
  })
  .loose()

export type EmbyPlaybackPayload = z.infer<typeof EmbyPlaybackPayload>
