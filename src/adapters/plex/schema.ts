/**
 * Zod schemas of the Plex Media Server webhook payload (the JSON of the multipart `payload`
 * part). Plex omits empty keys rather than sending null, so optional keys are `.optional()`,
 * and objects are loose because Plex adds keys between releases.
 */

import { z } from 'zod'

const nonEmptyString = z.string().min(1)

/** Milliseconds, as Plex sends `viewOffset` and `duration`. */
const milliseconds = z.number().nonnegative()

const count = z.number().int().nonnegative()

/**
 * The fields needed to decide whether an event or item is ignored. Every field falls back to
 * `undefined` when it has the wrong type, so that a malformed music or library event is still
 * ignored rather than rejected as invalid.
 */
export const PlexEnvelope = z
  .object({
    event: nonEmptyString,
    Account: z
      .object({ title: z.string().optional().catch(undefined) })
      .loose()
      .optional()
      .catch(undefined),
    Metadata: z
      .object({
        type: z.string().optional().catch(undefined),
        subtype: z.string().optional().catch(undefined),
        key: z.string().optional().catch(undefined),
        librarySectionType: z.string().optional().catch(undefined),
        live: z.unknown().optional(),
      })
      .loose()
      .optional()
      .catch(undefined),
  })
  .loose()

export type PlexEnvelope = z.infer<typeof PlexEnvelope>

/** The item's `Metadata` fields that both movies and episodes use. */
const itemFields = {
  ratingKey: nonEmptyString,
  title: nonEmptyString,
  guid: z.string().optional(),
  Guid: z.array(z.object({ id: z.string() }).loose()).optional(),
  viewOffset: milliseconds.optional(),
  duration: milliseconds.optional(),
  // Plex sends an integer. A digit string is accepted as well, as other Plex webhook readers do.
  librarySectionID: z.union([count, z.string().regex(/^\d+$/)]).optional(),
  librarySectionTitle: z.string().optional(),
}

export const PlexMovieMetadata = z
  .object({
    type: z.literal('movie'),
    ...itemFields,
    year: z.number().int().optional(),
  })
  .loose()

export const PlexEpisodeMetadata = z
  .object({
    type: z.literal('episode'),
    ...itemFields,
    grandparentTitle: nonEmptyString,
    grandparentRatingKey: z.string().optional(),
    grandparentGuid: z.string().optional(),
    // Season 0 contains specials, and year-based seasons use the year (2026) as `parentIndex`.
    parentIndex: count.optional(),
    index: count.optional(),
  })
  .loose()

export type PlexMovieMetadata = z.infer<typeof PlexMovieMetadata>
export type PlexEpisodeMetadata = z.infer<typeof PlexEpisodeMetadata>

/** A `media.*` payload of a movie or episode, with every field the normalized event needs. */
export const PlexPlaybackPayload = z
  .object({
    event: nonEmptyString,
    Account: z
      .object({
        id: count.optional(),
        title: nonEmptyString,
      })
      .loose(),
    Server: z.object({ uuid: nonEmptyString }).loose(),
    Player: z
      .object({
        uuid: nonEmptyString,
        title: z.string().optional(),
      })
      .loose(),
    Metadata: z.discriminatedUnion('type', [PlexMovieMetadata, PlexEpisodeMetadata]),
  })
  .loose()

export type PlexPlaybackPayload = z.infer<typeof PlexPlaybackPayload>
