/**
 * Conversion of Kodi's time objects (`{hours, minutes, seconds, milliseconds}`) to seconds.
 */

import type { KodiTime } from './schema.js'

/** Converts a Kodi time object to seconds, keeping the milliseconds as a fraction. */
export function readKodiTimeSeconds(time: KodiTime): number {
  const wholeSeconds = (time.hours * 60 + time.minutes) * 60 + time.seconds

  return wholeSeconds + time.milliseconds / 1000
}
