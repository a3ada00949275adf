/**
 * The configuration in force while the bridge runs: defaults, then the values saved from the
 * setup page, then config.yaml, then the environment, each layer winning over the ones before.
 * The page can only change keys that neither the file nor the environment sets, and every
 * change is validated with the same schema as the config file before it is stored.
 */
import type { Logger } from 'pino'

import { checkConfig, ENV_KEYS, type Config, type LoadedConfig } from './config.js'
import { BridgeError } from './errors.js'
import { readSetting } from './settings.js'
import type { BridgeDatabase } from './storage/database.js'
import { settingsTable } from './storage/schema.js'

/** The `settings` row that stores the page's values, as one JSON object of dotted keys. */
export const PAGE_CONFIG_SETTING = 'page_config'

/** Keys the setup page may set. Other keys belong to the file and the environment only. */
export const PAGE_SETTING_KEYS = [
  'server.public_url',
  'punchplay.client_id',
  'punchplay.client_secret',
  'playback.watched_threshold',
  'playback.progress_interval_seconds',
  'playback.stale_after_minutes',
  'playback.stale_paused_after_minutes',
  'playback.min_duration_minutes',
  'playback.movies',
  'playback.episodes',
  'plex.libraries.include',
  'plex.libraries.exclude',
  'jellyfin.libraries.include',
  'jellyfin.libraries.exclude',
  'emby.libraries.include',
  'emby.libraries.exclude',
  'kodi.libraries.include',
  'kodi.libraries.exclude',
] as const

export type PageSettingKey = (typeof PAGE_SETTING_KEYS)[number]

/** Keys whose value never leaves the bridge. Views only report whether they are set. */
const SECRET_KEYS: ReadonlySet<string> = new Set(['punchplay.client_secret'])

export type SettingOrigin = 'env' | 'file' | 'page' | 'default'

export interface SettingView {
  key: PageSettingKey
  /** The value in force, or null for a secret, whose presence `isSet` reports. */
  value: unknown
  isSet: boolean
  origin: SettingOrigin
  /** True when the file or the environment sets the key, so the page cannot change it. */
  locked: boolean
  /** The environment variable that overrides the key, if there is one. */
  envVar: string | null
  secret: boolean
}

export interface RuntimeConfig {
  /** The configuration in force, after the page's latest change. */
  current(): Config
  /** Every page-editable key with its value and where that value comes from. */
  describe(): SettingView[]
  describeKey(key: PageSettingKey): SettingView
  /**
   * Validate and store page values; `null` removes the page's value so the default applies.
   *
   * @throws BridgeError invalid_request naming each invalid or locked key, never a value.
   */
  update(values: Partial<Record<PageSettingKey, unknown>>): Config
}

export interface RuntimeConfigOptions {
  db: BridgeDatabase
  loaded: LoadedConfig
  logger: Logger
}

export function isPageSettingKey(key: string): key is PageSettingKey {
  return (PAGE_SETTING_KEYS as readonly string[]).includes(key)
}

