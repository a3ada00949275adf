/**
 * Configuration: `config.yaml` plus environment overrides, validated once at start-up.
 * Environment variables win over the file, and the file wins over the defaults below.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

import { ConfigError } from './errors.js'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const httpUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `expected an http(s) URL of ${what}` })

/**
 * Read a number from YAML or from an environment variable's text. Empty text, `null` and
 * booleans stay as they are so that the schema rejects them. A coercion would turn them into
 * 0 or 1, and an empty `port:` would then mean "any free port".
 */
function readNumber(value: unknown): unknown {
  if (typeof value !== 'string' || value.trim() === '') return value
  return Number(value.trim())
}

/** `unit` reads as "a port" or "seconds" in "expected <unit> as a whole number from 1 to 10". */
const integerIn = (min: number, max: number, unit: string) => {
  const error = `expected ${unit} as a whole number from ${min} to ${max}`
  return z.preprocess(readNumber, z.number({ error }).int({ error }).min(min, { error }).max(max, { error }))
}

const fraction = () => {
  const error = 'expected a fraction from 0.5 to 1'
  return z.preprocess(readNumber, z.number({ error }).min(0.5, { error }).max(1, { error }))
}

/** Text, accepting a number too: a numeric client id or token is still an id in YAML. */
const text = (error: string) =>
  z.preprocess((value) => (typeof value === 'number' ? String(value) : value), z.string({ error }).min(1, { error }))

/** YAML booleans, and the strings an environment variable can carry. */
const flag = () =>
  z.union([z.boolean(), z.enum(['true', 'false', 'yes', 'no', '1', '0'])], { error: 'expected true or false' }).transform(
    (value) => value === true || value === 'true' || value === 'yes' || value === '1',
  )

const libraryNames = z.array(z.string().min(1, { error: 'expected a library name or id' }), {
  error: 'expected a list of library names or ids',
})

/**
 * Settings a source can override; unset keys fall back to `playback`. Libraries are matched by
 * name or id, case-insensitively: with `include` set only those count, `exclude` always wins.
 */
const sourcePolicyShape = {
  watched_threshold: fraction().optional(),
  min_duration_minutes: integerIn(0, 600, 'minutes').optional(),
  movies: flag().optional(),
  episodes: flag().optional(),
  libraries: z
    .strictObject({ include: libraryNames.default([]), exclude: libraryNames.default([]) })
    .prefault({}),
}

/** Access to a media server's own API, used to look up the show ids of episodes. */
const plexSection = z
  .strictObject({
    ...sourcePolicyShape,
    url: httpUrl('the Plex server').optional(),
    token: text('expected the Plex token').optional(),
  })
  .prefault({})

const embyLikeSection = (what: string) =>
  z
    .strictObject({
      ...sourcePolicyShape,
      url: httpUrl(`the ${what} server`).optional(),
      api_key: text(`expected an API key from the ${what} dashboard`).optional(),
    })
    .prefault({})

/** `BRIDGE_KODI_HOSTS`: `name=ws://host:9090/jsonrpc` pairs separated by commas. */
function parseKodiHostList(value: unknown): unknown {
  if (typeof value !== 'string') return value
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const equals = entry.indexOf('=')
      return equals === -1 ? { name: '', url: entry } : { name: entry.slice(0, equals).trim(), url: entry.slice(equals + 1).trim() }
    })
}

