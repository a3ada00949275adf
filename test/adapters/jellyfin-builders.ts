/**
 * Jellyfin webhook payloads for tests: the captured fixtures in test/fixtures/jellyfin, and
 * small builders that change one part of a fixture to make a variant.
 */

import { readFileSync } from 'node:fs'

/** A Jellyfin webhook payload as JSON.parse returns it. */
export type JellyfinPayload = Record<string, unknown>

/** Key changes for a payload. A value of `undefined` removes the key, as the plugin omits unset keys. */
export type JellyfinOverrides = Record<string, unknown>

const FIXTURE_DIRECTORY = new URL('../fixtures/jellyfin/', import.meta.url)

// Keys that only playback notifications carry. UserDataSaved has none of them.
const PLAYBACK_ONLY_KEYS = [
  'PlaybackPosition',
  'MediaSourceId',
  'IsPaused',
  'IsAutomated',
  'DeviceId',
  'DeviceName',
  'ClientName',
  'PlayMethod',
  'Id',
  'Client',
  'LastActivityDate',
  'LastPlaybackCheckIn',
  'RemoteEndPoint',
]

export function readJellyfinFixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURE_DIRECTORY), 'utf8')
}

export function loadJellyfinFixture(name: string): JellyfinPayload {
  return JSON.parse(readJellyfinFixtureText(name)) as JellyfinPayload
}

/** Splits a raw HTTP request into its header lines and its body. Accepts CRLF or LF line ends. */
export function splitHttpRequest(rawRequest: string): { headers: string[]; body: string } {
  const headerEnd = /\r?\n\r?\n/.exec(rawRequest)
  if (headerEnd === null) {
    throw new Error('Raw request has no blank line between its headers and its body')
  }

  return {
    headers: rawRequest.slice(0, headerEnd.index).split(/\r?\n/),
    body: rawRequest.slice(headerEnd.index + headerEnd[0].length),
  }
}

function applyOverrides(target: JellyfinPayload, overrides: JellyfinOverrides): JellyfinPayload {
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) {
      delete target[key]
    } else {
      target[key] = value
    }
  }

  return target
}

/** Returns a copy of the payload with keys changed (`NotificationType`, `IsPaused`, …). */
export function withKeys(payload: JellyfinPayload, overrides: JellyfinOverrides): JellyfinPayload {
  return applyOverrides(structuredClone(payload), overrides)
}

/** Returns a copy of a template payload with keys of one of its objects changed (`Item`, `Session`, …). */
export function withSection(payload: JellyfinPayload, section: string, overrides: JellyfinOverrides): JellyfinPayload {
  const copy = structuredClone(payload)
  const current = copy[section]
  const sectionCopy = typeof current === 'object' && current !== null ? (current as JellyfinPayload) : {}
  copy[section] = applyOverrides(sectionCopy, overrides)

  return copy
}

/** Returns a PlaybackStart payload of a movie (The Matrix, resumed at 31:13). */
export function buildMoviePayload(): JellyfinPayload {
  return loadJellyfinFixture('movie-playback-start.json')
}

/** Returns a PlaybackStart payload of an episode (The Handmaid's Tale S01E01). */
export function buildEpisodePayload(): JellyfinPayload {
  return loadJellyfinFixture('episode-playback-start.json')
}

/**
 * Returns a UserDataSaved payload of a movie marked played (The Matrix): the movie's item keys
 * with the user data keys in place of the playback keys.
 */
export function buildMarkedPlayedPayload(base: JellyfinPayload = buildMoviePayload()): JellyfinPayload {
  const withoutPlayback = withKeys(base, Object.fromEntries(PLAYBACK_ONLY_KEYS.map((key) => [key, undefined])))

  return withKeys(withoutPlayback, {
    NotificationType: 'UserDataSaved',
    Likes: false,
    Rating: 0,
    PlaybackPositionTicks: 0,
    PlaybackPosition: '00:00:00',
    PlayCount: 1,
    Favorite: false,
    Played: true,
    AudioStreamIndex: -1,
    SubtitleStreamIndex: -1,
    LastPlayedDate: '2025-06-14T18:03:11.2745552Z',
    SaveReason: 'TogglePlayed',
  })
}

/**
 * Returns a complete payload in the Emby-like template shape: Ryot's template output with the
 * keys the bridge needs added, as a template that writes `{{ItemId}}` renders them (GUIDs with
 * dashes).
 */
export function buildTemplatePayload(): JellyfinPayload {
  const ryot = loadJellyfinFixture('template-ryot-playback-progress.json')
  const withEvent = withKeys(ryot, { Event: 'Play', Server: { Id: '7d3f0a9c-2b4e-4f1a-8c6d-5e0b1a2c3d4e' } })
  const withUser = withSection(withEvent, 'User', { Id: '4b1e9c2d-7f0a-4c3e-9d8b-6a5f4e3d2c1b' })
  const withItem = withSection(withUser, 'Item', { Id: '9871a124-b152-901e-dc3a-afa0f374d14e', Name: 'The Matrix' })

  return withSection(withItem, 'Session', {
    DeviceId: 'c5391b0e12003b403f81f5808bd1834c8bc3ac0d',
    DeviceName: 'Fire TV Stick',
    Id: '0b5422a1f77b5ead8a0a8c2358edd59c',
  })
}

/** Returns a template payload of an episode (The Handmaid's Tale S01E01) with its series. */
export function buildTemplateEpisodePayload(): JellyfinPayload {
  const withItem = withKeys(buildTemplatePayload(), {
    Item: {
      Type: 'Episode',
      Id: 'a3c5e7f9-b1d2-4f6a-8c0e-2b4d6f8a0c1e',
      Name: 'Offred',
      SeriesName: "The Handmaid's Tale",
      SeriesId: '5b7d9f1a-3c5e-4a7b-9d1f-3a5c7e9b1d2f',
      ParentIndexNumber: 1,
      IndexNumber: 1,
      RunTimeTicks: 34714240000,
      ProviderIds: { Tvdb: '5894364', Imdb: 'tt5690812', Tmdb: '1293645' },
      UserData: { Played: false },
    },
  })

  return withKeys(withItem, {
    Series: { ProviderIds: { Tvdb: '321239', Imdb: 'tt5834204', Tmdb: '69478' }, ProductionYear: 2017 },
  })
}
