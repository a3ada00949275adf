/**
 * Shape checks that run before validation: whether a value is shaped like an Emby webhook at
 * all, so that a payload posted to another source's URL can be named.
 */

import { isPlainObject } from '../payload-checks.js'

export { describeJsonType, isPlainObject } from '../payload-checks.js'

// Emby event names are lower-case dotted words: `playback.start`, `item.markplayed`,
// `system.notificationtest`. Jellyfin's plugin and Plex use other keys or other spellings.
const EMBY_EVENT_PATTERN = /^[a-z]+(\.[a-z]+)+$/

/**
 * Tells whether a value is shaped like an Emby webhook payload: an `Event` key with a
 * lower-case dotted name such as `playback.start`. Plex uses a lower-case `event` key and
 * Jellyfin uses `NotificationType` or, in templates, `Event` values without dots, so none of
 * them match. Does not validate the payload.
 */
export function looksLikeEmbyPayload(value: unknown): boolean {
  if (!isPlainObject(value)) {
    return false
  }

  const event = value['Event']

  return typeof event === 'string' && EMBY_EVENT_PATTERN.test(event)
}