const ConfigSchema = z.strictObject({
  server: z
    .strictObject({
      host: z.string().min(1, { error: 'expected a host name or IP address' }).default('0.0.0.0'),
      // 0 lets the system pick a free port, which tests use.
      port: integerIn(0, 65535, 'a port').default(8787),
      public_url: httpUrl('the bridge as media servers reach it').optional(),
    })
    .prefault({}),
  data_dir: z.string().min(1, { error: 'expected a directory path' }).default('./data'),
  punchplay: z
    .strictObject({
      api_url: httpUrl('PunchPlay').default('https://punchplay.tv'),
      client_id: text('expected the client id of a PunchPlay app').optional(),
      client_secret: text('expected a non-empty client secret').optional(),
      timeout_seconds: integerIn(1, 300, 'seconds').default(20),
    })
    .prefault({}),
  webhook_token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,128}$/, {
      error: 'expected 16 to 128 characters from A-Z, a-z, 0-9, "-" and "_"',
    })
    .optional(),
  log: z
    .strictObject({
      level: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
      format: z.enum(['auto', 'json', 'pretty'], { error: 'expected auto, json or pretty' }).default('auto'),
    })
    .prefault({}),
  playback: z
    .strictObject({
      watched_threshold: fraction().default(0.9),
      stale_after_minutes: integerIn(1, 24 * 60, 'minutes').default(30),
      stale_paused_after_minutes: integerIn(1, 7 * 24 * 60, 'minutes').default(360),
      progress_interval_seconds: integerIn(10, 300, 'seconds').default(15),
      min_duration_minutes: integerIn(0, 600, 'minutes').default(5),
      movies: flag().default(true),
      episodes: flag().default(true),
      backlog_days: integerIn(0, 3650, 'days').default(30),
    })
    .prefault({}),
  plex: plexSection,
  jellyfin: embyLikeSection('Jellyfin'),
  emby: embyLikeSection('Emby'),
  kodi: z
    .strictObject({
      ...sourcePolicyShape,
      hosts: z.preprocess(
        parseKodiHostList,
        z.array(
          z.strictObject({
            name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$/, { error: 'expected a host name of letters, digits, spaces, ".", "_" or "-"' }),
            url: z.url({ protocol: /^wss?$/, error: 'expected a WebSocket URL like ws://192.168.1.30:9090/jsonrpc' }),
          }),
          { error: 'expected a list of { name, url } entries, or name=ws://host:9090/jsonrpc pairs separated by commas' },
        ),
      ).default([]),
      // Kodi pushes no progress, so the bridge requests the position this often while playing.
      poll_interval_seconds: integerIn(5, 300, 'seconds').default(15),
    })
    .prefault({}),
  webhooks: z
    .strictObject({
      max_body_mb: integerIn(10, 200, 'megabytes').default(20),
      recent_outcomes: integerIn(10, 100_000, 'a count of records').default(1000),
      payload_log_size: integerIn(0, 10_000, 'a count of payloads').default(200),
    })
    .prefault({}),
})

export type Config = z.infer<typeof ConfigSchema>

/** Each environment variable and the config key it overrides. */
export const ENV_KEYS = {
  BRIDGE_HOST: 'server.host',
  BRIDGE_PORT: 'server.port',
  BRIDGE_PUBLIC_URL: 'server.public_url',
  BRIDGE_DATA_DIR: 'data_dir',
  PUNCHPLAY_API_URL: 'punchplay.api_url',
  PUNCHPLAY_CLIENT_ID: 'punchplay.client_id',
  PUNCHPLAY_CLIENT_SECRET: 'punchplay.client_secret',
  PUNCHPLAY_TIMEOUT_SECONDS: 'punchplay.timeout_seconds',
  BRIDGE_WEBHOOK_TOKEN: 'webhook_token',
  BRIDGE_LOG_LEVEL: 'log.level',
  BRIDGE_LOG_FORMAT: 'log.format',
  BRIDGE_WATCHED_THRESHOLD: 'playback.watched_threshold',
  BRIDGE_STALE_AFTER_MINUTES: 'playback.stale_after_minutes',
  BRIDGE_STALE_PAUSED_AFTER_MINUTES: 'playback.stale_paused_after_minutes',
  BRIDGE_PROGRESS_INTERVAL_SECONDS: 'playback.progress_interval_seconds',
  BRIDGE_MIN_DURATION_MINUTES: 'playback.min_duration_minutes',
  BRIDGE_SEND_MOVIES: 'playback.movies',
  BRIDGE_SEND_EPISODES: 'playback.episodes',
  BRIDGE_BACKLOG_DAYS: 'playback.backlog_days',
  PLEX_URL: 'plex.url',
  PLEX_TOKEN: 'plex.token',
  JELLYFIN_URL: 'jellyfin.url',
  JELLYFIN_API_KEY: 'jellyfin.api_key',
  EMBY_URL: 'emby.url',
  EMBY_API_KEY: 'emby.api_key',
  BRIDGE_KODI_HOSTS: 'kodi.hosts',
  BRIDGE_KODI_POLL_INTERVAL_SECONDS: 'kodi.poll_interval_seconds',
  BRIDGE_MAX_BODY_MB: 'webhooks.max_body_mb',
  BRIDGE_PAYLOAD_LOG_SIZE: 'webhooks.payload_log_size',
} as const

export interface LoadConfigOptions {
  /** `--config` from the command line. */
  configPath?: string
  env?: NodeJS.ProcessEnv
  cwd?: string
}

