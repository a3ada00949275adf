/**
 * Zod schemas of the official Jellyfin webhook plugin's payload in "Send All Properties" mode:
 * one flat object with PascalCase keys, where a key is absent when its value is unset. A
 * template that writes the same keys is read by the same schemas, so the value schemas accept
 * template text too (see values.ts). Objects are loose because the plugin adds keys between
 * releases and writes one `Provider_<name>` key per provider id.
 */

import { z } from 'zod'

import { isPlainObject } from '../emby/detect.js'
import { nonEmptyString, optional, utcTimestamp } from '../emby/fields.js'
import { displayName, flag, jellyfinId, templateCount, templateTicks } from './values.js'

/**
 * The fields needed to decide whether a notification or item is ignored. Every field but
 * `NotificationType` falls back to `undefined` when it has the wrong type, so that a malformed
 * music or library notification is still ignored rather than rejected as invalid.
 */
export const JellyfinEnvelope = z
  .object({
    NotificationType: nonEmptyString,
    ItemType: z.string().optional().catch(undefined),
    NotificationUsername: z.string().optional().catch(undefined),
    SaveReason: z.string().optional().catch(undefined),
    Played: optional(flag).catch(undefined),
  })
  .loose()

export type JellyfinEnvelope = z.infer<typeof JellyfinEnvelope>

/** The item fields that both movies and episodes use. */
const itemFields = {
  ItemId: jellyfinId,
  // 0 when the server does not know the runtime.
  RunTimeTicks: optional(templateTicks),
  // The item's path and the library that contains it. NOTE: read from the plugin's source, and
  // no captured payload has these keys yet.
  Path: optional(z.string()),
  LibraryIdByMaxPath: optional(nonEmptyString),
  LibraryNameByMaxPath: optional(nonEmptyString),
}

export const JellyfinMovie = z
  .object({
    ItemType: z.literal('Movie'),
    ...itemFields,
    Name: displayName,
    Year: optional(templateCount),
  })
  .loose()

export const JellyfinEpisode = z
  .object({
    ItemType: z.literal('Episode'),
    ...itemFields,
    Name: optional(displayName),
    SeriesName: displayName,
    SeriesId: optional(jellyfinId),
    // `yyyy-MM-dd`, the first air date of the series.
    SeriesPremiereDate: optional(z.string()),
    // Season 0 contains specials, and year-based seasons use the year (2026) as their number.
    SeasonNumber: optional(templateCount),
    EpisodeNumber: optional(templateCount),
    // Sent for multi-episode files only.
    EpisodeNumberEnd: optional(templateCount),
  })
  .loose()

export type JellyfinMovie = z.infer<typeof JellyfinMovie>
export type JellyfinEpisode = z.infer<typeof JellyfinEpisode>

/**
 * The item of a playback or user data notification. It is parsed apart from the notification
 * fields, because zod cannot intersect two loose objects when a transform changes a key.
 */
export const JellyfinItem = z.discriminatedUnion('ItemType', [JellyfinMovie, JellyfinEpisode])

export type JellyfinItem = z.infer<typeof JellyfinItem>

/**
 * Copies `Username` to `NotificationUsername` when only the former is present, because an
 * older plugin release named the user of a playback notification `Username`.
 */
function copyUsername(value: unknown): unknown {
  if (!isPlainObject(value) || value['NotificationUsername'] !== undefined || value['Username'] === undefined) {
    return value
  }

  return { ...value, NotificationUsername: value['Username'] }
}

/** Server, user and time fields of every item notification. */
const notificationFields = {
  ServerId: jellyfinId,
  // The plugin writes the user name of playback and user data notifications without escaping it.
  NotificationUsername: nonEmptyString,
  UserId: optional(jellyfinId),
  UtcTimestamp: optional(utcTimestamp),
}

/** The fields of a PlaybackStart, PlaybackProgress or PlaybackStop notification besides the item. */
export const JellyfinPlaybackFields = z.preprocess(
  copyUsername,
  z
    .object({
      ...notificationFields,
      DeviceId: nonEmptyString,
      DeviceName: optional(displayName),
      ClientName: optional(z.string()),
      // The session id, sent by the 10.9 plugin and later.
      Id: optional(nonEmptyString),
      // 0 when the client reported no position.
      PlaybackPositionTicks: optional(templateTicks),
      IsPaused: optional(flag),
      // Sent on PlaybackStop only.
      PlayedToCompletion: optional(flag),
    })
    .loose(),
)

/** The fields of a UserDataSaved notification besides the item. User data notifications carry no session. */
export const JellyfinUserDataFields = z.preprocess(copyUsername, z.object(notificationFields).loose())

export type JellyfinPlaybackFields = z.infer<typeof JellyfinPlaybackFields>
export type JellyfinUserDataFields = z.infer<typeof JellyfinUserDataFields>
