/**
 * The `punchplay-bridge` command line: run the bridge, and manage links without a browser.
 */
import os from 'node:os'
import { Command, Option } from 'commander'
import { pino } from 'pino'

import { createBridge, type Bridge } from './bridge.js'
import { loadConfig, type Config, type LoadedConfig } from './core/config.js'
import { isBridgeError } from './core/errors.js'
import { listPayloads, listSeenUsers } from './core/activity.js'
import { SOURCE_KINDS, type SourceKind } from './core/events.js'
import {
  addIdentity,
  checkLinkRequest,
  createLink,
  listLinks,
  parseIdentity,
  relink,
  removeIdentity,
  removeLink,
  type Identity,
} from './core/links.js'
import { addKodiHost, readAddedKodiHosts, readKodiStatus, removeKodiHost } from './core/kodi/service.js'
import { readPackageInfo, userAgent } from './core/package-info.js'
import { createPunchPlayClient } from './core/punchplay/client.js'
import { runDeviceFlow } from './core/punchplay/device-flow.js'
import { PunchPlayError } from './core/punchplay/errors.js'
import { resolveWebhookToken } from './core/settings.js'
import { createRuntimeConfig } from './core/runtime-config.js'
import { openDatabase, type BridgeDatabase } from './core/storage/database.js'
import { WEBHOOK_SOURCES } from './adapters/index.js'

