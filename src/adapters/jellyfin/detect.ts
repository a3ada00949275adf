/**
 * Shape checks that run before validation: whether a value is shaped like a Jellyfin webhook
 * at all, so that a payload posted to another source's URL can be named.
 */

import { isPlainObject } from '../emby/detect.js'

/**
 * Tells whether a payload has the Emby-like shape that Jellyfin templates (Ryot's, for one)
 * and the unofficial jellyfin-plugin-webhooks plugin write: an `Event` name without dots
 * (`Play`, `Stop`, or "" for other notifications) and an `Item` object. Emby's own event names
 * always contain a dot (`playback.start`).
 */
export function isEmbyShapedTemplate(value: Record<string, unknown>): boolean {
  const event = value['Event']

  return typeof event === 'string' && !event.includes('.') && isPlainObject(value['Item'])
}

/**
 * Tells whether a value is shaped like a Jellyfin webhook payload: the official plugin's
 * `NotificationType` key, or the Emby-like template shape. Does not validate the payload.
 */
export function looksLikeJellyfinPayload(value: unknown): boolean {
  if (!isPlainObject(value)) {
    return false
  }

  const notificationType = value['NotificationType']
  if (typeof notificationType === 'string' && notificationType !== '') {
    return true
  }

  return isEmbyShapedTemplate(value)
}
