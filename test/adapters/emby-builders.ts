/**
 * Emby webhook payloads for tests: the captured fixtures in test/fixtures/emby, and small
 * builders that change one part of a fixture to make a variant.
 */

import { readFileSync } from 'node:fs'

/** An Emby webhook payload as JSON.parse returns it. */
export type EmbyPayload = Record<string, unknown>

/** Key changes for one object of a payload. A value of `undefined` removes the key, as Emby omits null values. */
export type EmbyOverrides = Record<string, unknown>

type EmbySection = 'User' | 'Item' | 'Server' | 'Session' | 'PlaybackInfo'

const FIXTURE_DIRECTORY = new URL('../fixtures/emby/', import.meta.url)

export function readEmbyFixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURE_DIRECTORY), 'utf8')
}

export function loadEmbyFixture(name: string): EmbyPayload {
  return JSON.parse(readEmbyFixtureText(name)) as EmbyPayload
}

/**
 * Extracts one field of a raw multipart/form-data HTTP request. Emby quotes the boundary and
 * leaves the field name unquoted (`name=data`), so both spellings are accepted, and CRLF or LF
 * line ends.
 */
export function extractMultipartField(rawRequest: string, fieldName: string): string {
  const boundary = /boundary="?([^"\r\n;]+)"?/.exec(rawRequest)?.[1]
  if (boundary === undefined) {
    throw new Error('Raw request has no multipart boundary in its Content-Type header')
  }

  const namePattern = new RegExp(`name="?${fieldName}"?(;|\\s|$)`, 'm')
  for (const part of rawRequest.split(`--${boundary}`)) {
    const headerEnd = /\r?\n\r?\n/.exec(part)
    if (headerEnd === null) {
      continue
    }

    const headers = part.slice(0, headerEnd.index)
    if (namePattern.test(headers)) {
      return part.slice(headerEnd.index + headerEnd[0].length).replace(/\r?\n$/, '')
    }
  }

  throw new Error(`Raw request has no multipart field named "${fieldName}"`)
}

function applyOverrides(target: EmbyPayload, overrides: EmbyOverrides): EmbyPayload {
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) {
      delete target[key]
    } else {
      target[key] = value
    }
  }

  return target
}

/** Returns a copy of the payload with top-level keys changed (`Event`, `Date`, …). */
export function withKeys(payload: EmbyPayload, overrides: EmbyOverrides): EmbyPayload {
  return applyOverrides(structuredClone(payload), overrides)
}

function withSection(payload: EmbyPayload, section: EmbySection, overrides: EmbyOverrides): EmbyPayload {
  const copy = structuredClone(payload)
  const current = copy[section]
  const sectionCopy = typeof current === 'object' && current !== null ? (current as EmbyPayload) : {}
  copy[section] = applyOverrides(sectionCopy, overrides)

  return copy
}

export function withItem(payload: EmbyPayload, overrides: EmbyOverrides): EmbyPayload {
  return withSection(payload, 'Item', overrides)
}

export function withUser(payload: EmbyPayload, overrides: EmbyOverrides): EmbyPayload {
  return withSection(payload, 'User', overrides)
}

export function withServer(payload: EmbyPayload, overrides: EmbyOverrides): EmbyPayload {
  return withSection(payload, 'Server', overrides)
}

export function withSession(payload: EmbyPayload, overrides: EmbyOverrides): EmbyPayload {
  return withSection(payload, 'Session', overrides)
}

export function withPlaybackInfo(payload: EmbyPayload, overrides: EmbyOverrides): EmbyPayload {
  return withSection(payload, 'PlaybackInfo', overrides)
}

/** Returns a playback.start payload of a movie (The Accountant). */
export function buildMoviePayload(): EmbyPayload {
  return loadEmbyFixture('movie-playback-start.json')
}

/** Returns a playback.stop payload of an episode (Billy the Kid S02E01), played to completion. */
export function buildEpisodePayload(): EmbyPayload {
  return loadEmbyFixture('multipart-episode-playback-stop.data.json')
}

/** Returns an item.markplayed payload of a movie: `item.*` events carry no Session or PlaybackInfo. */
export function buildMarkedPlayedPayload(base: EmbyPayload = buildMoviePayload()): EmbyPayload {
  return withKeys(base, {
    Title: 'alex has marked The Accountant as played',
    Event: 'item.markplayed',
    Session: undefined,
    PlaybackInfo: undefined,
  })
}
