// The Jellyfin webhook adapter (the official jellyfin-plugin-webhook, Generic destination).

export { looksLikeJellyfinPayload } from './detect.js'
export { diagnoseJellyfinBody } from './diagnose.js'
export { parseJellyfinWebhook } from './parse.js'
