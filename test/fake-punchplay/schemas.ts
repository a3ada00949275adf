import { z } from 'zod'

import { FAKE_ROUTES } from './options.js'

export const PLAYBACK_ACTIONS = ['start', 'pause', 'resume', 'progress', 'stop'] as const
export type PlaybackAction = (typeof PLAYBACK_ACTIONS)[number]

// Optional fields accept JSON null because clients such as the Jellyfin plugin serialise
// every unset field as null. Unknown keys are stripped because z.object() strips by default.
const optionalString = z.string().nullish()
const optionalCount = z.number().int().nonnegative().nullish()
const optionalFraction = z.number().min(0).max(1).nullish()

export const deviceCodeRequestSchema = z.object({
  client_id: z.string().min(1),
  client_secret: optionalString,
  scope: optionalString,
})

export const deviceTokenRequestSchema = z.object({
  client_id: z.string().min(1),
  client_secret: optionalString,
  device_code: z.string().min(1),
  device_id: optionalString,
  device_name: optionalString,
  linked_user_id: optionalString,
  linked_username: optionalString,
})

export const refreshRequestSchema = z.object({
  client_id: z.string().min(1),
  client_secret: optionalString,
  refresh_token: z.string().min(1),
})

/**
 * The playback event body. Integer fields are checked as integers, following the API
 * reference, although the guide types `duration_seconds` and `position_seconds` as numbers:
 * a client that sends integers works with either reading.
 */
export const playbackEventSchema = z.object({
  media_type: z.enum(['movie', 'episode']),
  title: z.string().refine((title) => title.trim() !== '', 'must not be empty'),
  event_id: optionalString,
  year: z.number().int().nullish(),
  imdb_id: optionalString,
  tmdb_id: z.number().int().positive().nullish(),
  tvdb_id: z.number().int().positive().nullish(),
  punchplay_id: optionalString,
  season: optionalCount,
  episode: optionalCount,
  episode_end: optionalCount,
  absolute_episode: optionalCount,
  episode_title: optionalString,
  multi_episode: z.boolean().nullish(),
  anime: z.boolean().nullish(),
  progress: optionalFraction,
  duration_seconds: optionalCount,
  position_seconds: optionalCount,
  device_id: optionalString,
  playback_session_id: optionalString,
  event_created_at: optionalCount,
  client_version: optionalString,
  watched: z.boolean().nullish(),
  watched_threshold: optionalFraction,
  raw_filename: optionalString,
  jellyfin_user_id: optionalString,
})

export type PlaybackEventBody = z.infer<typeof playbackEventSchema>

const fakeRouteSchema = z.enum(FAKE_ROUTES)
const errorStatusSchema = z.number().int().min(400).max(599)

export const userCodeControlSchema = z.object({ userCode: z.string().min(1) })

export const approveControlSchema = z.object({
  userCode: z.string().min(1),
  username: z.string().refine((username) => username.trim() !== '', 'must not be empty'),
})

export const revokeControlSchema = z.object({ username: z.string().min(1) })

export const failNextControlSchema = z.object({
  route: fakeRouteSchema,
  status: errorStatusSchema,
  count: z.number().int().positive().optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  error: z.string().min(1).optional(),
})

export const playbackDownControlSchema = z.object({ status: errorStatusSchema.nullable() })

export const hangNextControlSchema = z.object({
  route: fakeRouteSchema,
  count: z.number().int().positive().optional(),
})

export type ParseResult<T> = { ok: true; data: T } | { ok: false; message: string }

/** Validates a body and, on failure, describes every invalid field by name. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, bodyName: string): ParseResult<T> {
  const result = schema.safeParse(body, {
    error: (issue) => (issue.input === undefined ? 'is required' : undefined),
  })
  if (result.success) {
    return { ok: true, data: result.data }
  }
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.')
    if (field === '') {
      return issue.message
    }
    return issue.message === 'is required' ? `${field} is required` : `${field}: ${issue.message}`
  })
  return { ok: false, message: `Invalid ${bodyName}: ${problems.join('; ')}.` }
}
