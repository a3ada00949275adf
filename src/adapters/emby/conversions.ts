/**
 * Conversions of values that Emby and Jellyfin (a 2018 fork of Emby) write the same way:
 * durations in 100 ns ticks, ISO 8601 UTC times with 7 fractional digits, and file paths.
 */

const TICKS_PER_SECOND = 10_000_000

// Date and time, an optional fraction of any length (.NET writes up to 7 digits and trims
// trailing zeros) and an optional zone: `Z` or an offset such as `+02:00`.
const ISO_TIMESTAMP_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/

const MAX_OFFSET_MINUTES = 14 * 60

/** Converts 100 ns ticks to whole seconds, rounding down so a position never passes the duration. */
export function ticksToWholeSeconds(ticks: number): number {
  return Math.floor(ticks / TICKS_PER_SECOND)
}

/** Reads a `+02:00` or `-05:30` offset in minutes, or returns undefined when it is out of range. */
function readOffsetMinutes(zone: string): number | undefined {
  if (zone === 'Z') {
    return 0
  }

  const hours = Number(zone.slice(1, 3))
  const minutes = Number(zone.slice(4, 6))
  const total = hours * 60 + minutes
  if (minutes > 59 || total > MAX_OFFSET_MINUTES) {
    return undefined
  }

  return zone.startsWith('-') ? -total : total
}

/**
 * Parses an ISO 8601 time of a field that is UTC by definition (Jellyfin `UtcTimestamp`, Emby
 * `Date`) into UTC epoch milliseconds. The fraction is cut to milliseconds. A time without a
 * zone is read as UTC, and one with an offset is converted to UTC. Returns undefined for text
 * that is not such a time or names an impossible date (`2025-02-30`).
 *
 * @example
 * parseUtcTimestamp('2025-06-14T18:03:11.2745552Z') // 1749924191274
 */
export function parseUtcTimestamp(text: string): number | undefined {
  const match = ISO_TIMESTAMP_PATTERN.exec(text)
  if (match === null) {
    return undefined
  }

  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number)
  const milliseconds = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3))
  const offsetMinutes = readOffsetMinutes(match[8] ?? 'Z')
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined ||
    offsetMinutes === undefined
  ) {
    return undefined
  }

  const wallClock = new Date(Date.UTC(year, month - 1, day, hour, minute, second, milliseconds))

  // Date.UTC rolls an impossible date over (February 30 becomes March 2), so a time whose
  // parts do not survive the round trip is rejected.
  const survivesRoundTrip =
    wallClock.getUTCFullYear() === year &&
    wallClock.getUTCMonth() === month - 1 &&
    wallClock.getUTCDate() === day &&
    wallClock.getUTCHours() === hour &&
    wallClock.getUTCMinutes() === minute &&
    wallClock.getUTCSeconds() === second
  if (!survivesRoundTrip) {
    return undefined
  }

  return wallClock.getTime() - offsetMinutes * 60_000
}

/**
 * Returns the file name of a server path, never the folders, which can contain the server's
 * user names and mount points. Both separators are accepted because a Windows server sends
 * `D:\Movies\…` and `\\nas\media\…` paths.
 */
export function readFileName(path: string): string | undefined {
  const name = path.split(/[\\/]/).at(-1)

  return name === undefined || name === '' ? undefined : name
}