export interface LoadedConfig {
  config: Config
  /** The config file that was read, if any. */
  configPath?: string
  /** Absolute data directory. */
  dataDir: string
  /**
   * The raw values of the file and of the environment, before defaults, so the setup page can
   * tell which keys it must not edit. Absent when the config was built by hand.
   */
  layers?: ConfigLayers
  /** `BRIDGE_ADMIN_PASSWORD`: sets the setup page's admin password for unattended installs. */
  adminPassword?: string
}

/** Raw config values by origin, nested like config.yaml; the environment's values are strings. */
export interface ConfigLayers {
  file: Record<string, unknown>
  env: Record<string, unknown>
}

export type ConfigCheck = { ok: true; config: Config } | { ok: false; problems: string[] }

/** Validate raw config values; each problem names a key (and its variable), never the value. */
export function checkConfig(raw: Record<string, unknown>): ConfigCheck {
  const result = ConfigSchema.safeParse(raw)
  if (result.success) return { ok: true, config: result.data }
  return { ok: false, problems: result.error.issues.map((issue) => describeIssue(issue)) }
}

/**
 * Load and validate the configuration once.
 *
 * The file is `--config`, else `BRIDGE_CONFIG`, else `./config.yaml`, else `<data dir>/config.yaml`
 * (the container keeps it on the `/config` volume). A path given explicitly must exist.
 *
 * @throws ConfigError naming every invalid key and what it expects, never the value.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()

  const configPath = findConfigFile(options.configPath ?? env['BRIDGE_CONFIG'], env, cwd)
  const raw: Record<string, unknown> = configPath === undefined ? {} : readConfigFile(configPath)
  const layers: ConfigLayers = { file: structuredClone(raw), env: {} }

  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name]
    // An empty or blank variable counts as unset, as container UIs often list every field.
    if (value !== undefined && value.trim() !== '') {
      setPath(raw, key, value)
      setPath(layers.env, key, value)
    }
  }

  const result = checkConfig(raw)
  if (!result.ok) throw new ConfigError(`Invalid configuration:\n  ${result.problems.join('\n  ')}`)

  const config = result.config
  const dataDir = path.resolve(cwd, config.data_dir)
  const adminPassword = env['BRIDGE_ADMIN_PASSWORD']
  return {
    config,
    dataDir,
    layers,
    ...(configPath === undefined ? {} : { configPath }),
    ...(adminPassword === undefined || adminPassword === '' ? {} : { adminPassword }),
  }
}

function findConfigFile(explicit: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  if (explicit !== undefined && explicit !== '') {
    const resolved = path.resolve(cwd, explicit)
    if (!existsSync(resolved)) {
      throw new ConfigError(`Config file not found: ${resolved}. Check --config or BRIDGE_CONFIG.`)
    }
    return resolved
  }

  const candidates = [path.resolve(cwd, 'config.yaml'), path.resolve(cwd, env['BRIDGE_DATA_DIR'] || './data', 'config.yaml')]
  return candidates.find((candidate) => existsSync(candidate))
}

function readConfigFile(file: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'))
  } catch (error) {
    // The YAML parser's message quotes the offending line, which may hold a secret.
    const line = error instanceof Error && 'linePos' in error ? describeYamlPosition(error) : ''
    throw new ConfigError(`Config file ${file} is not valid YAML${line}.`)
  }

  if (parsed === null || parsed === undefined) return {}
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`Config file ${file} must contain a mapping of keys, like config.example.yaml.`)
  }
  return parsed as Record<string, unknown>
}

function describeYamlPosition(error: Error): string {
  const linePos = (error as Error & { linePos?: Array<{ line: number; col: number }> }).linePos
  const first = linePos?.[0]
  return first === undefined ? '' : ` (line ${first.line}, column ${first.col})`
}

function setPath(target: Record<string, unknown>, key: string, value: string): void {
  const parts = key.split('.')
  let node = target
  for (const part of parts.slice(0, -1)) {
    const child = node[part]
    if (typeof child !== 'object' || child === null || Array.isArray(child)) node[part] = {}
    node = node[part] as Record<string, unknown>
  }
  node[parts.at(-1) as string] = value
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.join('.')
  const envName = Object.entries(ENV_KEYS).find(([, configKey]) => configKey === key)?.[0]
  const where = envName === undefined ? key : `${key} (${envName})`

  if (issue.code === 'unrecognized_keys') {
    const prefix = key === '' ? '' : `${key}.`
    return `unknown key ${issue.keys.map((name) => prefix + name).join(', ')}: see config.example.yaml`
  }
  if (key === '') return `the config file must be a mapping of keys`
  return `${where}: ${issue.message}`
}
