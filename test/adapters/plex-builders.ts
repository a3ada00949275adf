/**
 * Plex webhook payloads for tests: the captured fixtures in test/fixtures/plex, and small
 * builders that change one part of a fixture to make a variant.
 */

import { readFileSync } from 'node:fs'

/** A Plex webhook payload as JSON.parse returns it. */
export type PlexPayload = Record<string, unknown>

/** Key changes for one object of a payload. A value of `undefined` removes the key, as Plex omits empty keys. */
export type PlexOverrides = Record<string, unknown>

type PlexSection = 'Account' | 'Server' | 'Player' | 'Metadata'

const FIXTURE_DIRECTORY = new URL('../fixtures/plex/', import.meta.url)

export function readPlexFixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURE_DIRECTORY), 'utf8')
}

export function loadPlexFixture(name: string): PlexPayload {
  return JSON.parse(readPlexFixtureText(name)) as PlexPayload
}

/**
 * Extracts one field of a raw multipart/form-data HTTP request, as the HTTP route does before
 * JSON.parse. Accepts CRLF or LF line ends.
 */
export function extractMultipartField(rawRequest: string, fieldName: string): string {
  const boundary = /boundary=([^\r\n;]+)/.exec(rawRequest)?.[1]
  if (boundary === undefined) {
    throw new Error('Raw request has no multipart boundary in its Content-Type header')
  }

  for (const part of rawRequest.split(`--${boundary}`)) {
    const headerEnd = /\r?\n\r?\n/.exec(part)
    if (headerEnd === null) {
      continue
    }

    const headers = part.slice(0, headerEnd.index)
    if (headers.includes(`name="${fieldName}"`)) {
      return part.slice(headerEnd.index + headerEnd[0].length).replace(/\r?\n$/, '')
    }
  }

  throw new Error(`Raw request has no multipart field named "${fieldName}"`)
}

function applyOverrides(target: PlexPayload, overrides: PlexOverrides): PlexPayload {
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) {
      delete target[key]
    } else {
      target[key] = value
    }
  }

  return target
}

/** Returns a copy of the payload with top-level keys changed (`event`, `user`, `rating`, …). */
export function withKeys(payload: PlexPayload, overrides: PlexOverrides): PlexPayload {
  return applyOverrides(structuredClone(payload), overrides)
}

function withSection(payload: PlexPayload, section: PlexSection, overrides: PlexOverrides): PlexPayload {
  const copy = structuredClone(payload)
  const current = copy[section]
  const sectionCopy = typeof current === 'object' && current !== null ? (current as PlexPayload) : {}
  copy[section] = applyOverrides(sectionCopy, overrides)

  return copy
}

export function withMetadata(payload: PlexPayload, overrides: PlexOverrides): PlexPayload {
  return withSection(payload, 'Metadata', overrides)
}

export function withAccount(payload: PlexPayload, overrides: PlexOverrides): PlexPayload {
  return withSection(payload, 'Account', overrides)
}

export function withPlayer(payload: PlexPayload, overrides: PlexOverrides): PlexPayload {
  return withSection(payload, 'Player', overrides)
}

export function withServer(payload: PlexPayload, overrides: PlexOverrides): PlexPayload {
  return withSection(payload, 'Server', overrides)
}

/** Returns a media.play payload of a movie matched by the new Plex agents (The Matrix). */
export function buildMoviePayload(): PlexPayload {
  return loadPlexFixture('movie-play-newagent.json')
}

/** Returns a media.play payload of an episode matched by the new Plex agents (Breaking Bad S05E14). */
export function buildEpisodePayload(): PlexPayload {
  return loadPlexFixture('episode-play-newagent.json')
}

/**
 * Returns a media.play payload of an episode matched by a legacy agent. It is the new-agent
 * episode with its guids replaced and without `Guid[]`, which legacy agents do not write.
 */
export function buildLegacyEpisodePayload(guid: string, grandparentGuid?: string): PlexPayload {
  return withMetadata(buildEpisodePayload(), {
    guid,
    parentGuid: undefined,
    grandparentGuid,
    grandparentSlug: undefined,
    Guid: undefined,
  })
}
