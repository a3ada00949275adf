/**
 * Access to the captured Kodi messages in test/fixtures/kodi, and builders of Kodi values.
 */

import { readFileSync } from 'node:fs'

const FIXTURE_FOLDER = new URL('../fixtures/kodi/', import.meta.url)

export type JsonObject = Record<string, unknown>

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads a fixture file as text. */
export function readKodiFixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURE_FOLDER), 'utf8')
}

/** Reads a JSON fixture, and throws when it is not a JSON object. */
export function readKodiFixture(name: string): JsonObject {
  const value: unknown = JSON.parse(readKodiFixtureText(name))
  if (!isJsonObject(value)) {
    throw new Error(`Kodi fixture ${name} is not a JSON object`)
  }

  return value
}

/** The `result` of a response fixture, such as `response-getitem-library-episode.json`. */
export function readKodiFixtureResult(name: string): unknown {
  const fixture = readKodiFixture(name)
  if (!('result' in fixture)) {
    throw new Error(`Kodi fixture ${name} has no result`)
  }

  return fixture['result']
}

/** The `result.item` of a `Player.GetItem` response fixture, as a fresh copy. */
export function readKodiFixtureItem(name: string): JsonObject {
  const result = readKodiFixtureResult(name)
  if (!isJsonObject(result) || !isJsonObject(result['item'])) {
    throw new Error(`Kodi fixture ${name} has no result.item object`)
  }

  return structuredClone(result['item'])
}

/** The method and `params.data` of a notification fixture. */
export function readKodiFixtureNotification(name: string): { method: string; data: unknown } {
  const fixture = readKodiFixture(name)
  const params = fixture['params']
  if (typeof fixture['method'] !== 'string' || !isJsonObject(params)) {
    throw new Error(`Kodi fixture ${name} is not a notification`)
  }

  return { method: fixture['method'], data: params['data'] }
}

/** Builds a Kodi time object (`Global.Time`) for a number of seconds, keeping fractions as milliseconds. */
export function kodiTime(totalSeconds: number): { hours: number; milliseconds: number; minutes: number; seconds: number } {
  const totalMilliseconds = Math.round(totalSeconds * 1000)
  const milliseconds = totalMilliseconds % 1000
  const wholeSeconds = Math.floor(totalMilliseconds / 1000)

  return {
    hours: Math.floor(wholeSeconds / 3600),
    milliseconds,
    minutes: Math.floor((wholeSeconds % 3600) / 60),
    seconds: wholeSeconds % 60,
  }
}

/** Builds the `Player.GetProperties` result of a video at `positionSeconds` of `totalSeconds`. */
export function kodiProperties(positionSeconds: number, totalSeconds: number, speed = 1): JsonObject {
  return {
    live: false,
    percentage: (positionSeconds / totalSeconds) * 100,
    speed,
    time: kodiTime(positionSeconds),
    totaltime: kodiTime(totalSeconds),
  }
}
