/**
 * Zod schemas of single fields that Emby and Jellyfin payloads share: ids, counts, 100 ns
 * ticks, UTC times and provider id maps.
 */

import { z } from 'zod'

import { parseUtcTimestamp } from './conversions.js'

export const nonEmptyString = z.string().min(1)

/** A season, episode or year number. Season 0 contains specials. */
export const count = z.number().int().nonnegative()

/** A duration or position in 100 ns ticks. */
export const ticks = z.number().int().nonnegative()

/** A provider id map (`{ "Tmdb": "603" }`), read by `collectProviderIds`. */
export const providerIdMap = z.record(z.string(), z.unknown())

/**
 * Makes a field optional and reads JSON null and the empty string as absent. Emby omits empty
 * keys but some relays write null, and a Jellyfin template renders an unset variable as "".
 */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === null || value === '' ? undefined : value), schema.optional())
}

/** An ISO 8601 UTC time (Jellyfin `UtcTimestamp`, Emby `Date`), read as UTC epoch milliseconds. */
export const utcTimestamp = z.string().transform((text, context) => {
  const milliseconds = parseUtcTimestamp(text)
  if (milliseconds === undefined) {
    context.addIssue({
      code: 'custom',
      message: `expected an ISO 8601 UTC time such as 2025-06-14T18:03:11.2745552Z, received "${text}"`,
      input: text,
    })

    return z.NEVER
  }

  return milliseconds
})
