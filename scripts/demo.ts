/**
 * `npm run demo`: the whole path on one machine with no PunchPlay account. It starts the
 * project's fake PunchPlay and a real bridge process, links an account with the `link`
 * command and the device-code flow, posts a Plex movie session as Plex would, and prints
 * the PunchPlay calls that arrived. Everything listens on 127.0.0.1 and is removed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'

import { startFakePunchPlay } from '../test/fake-punchplay/index.js'

const ROOT = path.resolve(import.meta.dirname, '..')
const CLI = path.join(ROOT, 'bin', 'punchplay-bridge.js')
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'plex')
const THUMB_JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex')

function readPayload(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as Record<string, unknown>
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

function runCli(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`the bridge did not answer ${url} within ${timeoutMs} ms`)
}

async function main(): Promise<void> {
  const fake = await startFakePunchPlay({ clientId: 'demo-client' })
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'punchplay-bridge-demo-'))
  const port = await findFreePort()
  const env = {
    ...process.env,
    BRIDGE_HOST: '127.0.0.1',
    BRIDGE_PORT: String(port),
    BRIDGE_PUBLIC_URL: `http://127.0.0.1:${port}`,
    BRIDGE_DATA_DIR: dataDir,
    BRIDGE_LOG_FORMAT: 'json',
    BRIDGE_LOG_LEVEL: 'warn',
    PUNCHPLAY_API_URL: fake.url,
    PUNCHPLAY_CLIENT_ID: 'demo-client',
  }
  let bridge: ChildProcess | undefined

  try {
    console.log(`Fake PunchPlay listening on ${fake.url}`)

    console.log('\n1. Linking a PunchPlay account: punchplay-bridge link --map plex:sam_rivera')
    const link = runCli(['link', '--map', 'plex:sam_rivera'], env)
    const linkOutput = createInterface({ input: link.stdout as NodeJS.ReadableStream })
    linkOutput.on('line', (line) => {
      console.log(`   | ${line}`)
      const code = /^\s+([A-Z0-9]{4}-[A-Z0-9]{4})\s*$/.exec(line)?.[1]
      if (code !== undefined) {
        console.log(`   (the demo approves ${code} on the fake PunchPlay as user "sam")`)
        fake.approve(code, 'sam')
      }
    })
    link.stderr?.pipe(process.stderr)
    const linkExit = await new Promise<number | null>((resolve) => link.once('exit', resolve))
    if (linkExit !== 0) throw new Error(`link exited with code ${String(linkExit)}`)

    console.log('\n2. Starting the bridge: punchplay-bridge serve')
    bridge = runCli(['serve'], env)
    bridge.stderr?.pipe(process.stderr)
    await waitForHealth(`http://127.0.0.1:${port}/healthz`, 20_000)

    const webhooks = runCli(['webhooks'], env)
    const webhookLines: string[] = []
    createInterface({ input: webhooks.stdout as NodeJS.ReadableStream }).on('line', (line) => webhookLines.push(line))
    await new Promise((resolve) => webhooks.once('exit', resolve))
    const plexUrl = webhookLines.find((line) => line.startsWith('plex'))?.split(/\s+/)[1]
    if (plexUrl === undefined) throw new Error('the webhooks command printed no Plex URL')

    console.log('\n3. Posting a Plex movie session as Plex does (multipart/form-data, payload + thumb parts)')
    const play = readPayload('movie-play-newagent.json')
    const pause = { ...play, event: 'media.pause', Metadata: { ...(play['Metadata'] as object), viewOffset: 2_400_000 } }
    const session = [play, pause, readPayload('movie-resume.json'), readPayload('movie-scrobble.json'), readPayload('movie-stop.json')]
    for (const payload of session) {
      const form = new FormData()
      form.set('payload', JSON.stringify(payload))
      if (payload === play) form.set('thumb', new Blob([THUMB_JPEG], { type: 'image/jpeg' }), 'thumb.jpg')
      const response = await fetch(plexUrl, { method: 'POST', body: form })
      const result = (await response.json()) as { outcome?: string }
      console.log(`   ${String(payload['event']).padEnd(15)} -> HTTP ${response.status} ${result.outcome ?? ''}`)
    }

    const deadline = Date.now() + 15_000
    while (fake.playbackCalls.length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))

    console.log('\n4. PunchPlay calls that arrived at the fake:')
    for (const call of fake.playbackCalls) {
      const body = call.rawBody
      const watched = call.action === 'stop' ? ` watched=${String(body['watched'])} threshold=${String(body['watched_threshold'])}` : ''
      console.log(
        `   ${call.action.padEnd(8)} "${String(body['title'])}" (${String(body['year'])}) imdb=${String(body['imdb_id'])} tmdb=${String(body['tmdb_id'])}` +
          ` position=${String(body['position_seconds'])}s session=${String(body['playback_session_id']).slice(0, 8)}…${watched}`,
      )
    }
    if (fake.playbackCalls.length < 4) throw new Error(`expected 4 calls, got ${fake.playbackCalls.length}`)
    console.log('\nDemo finished: one start, pause, resume and a watched stop in one playback session.')
  } finally {
    bridge?.kill('SIGTERM')
    if (bridge !== undefined) await new Promise((resolve) => bridge?.once('exit', resolve))
    await fake.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
