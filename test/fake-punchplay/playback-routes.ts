import { Hono } from 'hono'

import { respondWithError } from './errors.js'
import type { FakeEnv } from './errors.js'
import { deriveStableId } from './ids.js'
import { describeTitleIdentity } from './playback-store.js'
import { buildInProgress, buildNowPlaying } from './playback-views.js'
import { readJsonObject } from './request-body.js'
import { applyRouteFaults, authenticateBearer } from './route-guards.js'
import { PLAYBACK_ACTIONS, parseBody, playbackEventSchema } from './schemas.js'
import type { PlaybackAction, PlaybackEventBody } from './schemas.js'
import type { FakeState } from './state.js'

/** Playback writes and reads, relative to `/api/platform/v1`. */
export function createPlaybackRoutes(state: FakeState): Hono<FakeEnv> {
  const routes = new Hono<FakeEnv>()

  routes.get('/playback/now-playing', async (c) => {
    const blocked = await applyRouteFaults(c, state, 'playback-read')
    if (blocked !== undefined) {
      return blocked
    }
    const bearer = authenticateBearer(c, state, 'playback:read')
    if (!bearer.ok) {
      return bearer.response
    }
    const sessions = state.playback.sessionsOf(bearer.token.grant.username)
    return c.json(buildNowPlaying(sessions))
  })

  routes.get('/playback/in-progress', async (c) => {
    const blocked = await applyRouteFaults(c, state, 'playback-read')
    if (blocked !== undefined) {
      return blocked
    }
    const bearer = authenticateBearer(c, state, 'playback:read')
    if (!bearer.ok) {
      return bearer.response
    }
    const sessions = state.playback.sessionsOf(bearer.token.grant.username)
    return c.json(buildInProgress(sessions))
  })

  routes.post('/playback/:action', async (c) => {
    const action = c.req.param('action')
    if (!isPlaybackAction(action)) {
      const message = `Unknown playback action: ${action}. Use one of ${PLAYBACK_ACTIONS.join(', ')}.`
      return respondWithError(c, 404, 'not_found', message)
    }

    const blocked = await applyRouteFaults(c, state, 'playback')
    if (blocked !== undefined) {
      return blocked
    }
    const bearer = authenticateBearer(c, state, 'playback:write')
    if (!bearer.ok) {
      return bearer.response
    }
    const json = await readJsonObject(c)
    if (!json.ok) {
      return json.response
    }
    const parsed = parseBody(playbackEventSchema, json.body, 'playback event')
    if (!parsed.ok) {
      return respondWithError(c, 400, 'invalid_request', parsed.message)
    }

    const { grant } = bearer.token
    const outcome = state.playback.applyEvent({
      action,
      body: parsed.data,
      rawBody: json.body,
      username: grant.username,
      userId: grant.userId,
      clientId: grant.clientId,
      mediaSource: grant.device.deviceName ?? parsed.data.device_id ?? undefined,
      requestId: c.get('requestId'),
    })
    if (outcome.deduped) {
      return c.json({ ok: true, deduped: true })
    }
    return c.json({
      ok: true,
      deduped: false,
      ...describeResolvedIds(parsed.data),
      ...(outcome.ignored === undefined ? {} : { ignored: outcome.ignored }),
    })
  })

  return routes
}

function isPlaybackAction(action: string): action is PlaybackAction {
  return PLAYBACK_ACTIONS.some((known) => known === action)
}

/**
 * Echoes the ids and numbering a real server would resolve. The fake trusts what the client
 * sent, leaves out what it did not send, and derives a stable `punchplay_id` when none came.
 */
function describeResolvedIds(body: PlaybackEventBody): Record<string, string | number | boolean> {
  const ids: Record<string, string | number | boolean> = {
    punchplay_id: body.punchplay_id ?? deriveStableId('pp', describeTitleIdentity(body)),
  }
  const echoed = {
    tmdb_id: body.tmdb_id,
    tvdb_id: body.tvdb_id,
    imdb_id: body.imdb_id,
    season: body.season,
    episode: body.episode,
    episode_end: body.episode_end,
    absolute_episode: body.absolute_episode,
    anime: body.anime,
  }
  for (const [key, value] of Object.entries(echoed)) {
    if (value !== null && value !== undefined) {
      ids[key] = value
    }
  }
  return ids
}
