/**
 * Redaction of media-server payloads before they are stored in the payload log: secrets,
 * network addresses and the names of people are replaced, structure and everything else is
 * kept so the operator can still see what the server sent.
 */

export const REDACTED = '[redacted]'

/** Keys whose values are secrets, whatever their case and separators. */
const SECRET_KEY = /(token|api[-_]?key|password|passwd|secret|authorization|cookie)/i

/** Keys whose values are network addresses (Plex `publicAddress`, Jellyfin `RemoteEndPoint`). */
const ADDRESS_KEY = /(address|endpoint|remoteip|ipaddress|^host$|hostname)/i

/** Keys that name a person directly. */
const USER_NAME_KEYS = new Set(['notificationusername', 'username', 'user_name', 'accountname'])

/** Objects that describe a person; their name-like and picture fields are redacted. */
const PERSON_OBJECT_KEYS = new Set(['account', 'user'])
const PERSON_FIELDS = new Set(['title', 'name', 'thumb', 'email', 'avatar'])

const IPV4 = /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b/g
// Two or more hex groups joined by colons, with an optional :: gap, e.g. 2001:db8::1.
const IPV6 = /\b(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}\b|\b(?:[0-9a-f]{1,4}:){1,7}:(?:[0-9a-f]{1,4})?\b/gi
const QUERY_SECRET = /([?&](?:x-plex-token|api_key|apikey|token|access_token)=)[^&\s"]+/gi

/** Redact a parsed JSON payload; returns a new value and leaves the input untouched. */
export function redactPayload(value: unknown): unknown {
  return redactValue(value, undefined, false)
}

/** Redact a body that could not be parsed as JSON: addresses and query-string secrets only. */
export function redactText(text: string): string {
  return text.replace(QUERY_SECRET, `$1${REDACTED}`).replace(IPV4, REDACTED).replace(IPV6, (match) => (looksLikeClock(match) ? match : REDACTED))
}

function redactValue(value: unknown, key: string | undefined, inPerson: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => redactValue(item, key, inPerson))

  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {}
    const isPerson = key !== undefined && PERSON_OBJECT_KEYS.has(key.toLowerCase())
    for (const [childKey, child] of Object.entries(value)) result[childKey] = redactValue(child, childKey, isPerson)
    return result
  }

  if (key !== undefined && typeof value === 'string') {
    const lower = key.toLowerCase()
    if (SECRET_KEY.test(key) || ADDRESS_KEY.test(key) || USER_NAME_KEYS.has(lower)) return REDACTED
    if (inPerson && PERSON_FIELDS.has(lower)) return REDACTED
    return redactText(value)
  }
  if (key !== undefined && typeof value === 'number' && SECRET_KEY.test(key)) return REDACTED
  return value
}

/** `12:30:45` matches the IPv6 pattern's shape but is a time of day, kept as it is. */
function looksLikeClock(text: string): boolean {
  return /^\d{1,2}:\d{2}(:\d{2})?$/.test(text)
}
