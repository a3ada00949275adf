/**
 * Shape checks that run before validation: whether a value is shaped like a Plex webhook at
 * all, and whether it is a relay's imitation of one.
 */

import { isPlainObject } from '../payload-checks.js'

export { describeJsonType, isPlainObject } from '../payload-checks.js'

const PLEX_EVENT_PREFIXES = ['media.', 'library.', 'admin.', 'device.', 'playback.']

// Keys that Plex sends as JSON numbers. Tautulli's "Plex-like" relay sends them as strings.
const NUMERIC_ACCOUNT_KEYS = ['id']
const NUMERIC_METADATA_KEYS = ['viewOffset', 'duration', 'index', 'parentIndex', 'year']

function findStringValues(record: unknown, keys: readonly string[], prefix: string): string[] {
  if (!isPlainObject(record)) {
    return []
  }

  return keys.filter((key) => typeof record[key] === 'string').map((key) => `${prefix}.${key}`)
}

/**
 * Returns the evidence that a payload was relayed by Tautulli rather than sent by Plex, or
 * undefined for a payload without that evidence. Tautulli puts ids in a `Metadata.Guids`
 * object, where Plex uses the `Metadata.Guid` array, and writes numbers as strings.
 */
export function findRelayEvidence(payload: Record<string, unknown>): string | undefined {
  const metadata = payload['Metadata']
  if (isPlainObject(metadata) && 'Guids' in metadata) {
    return 'it has a Metadata.Guids key, which is not a Plex webhook key'
  }

  const stringNumbers = [
    ...findStringValues(payload['Account'], NUMERIC_ACCOUNT_KEYS, 'Account'),
    ...findStringValues(metadata, NUMERIC_METADATA_KEYS, 'Metadata'),
  ]
  if (stringNumbers.length > 0) {
    const verbPhrase = stringNumbers.length === 1 ? 'is a string' : 'are strings'

    return `${stringNumbers.join(', ')} ${verbPhrase}, but Plex sends numbers`
  }

  return undefined
}

/**
 * Tells whether a value is shaped like a Plex webhook payload: an `event` name in one of Plex's
 * families (`media.`, `library.`, `admin.`, `device.`, `playback.`) and at least one of the
 * `Account`, `Server` or `Metadata` objects. Does not validate the payload.
 */
export function looksLikePlexPayload(value: unknown): boolean {
  if (!isPlainObject(value)) {
    return false
  }

  const event = value['event']
  if (typeof event !== 'string' || !PLEX_EVENT_PREFIXES.some((prefix) => event.startsWith(prefix))) {
    return false
  }

  return ['Account', 'Server', 'Metadata'].some((key) => isPlainObject(value[key]))
}
