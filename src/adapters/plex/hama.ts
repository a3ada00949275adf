/**
 * Episode numbering of HAMA, the Plex anime agent. HAMA's numbering mode is the prefix of the
 * id in its guid (`com.plexapp.agents.hama://anidb-69/1/1071`), and the mode decides whether
 * Plex's episode number is absolute. The modes are described in the Absolute Series Scanner
 * README (https://github.com/ZeroQI/Absolute-Series-Scanner), whose scanner HAMA libraries use.
 */

import type { HamaMode } from './guid.js'

// `tvdb3` and `tvdb4` keep absolute episode numbers inside TVDB or story-arc seasons, and
// `tvdb5` follows TVDB's absolute order. `anidb2` to `anidb4`, `tvdb` and `tvdb2` renumber
// episodes per TVDB season, so their numbers are not absolute.
// NOTE: read from the scanner's documentation. No webhook capture of a tvdb3 to tvdb5 library
// has confirmed that Plex's `index` carries the absolute number in those modes.
const ABSOLUTE_IN_EVERY_SEASON: ReadonlySet<HamaMode> = new Set(['tvdb3', 'tvdb4', 'tvdb5'])

/**
 * Returns the absolute episode number that a HAMA mode implies, or undefined when the number is
 * relative to its season. Specials (season 0) are never absolute.
 */
export function readAbsoluteEpisode(
  mode: HamaMode | undefined,
  season: number | undefined,
  episode: number | undefined,
): number | undefined {
  if (mode === undefined || season === undefined || episode === undefined || season === 0) {
    return undefined
  }

  // In `anidb` mode the whole series is season 1 in AniDB's own numbering, which is absolute.
  if (mode === 'anidb') {
    return season === 1 ? episode : undefined
  }

  return ABSOLUTE_IN_EVERY_SEASON.has(mode) ? episode : undefined
}