interface GlobalOptions {
  config?: string
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

function load(command: Command): LoadedConfig {
  const { config } = command.optsWithGlobals<GlobalOptions>()
  return loadConfig(config === undefined ? {} : { configPath: config })
}

/**
 * Return the configuration in force for a command: the loaded one plus what the setup page
 * saved in the database (a client id entered on the page, say), as the running bridge uses it.
 */
function effectiveConfig(db: BridgeDatabase, loaded: LoadedConfig): Config {
  return createRuntimeConfig({ db, loaded, logger: pino({ level: 'warn' }, process.stderr) }).current()
}

/** Base of webhook URLs: the public URL when set, else this host on the configured port. */
function webhookBase(config: Config): { base: string; guessed: boolean } {
  const configured = config.server.public_url
  if (configured !== undefined) return { base: configured.replace(/\/+$/, ''), guessed: false }

  const listensEverywhere = ['0.0.0.0', '::'].includes(config.server.host)
  const host = listensEverywhere ? os.hostname() : config.server.host
  return { base: `http://${host}:${config.server.port}`, guessed: listensEverywhere }
}

async function serveCommand(_options: unknown, command: Command): Promise<void> {
  // `serve` is the default command, so a mistyped command name arrives here as an argument.
  const [unknown] = command.args
  if (unknown !== undefined) throw new UsageError(`Unknown command "${unknown}". See the commands with: punchplay-bridge --help`)

  const loaded = load(command)
  const bridge = createBridge(loaded)
  try {
    await bridge.start()
  } catch (error) {
    await bridge.stop().catch(() => undefined)
    throw describeStartFailure(error, loaded)
  }
  warnAboutMissingClientId(bridge)

  let stopping = false
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    bridge.logger.info({ signal }, 'shutting down')
    bridge.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        bridge.logger.error({ err: error }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', shutdown)
  process.on('SIGINT', shutdown)
}

async function linkCommand(options: { map: string[]; relink?: string }, command: Command): Promise<void> {
  const loaded = load(command)
  const identities: Identity[] = options.map.map(parseIdentity)
  const relinkId = options.relink === undefined ? undefined : parseLinkId(options.relink)
  if (relinkId === undefined && identities.length === 0) {
    throw new UsageError('Give at least one --map <source>:<user>, e.g. --map plex:alice, so events can be credited to this account.')
  }

  const db = openDatabase(loaded.dataDir)
  try {
    checkLinkRequest(db, identities, relinkId)
    const { punchplay } = effectiveConfig(db, loaded)
    const client = createPunchPlayClient({
      apiUrl: punchplay.api_url,
      clientId: punchplay.client_id,
      clientSecret: punchplay.client_secret,
      timeoutMs: punchplay.timeout_seconds * 1000,
      userAgent: userAgent(),
    })

    const abort = new AbortController()
    process.once('SIGINT', () => abort.abort())
    const tokens = await runDeviceFlow({
      client,
      signal: abort.signal,
      device: { id: `punchplay-bridge-${os.hostname()}`, name: `punchplay-bridge on ${os.hostname()}` },
      onCode: (code) => {
        console.log(`To link a PunchPlay account, open ${code.verification_uri} and enter the code:\n`)
        console.log(`    ${code.user_code}\n`)
        console.log(`Or open ${code.verification_uri_complete}`)
        console.log(`The code expires in ${Math.round(code.expires_in / 60)} minutes. Waiting for approval...`)
      },
      onTransientError: (error) => console.error(`A poll to PunchPlay failed (${error instanceof Error ? error.message : String(error)}); still waiting.`),
    })

    const account = tokens.username ?? 'your PunchPlay account'
    if (relinkId !== undefined) {
      relink(db, relinkId, tokens, Date.now())
      for (const identity of identities) addIdentity(db, relinkId, identity)
      console.log(`Re-linked link ${relinkId} to ${account}. Its waiting events will be delivered by the running bridge.`)
      return
    }

    const linkId = createLink(db, tokens, identities, Date.now())
    const mapped = identities.map((identity) => `${identity.source}:${identity.user}`).join(', ')
    console.log(`Linked ${account} as link ${linkId}, for ${mapped}.`)
  } finally {
    db.$client.close()
  }
}

function linksCommand(_options: unknown, command: Command): void {
  const db = openDatabase(load(command).dataDir)
  try {
    const links = listLinks(db)
    if (links.length === 0) {
      console.log('No links yet. Add one with: punchplay-bridge link --map plex:<your Plex username>')
      return
    }
    for (const link of links) {
      const waiting = link.holdUntil !== null && link.holdUntil > Date.now()
      const state =
        link.state === 'needs_relink'
          ? `needs re-linking (${link.stateReason ?? 'unknown reason'})`
          : waiting
            ? `waiting: token refresh failed, next try ${new Date(link.holdUntil ?? 0).toISOString()} (see the log)`
            : 'working'
      const users = link.identities.map((identity) => `${identity.source}:${identity.user}`).join(', ') || 'no users mapped'
      const delivered = link.lastDeliveryAt === null ? 'never' : new Date(link.lastDeliveryAt).toISOString()
      console.log(`${link.id}\t${link.username ?? '(unknown user)'}\t${state}\t${users}\tlast delivery: ${delivered}`)
    }
  } finally {
    db.$client.close()
  }
}

function unlinkCommand(id: string, _options: unknown, command: Command): void {
  const db = openDatabase(load(command).dataDir)
  try {
    removeLink(db, parseLinkId(id))
    console.log(`Removed link ${id}. PunchPlay still lists the grant until you revoke it under Settings → Connected apps.`)
  } finally {
    db.$client.close()
  }
}

function mapCommand(id: string, identityText: string, _options: unknown, command: Command): void {
  const identity = parseIdentity(identityText)
  const db = openDatabase(load(command).dataDir)
  try {
    addIdentity(db, parseLinkId(id), identity)
    console.log(`Mapped ${identity.source}:${identity.user} to link ${id}.`)
  } finally {
    db.$client.close()
  }
}

function unmapCommand(identityText: string, _options: unknown, command: Command): void {
  const identity = parseIdentity(identityText)
  const db = openDatabase(load(command).dataDir)
  try {
    removeIdentity(db, identity)
    console.log(`Removed the mapping of ${identity.source}:${identity.user}; its events are dropped until it is mapped again.`)
  } finally {
    db.$client.close()
  }
}

function webhooksCommand(_options: unknown, command: Command): void {
  const loaded = load(command)
  const db = openDatabase(loaded.dataDir)
  try {
    const token = resolveWebhookToken(db, loaded.config.webhook_token)
    const { base, guessed } = webhookBase(effectiveConfig(db, loaded))
    for (const source of WEBHOOK_SOURCES) {
      console.log(`${source.padEnd(9)}${base}/webhooks/${source}/${token}`)
    }
    if (guessed) {
      console.log('\nThese URLs use this machine\'s host name. Set BRIDGE_PUBLIC_URL to the address your media server reaches, e.g. http://192.168.1.20:8787')
    }
    console.log('Keep these URLs private: the token in them is the only thing that authenticates a webhook.')
  } finally {
    db.$client.close()
  }
}

function usersCommand(options: { source?: string }, command: Command): void {
  const source = options.source === undefined ? undefined : parseSource(options.source)
  const db = openDatabase(load(command).dataDir)
  try {
    const users = listSeenUsers(db, source)
    if (users.length === 0) {
      console.log('No media-server users seen yet. Play something, then run this again.')
      return
    }
    console.log('source\tuser\tevents\tdropped\tlast seen\tmapped to')
    for (const user of users) {
      const mapping = user.linkId === null ? 'not mapped (events dropped)' : `link ${user.linkId}`
      console.log(
        `${user.source}\t${user.user}\t${user.eventCount}\t${user.droppedCount}\t${new Date(user.lastSeenAt).toISOString()}\t${mapping}`,
      )
    }
    if (users.some((user) => user.linkId === null)) {
      console.log('\nMap a user with: punchplay-bridge map <link id> <source>:<user>')
    }
  } finally {
    db.$client.close()
  }
}

function payloadsCommand(options: { source: string; last: string }, command: Command): void {
  const source = parseSource(options.source)
  const last = Number(options.last)
  if (!Number.isInteger(last) || last < 1) throw new UsageError(`Invalid --last "${options.last}": expected a whole number from 1.`)

  const db = openDatabase(load(command).dataDir)
  try {
    const payloads = listPayloads(db, source, last)
    if (payloads.length === 0) console.log(`No ${source} payloads received yet.`)
    for (const payload of payloads.reverse()) {
      console.log(`--- ${new Date(payload.receivedAt).toISOString()} ${payload.contentType ?? 'no content type'}: ${payload.outcome}${payload.reason === null ? '' : ` (${payload.reason})`}`)
      console.log(escapeControlCharacters(payload.body))
    }
  } finally {
    db.$client.close()
  }
}

function kodiListCommand(_options: unknown, command: Command): void {
  const loaded = load(command)
  const db = openDatabase(loaded.dataDir)
  try {
    const hosts = [
      ...loaded.config.kodi.hosts.map((host) => ({ ...host, origin: 'config' })),
      ...readAddedKodiHosts(db).map((host) => ({ ...host, origin: 'added' })),
    ]
    if (hosts.length === 0) {
      console.log('No Kodi hosts. Add one with: punchplay-bridge kodi add <name> ws://<address>:9090/jsonrpc')
      return
    }

    const status = readKodiStatus(db)
    const age = status === undefined ? undefined : Math.round((Date.now() - status.writtenAt) / 1000)
    for (const host of hosts) {
      const state = status?.hosts.find((entry) => entry.name === host.name)?.state
      const described = state === undefined ? 'not seen by a running bridge yet' : describeKodiState(state)
      console.log(`${host.name}\t${host.url}\t${host.origin}\t${described}`)
    }
    if (age !== undefined) console.log(`\nStates as the running bridge recorded them; the last change was ${age} s ago.`)
  } finally {
    db.$client.close()
  }
}

function describeKodiState(state: { status: string; reason?: unknown; apiVersion?: unknown }): string {
  if (state.status === 'connected') return `connected (JSON-RPC ${String(state.apiVersion)})`
  return typeof state.reason === 'string' ? `${state.status}: ${state.reason}` : state.status
}

function kodiAddCommand(name: string, url: string, _options: unknown, command: Command): void {
  const loaded = load(command)
  const db = openDatabase(loaded.dataDir)
  try {
    const host = addKodiHost(db, { name, url }, loaded.config.kodi.hosts)
    console.log(`Added Kodi host ${host.name} (${host.url}). A running bridge connects to it within a few seconds.`)
    console.log(`Map it to a link so its playback is sent: punchplay-bridge map <link id> kodi:${host.name}`)
  } finally {
    db.$client.close()
  }
}

function kodiRemoveCommand(name: string, _options: unknown, command: Command): void {
  const loaded = load(command)
  const db = openDatabase(loaded.dataDir)
  try {
    removeKodiHost(db, name, loaded.config.kodi.hosts)
    console.log(`Removed Kodi host ${name}. A running bridge disconnects from it within a few seconds.`)
  } finally {
    db.$client.close()
  }
}

/** Bodies come from the network: show control characters as \u escapes, never send them to the terminal. */
function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

function parseSource(text: string): SourceKind {
  const source = text.trim().toLowerCase()
  if (!(SOURCE_KINDS as readonly string[]).includes(source)) {
    throw new UsageError(`Invalid source "${text}": expected one of ${SOURCE_KINDS.join(', ')}.`)
  }
  return source as SourceKind
}

/** Linked accounts need the app's client id for every token refresh, about once an hour. */
function warnAboutMissingClientId(bridge: Bridge): void {
  if (bridge.config().punchplay.client_id !== undefined) return
  const links = listLinks(bridge.db).length
  if (links === 0) {
    bridge.logger.info('no PunchPlay client id yet: enter it on the setup page, or set PUNCHPLAY_CLIENT_ID')
    return
  }
  bridge.logger.warn(
    { links },
    'no PunchPlay client id is configured, so linked accounts cannot renew their access tokens and deliveries will stop; set PUNCHPLAY_CLIENT_ID or enter it on the setup page',
  )
}

/** Turn the system errors of a failed start into one message with the fix. */
function describeStartFailure(error: unknown, loaded: LoadedConfig): unknown {
  if (!(error instanceof Error) || !('code' in error)) return error
  const { host, port } = loaded.config.server
  switch (error.code) {
    case 'EADDRINUSE':
      return new UsageError(`Port ${port} on ${host} is already in use, by another bridge or program. Stop it, or set BRIDGE_PORT to a free port.`)
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new UsageError(`Cannot listen on "${host}": it is not an address of this machine. Set BRIDGE_HOST to 0.0.0.0 or one of its addresses.`)
    case 'EACCES':
      return new UsageError(`Not allowed to listen on port ${port}. Ports below 1024 need privileges; use 8787 or another port above 1024.`)
    default:
      return error
  }
}

class UsageError extends Error {
  override name = 'UsageError'
}

function parseLinkId(text: string): number {
  const id = Number(text)
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`Invalid link id "${text}": expected a number from punchplay-bridge links.`)
  return id
}

export function buildProgram(): Command {
  const program = new Command('punchplay-bridge')
    .description('Forward Plex, Jellyfin, Emby and Kodi playback to PunchPlay.')
    .version(readPackageInfo().version)
    .addOption(new Option('-c, --config <file>', 'config file (default: ./config.yaml, then <data dir>/config.yaml)').env('BRIDGE_CONFIG'))
    .showHelpAfterError()

  program
    .command('serve', { isDefault: true })
    .description('run the bridge: webhook receiver, delivery worker and health check')
    .allowExcessArguments(true)
    .action(serveCommand)
  program
    .command('link')
    .description('link a PunchPlay account with the device code flow')
    .option('-m, --map <source:user>', 'media-server user this account stands for, e.g. plex:alice (repeatable)', collect, [])
    .option('--relink <id>', 'replace the tokens of an existing link that needs re-linking')
    .action(linkCommand)
  program.command('links').description('list links, their mapped users and state').action(linksCommand)
  program.command('unlink').argument('<id>', 'link id from the links command').description('remove a link and its user mappings').action(unlinkCommand)
  program
    .command('map')
    .argument('<id>', 'link id from the links command')
    .argument('<source:user>', 'media-server user, e.g. plex:alice')
    .description('map one more media-server user to a link')
    .action(mapCommand)
  program
    .command('users')
    .description('list the media-server users seen, their event counts and mapping')
    .option('-s, --source <source>', 'only this source: plex, jellyfin, emby or kodi')
    .action(usersCommand)
  program
    .command('payloads')
    .description('print the latest raw payloads of a source, redacted, with how each was handled')
    .requiredOption('-s, --source <source>', 'plex, jellyfin, emby or kodi')
    .option('-n, --last <count>', 'how many payloads', '5')
    .action(payloadsCommand)
  const kodi = program.command('kodi').description('list the Kodi hosts and their connection state').action(kodiListCommand)
  kodi
    .command('add')
    .argument('<name>', 'a name for the host, used to map it: kodi:<name>')
    .argument('<url>', "Kodi's JSON-RPC WebSocket, e.g. ws://192.168.1.30:9090/jsonrpc")
    .description('connect to one more Kodi host, without a restart')
    .action(kodiAddCommand)
  kodi.command('remove').argument('<name>', 'the host name').description('forget a Kodi host added with kodi add').action(kodiRemoveCommand)
  program
    .command('unmap')
    .argument('<source:user>', 'media-server user, e.g. plex:alice')
    .description('remove one user mapping from its link')
    .action(unmapCommand)
  program.command('webhooks').description('print the webhook URL of each media server').action(webhooksCommand)
  return program
}

export async function runCli(argv: string[]): Promise<void> {
  // `punchplay-bridge webhooks | head -1` closes the pipe early; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
    throw error
  })

  try {
    await buildProgram().parseAsync(argv)
  } catch (error) {
    if (isBridgeError(error) || error instanceof UsageError || error instanceof PunchPlayError) {
      console.error(`Error: ${error.message}`)
      process.exitCode = 1
      return
    }
    if (isFileSystemError(error)) {
      console.error(`Error: ${error.message}. Check BRIDGE_DATA_DIR (or data_dir): it must be a directory this user can write.`)
      process.exitCode = 1
      return
    }
    throw error
  }
}

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error && ['ENOTDIR', 'EACCES', 'EROFS', 'ENOSPC', 'EPERM'].includes(String(error.code))
}
