// The Emby Server webhook adapter.

export { looksLikeEmbyPayload } from './detect.js'
export { parseEmbyWebhook } from './parse.js'