export function createRuntimeConfig(options: RuntimeConfigOptions): RuntimeConfig {
  const { db, loaded, logger } = options
  // A config built by hand has no layers: its values then count as defaults the page may override.
  const fileLayer = loaded.layers?.file ?? {}
  const envLayer = loaded.layers?.env ?? {}
  const base = loaded.layers === undefined ? (structuredClone(loaded.config) as Record<string, unknown>) : {}

  let pageValues = readPageValues()
  let config = resolveStartupConfig()

  function readPageValues(): Record<string, unknown> {
    const stored = readSetting(db, PAGE_CONFIG_SETTING)
    if (stored === undefined) return {}
    try {
      const parsed: unknown = JSON.parse(stored)
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
    } catch {
      // Falls through to the warning below.
    }
    logger.warn('the settings saved from the setup page are unreadable and were ignored')
    return {}
  }

  /** An upgrade can narrow a range or a file can add a key: stored page values must not stop start-up. */
  function resolveStartupConfig(): Config {
    const merged = checkConfig(mergeLayers(pageValues))
    if (merged.ok) return merged.config

    logger.warn({ problems: merged.problems }, 'settings saved from the setup page are invalid and were ignored; fix them on the Settings page')
    const withoutPage = checkConfig(mergeLayers({}))
    if (withoutPage.ok) return withoutPage.config
    return loaded.config
  }

  function mergeLayers(page: Record<string, unknown>): Record<string, unknown> {
    const raw = structuredClone(base)
    for (const [key, value] of Object.entries(page)) {
      if (isPageSettingKey(key) && lockOf(key) === undefined) setPath(raw, key, value)
    }
    mergeInto(raw, structuredClone(fileLayer))
    mergeInto(raw, structuredClone(envLayer))
    return raw
  }

  function lockOf(key: string): 'env' | 'file' | undefined {
    if (hasPath(envLayer, key)) return 'env'
    if (hasPath(fileLayer, key)) return 'file'
    return undefined
  }

  function describeKey(key: PageSettingKey): SettingView {
    const lock = lockOf(key)
    const origin: SettingOrigin = lock ?? (key in pageValues ? 'page' : 'default')
    const value = getPath(config, key)
    const secret = SECRET_KEYS.has(key)
    return {
      key,
      value: secret ? null : (value ?? null),
      isSet: value !== undefined && value !== null,
      origin,
      locked: lock !== undefined,
      envVar: envVarOf(key),
      secret,
    }
  }

  return {
    current: () => config,

    describe: () => PAGE_SETTING_KEYS.map((key) => describeKey(key)),

    describeKey,

    update(values) {
      const locked = Object.keys(values).filter((key) => isPageSettingKey(key) && lockOf(key) !== undefined)
      if (locked.length > 0) {
        const names = locked.map((key) => `${key} (set by ${lockOf(key) === 'env' ? envVarOf(key) ?? 'the environment' : 'config.yaml'})`)
        throw new BridgeError('invalid_request', `These settings come from outside the page and cannot be changed here: ${names.join(', ')}.`)
      }

      const next = { ...pageValues }
      for (const [key, value] of Object.entries(values)) {
        if (!isPageSettingKey(key)) throw new BridgeError('invalid_request', `Unknown setting "${key}": expected one of ${PAGE_SETTING_KEYS.join(', ')}.`)
        if (value === null || value === undefined) delete next[key]
        else next[key] = value
      }

      const checked = checkConfig(mergeLayers(next))
      if (!checked.ok) throw new BridgeError('invalid_request', `Invalid settings: ${checked.problems.join('; ')}.`)

      db.insert(settingsTable)
        .values({ key: PAGE_CONFIG_SETTING, value: JSON.stringify(next) })
        .onConflictDoUpdate({ target: settingsTable.key, set: { value: JSON.stringify(next) } })
        .run()
      pageValues = next
      config = checked.config
      logger.info({ keys: Object.keys(values) }, 'settings changed on the setup page')
      return config
    },
  }
}

function envVarOf(key: string): string | null {
  return Object.entries(ENV_KEYS).find(([, configKey]) => configKey === key)?.[0] ?? null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Copy `source` into `target`, recursing into objects; arrays and other values replace. */
function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key]
    if (isRecord(value) && isRecord(existing)) mergeInto(existing, value)
    else target[key] = value
  }
}

function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.')
  let node = target
  for (const part of parts.slice(0, -1)) {
    const child = node[part]
    if (!isRecord(child)) node[part] = {}
    node = node[part] as Record<string, unknown>
  }
  node[parts.at(-1) as string] = value
}

function getPath(source: object, key: string): unknown {
  let node: unknown = source
  for (const part of key.split('.')) {
    if (!isRecord(node)) return undefined
    node = node[part]
  }
  return node
}

function hasPath(source: Record<string, unknown>, key: string): boolean {
  return getPath(source, key) !== undefined
}
