// The Plex Media Server webhook adapter.

export { looksLikePlexPayload } from './detect.js'
export { parsePlexGuid } from './guid.js'
export type { HamaMode, PlexGuid, PlexGuidSource } from './guid.js'
export { parsePlexWebhook } from './parse.js'
