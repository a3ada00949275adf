import { Hono } from 'hono'
import type { z } from 'zod'

import { FakeControlError } from './control-error.js'
import type { FakeControls } from './controls.js'
import { respondWithError } from './errors.js'
import type { FakeContext, FakeEnv } from './errors.js'
import { renderControlResult } from './link-page.js'
import { isJsonObject } from './request-body.js'
import { FAKE_ROUTES } from './options.js'
import {
  approveControlSchema,
  failNextControlSchema,
  hangNextControlSchema,
  parseBody,
  playbackDownControlSchema,
  revokeControlSchema,
  userCodeControlSchema,
} from './schemas.js'
import type { FakeState } from './state.js'

interface ControlRequest {
  body: Record<string, unknown>
  /** True for a form post from the link page, which gets an HTML response instead of JSON. */
  fromForm: boolean
}

/**
 * Creates the `/__fake/` admin endpoints, so a separate process such as the demo can drive the fake.
 * Bodies are JSON with the same field names as the control methods' parameters. Approve and
 * deny also take the link page's form posts.
 */
export function createAdminRoutes(state: FakeState, controls: FakeControls): Hono<FakeEnv> {
  const routes = new Hono<FakeEnv>()

  routes.post('/approve', (c) =>
    runControl(c, approveControlSchema, ({ userCode, username }) => {
      controls.approve(userCode, username)
      return `Approved ${userCode} for ${username}. The device receives its tokens on its next poll.`
    }),
  )

  routes.post('/deny', (c) =>
    runControl(c, userCodeControlSchema, ({ userCode }) => {
      controls.deny(userCode)
      return `Denied ${userCode}. The device is told access_denied on its next poll.`
    }),
  )

  routes.post('/expire', (c) =>
    runControl(c, userCodeControlSchema, ({ userCode }) => {
      controls.expire(userCode)
      return `Expired ${userCode}.`
    }),
  )

  routes.post('/revoke', (c) =>
    runControl(c, revokeControlSchema, ({ username }) => {
      controls.revoke(username)
      return `Revoked every grant of ${username}.`
    }),
  )

  routes.post('/fail-next', (c) =>
    runControl(c, failNextControlSchema, (options) => {
      controls.failNext(options.route, options)
      return `The next ${options.count ?? 1} ${options.route} requests fail with status ${options.status}.`
    }),
  )

  routes.post('/playback-down', (c) =>
    runControl(c, playbackDownControlSchema, ({ status }) => {
      controls.setPlaybackDown(status)
      return status === null ? 'Playback is up.' : `Playback is down with status ${status}.`
    }),
  )

  routes.post('/hang-next', (c) =>
    runControl(c, hangNextControlSchema, ({ route, count }) => {
      controls.hangNext(route, count)
      return `The next ${count ?? 1} ${route} requests hang until the fake closes.`
    }),
  )

  routes.post('/expire-access-tokens', (c) => {
    controls.expireAccessTokens()
    return c.json({ ok: true, message: 'Every access token issued so far has expired.' })
  })

  routes.post('/reset', (c) => {
    controls.reset()
    return c.json({ ok: true, message: 'The fake forgot all tokens, sessions, logs and scheduled faults.' })
  })

  routes.get('/latest-user-code', (c) => c.json({ userCode: controls.latestUserCode() ?? null }))

  routes.get('/calls', (c) => c.json(state.playback.calls))

  routes.get('/requests', (c) => c.json(state.requests))

  routes.get('/sessions/:username', (c) => c.json(state.playback.sessions(c.req.param('username'))))

  routes.get('/counts', (c) => {
    const routeCounts = Object.fromEntries(FAKE_ROUTES.map((route) => [route, state.routeCounts.get(route) ?? 0]))
    return c.json({ refreshCount: state.auth.refreshCount, routes: routeCounts })
  })

  return routes
}

/** Validates a control request, runs the control and responds with JSON, or with HTML for form posts. */
async function runControl<T>(
  c: FakeContext,
  schema: z.ZodType<T>,
  run: (input: T) => string,
): Promise<Response> {
  const request = await readControlRequest(c)
  if (request instanceof Response) {
    return request
  }

  const parsed = parseBody(schema, request.body, 'control request')
  if (!parsed.ok) {
    return request.fromForm
      ? renderControlResult(c, 400, parsed.message)
      : respondWithError(c, 400, 'invalid_request', parsed.message)
  }

  let message: string
  try {
    message = run(parsed.data)
  } catch (error) {
    if (error instanceof FakeControlError) {
      return request.fromForm
        ? renderControlResult(c, error.status, error.message)
        : respondWithError(c, error.status, describeControlError(error.status), error.message)
    }
    if (error instanceof RangeError) {
      return respondWithError(c, 400, 'invalid_request', error.message)
    }
    throw error
  }
  return request.fromForm ? renderControlResult(c, 200, message) : c.json({ ok: true, message })
}

async function readControlRequest(c: FakeContext): Promise<ControlRequest | Response> {
  const contentType = c.req.header('content-type') ?? ''
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType)) {
    const form = await c.req.parseBody()
    const body: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(form)) {
      if (typeof value === 'string') {
        body[key] = value
      }
    }
    return { body, fromForm: true }
  }

  const text = await c.req.text()
  if (text.trim() === '') {
    return { body: {}, fromForm: false }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return respondWithError(c, 400, 'invalid_request', 'Control request body is not valid JSON.')
  }
  if (!isJsonObject(parsed)) {
    return respondWithError(c, 400, 'invalid_request', 'Control request body must be a JSON object.')
  }
  return { body: parsed, fromForm: false }
}

function describeControlError(status: 400 | 404 | 409): string {
  switch (status) {
    case 400:
      return 'invalid_request'
    case 404:
      return 'not_found'
    case 409:
      return 'conflict'
  }
}
