import { spawn } from 'node:child_process'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startFakePunchPlay, type FakePunchPlay } from '../fake-punchplay/index.js'
import { readFixture, startTestBridge } from '../support/bridge.js'
import { makeDataDir } from '../support/database.js'

const CLI = path.join(import.meta.dirname, '..', '..', 'bin', 'punchplay-bridge.js')

interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Run the CLI. `onLine` receives each stdout line as it arrives, to approve a printed code. */
function runCli(args: string[], env: Record<string, string>, onLine?: (line: string) => void): Promise<CliRun> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  let stderr = ''
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line)
    onLine?.(line)
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout: lines.join('\n'), stderr })))
}

function userCodeIn(line: string): string | undefined {
  return /^\s+([A-Z0-9]{4}-[A-Z0-9]{4})\s*$/.exec(line)?.[1]
}

describe('punchplay-bridge CLI', () => {
  let fake: FakePunchPlay
  let env: Record<string, string>

  beforeAll(async () => {
    fake = await startFakePunchPlay()
    env = {
      BRIDGE_DATA_DIR: makeDataDir(),
      PUNCHPLAY_API_URL: fake.url,
      PUNCHPLAY_CLIENT_ID: fake.clientId,
      BRIDGE_PUBLIC_URL: 'http://nas.local:8787',
      BRIDGE_WEBHOOK_TOKEN: 'cli-test-webhook-token-0123456789',
    }
  })

  afterAll(async () => {
    await fake.close()
  })

  describe('--help', () => {
    it('should list the commands', async () => {
      const run = await runCli(['--help'], env)

      expect(run.code).toBe(0)
      for (const command of ['serve', 'link', 'links', 'unlink', 'map', 'webhooks']) expect(run.stdout).toContain(command)
    })
  })

  describe('link', () => {
    it('should print the code, wait for approval and store the link', async () => {
      const run = await runCli(['link', '--map', 'plex:sam_rivera', '--map', 'plex:Mia Tanaka'], env, (line) => {
        const code = userCodeIn(line)
        if (code !== undefined) fake.approve(code, 'sam')
      })

      expect(run.code).toBe(0)
      expect(run.stdout).toContain(`${fake.url}/link`)
      expect(run.stdout).toMatch(/Linked sam as link 1, for plex:sam_rivera, plex:Mia Tanaka/)
    })

    it('should exit non-zero with the reason when the code is denied', async () => {
      const run = await runCli(['link', '--map', 'plex:other'], env, (line) => {
        const code = userCodeIn(line)
        if (code !== undefined) fake.deny(code)
      })

      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/denied/)
    })

    it('should exit non-zero with the reason when the code expires', async () => {
      const run = await runCli(['link', '--map', 'plex:other'], env, (line) => {
        const code = userCodeIn(line)
        if (code !== undefined) fake.expire(code)
      })

      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/expired/)
    })

    it('should refuse to run without a user mapping', async () => {
      const run = await runCli(['link'], env)

      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/--map <source>:<user>/)
    })

    it('should say how to configure a missing client id', async () => {
      const run = await runCli(['link', '--map', 'plex:x'], { ...env, PUNCHPLAY_CLIENT_ID: '' })

      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/PUNCHPLAY_CLIENT_ID/)
    })
  })

  describe('links', () => {
    it('should list links with users and state and no tokens', async () => {
      const run = await runCli(['links'], env)

      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/^1\tsam\tworking\tplex:sam_rivera, plex:Mia Tanaka/m)
      expect(run.stdout).not.toMatch(/pp(at|rt)_|token/i)
    })
  })

  describe('map', () => {
    it('should accept a user already on the same link, in any letter case', async () => {
      const run = await runCli(['map', '1', 'plex:SAM_RIVERA'], env)

      expect(run.code).toBe(0)
    })

    it('should refuse a link id that does not exist', async () => {
      const run = await runCli(['map', '7', 'plex:newcomer'], env)

      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/Link 7 not found/)
    })

    it('should reject an unknown source', async () => {
      const run = await runCli(['map', '1', 'netflix:sam'], env)

      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/source one of plex, jellyfin, emby, kodi/)
    })
  })

  describe('webhooks', () => {
    it('should print the full Plex URL from BRIDGE_PUBLIC_URL', async () => {
      const run = await runCli(['webhooks'], env)

      expect(run.code).toBe(0)
      expect(run.stdout).toContain('http://nas.local:8787/webhooks/plex/cli-test-webhook-token-0123456789')
    })
  })

  describe('users and payloads', () => {
    it('should list seen users with counts and mapping, and the redacted payloads', async () => {
      const bridge = await startTestBridge({ fake, dataDir: env['BRIDGE_DATA_DIR'] ?? '' })
      const play = readFixture('plex/movie-play-newagent.json')
      await bridge.postPlex(play)
      await bridge.postPlex({ ...play, Account: { id: 9, title: 'Guest Viewer' } })
      await bridge.postPlex({ ...play, Account: { id: 9, title: 'Guest Viewer' } })
      await bridge.stop()

      const users = await runCli(['users'], env)
      const payloads = await runCli(['payloads', '--source', 'plex', '--last', '2'], env)

      expect(users.code).toBe(0)
      expect(users.stdout).toMatch(/^plex\tGuest Viewer\t2\t2\t.+\tnot mapped \(events dropped\)$/m)
      expect(users.stdout).toMatch(/^plex\tsam_rivera\t1\t0\t.+\tlink 1$/m)
      expect(payloads.code).toBe(0)
      expect(payloads.stdout.match(/^--- .+: unmapped/gm)).toHaveLength(2)
      expect(payloads.stdout).toContain('The Matrix')
      expect(payloads.stdout).not.toContain('Guest Viewer')
      expect(payloads.stdout).not.toContain('203.0.113.42')
    })

    it('should reject an unknown source', async () => {
      const run = await runCli(['payloads', '--source', 'netflix'], env)

      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/Invalid source "netflix"/)
    })
  })

  describe('unlink', () => {
    it('should remove the link', async () => {
      const run = await runCli(['unlink', '1'], env)
      const after = await runCli(['links'], env)

      expect(run.code).toBe(0)
      expect(after.stdout).toMatch(/No links yet/)
    })

    it('should report an unknown link id', async () => {
      const run = await runCli(['unlink', '42'], env)

      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/Link 42 not found/)
    })
  })
})

describe('punchplay-bridge CLI mistakes', () => {
  it('should name an unknown command instead of running serve', async () => {
    const run = await runCli(['bogus'], { BRIDGE_DATA_DIR: makeDataDir() })

    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/Unknown command "bogus"/)
  })

  it('should reject a taken mapping before the code', async () => {
    const dataDir = makeDataDir()
    const fake = await startFakePunchPlay()
    const env = { BRIDGE_DATA_DIR: dataDir, PUNCHPLAY_API_URL: fake.url, PUNCHPLAY_CLIENT_ID: fake.clientId }
    const first = await runCli(['link', '--map', 'plex:sam'], env, (line) => {
      const code = userCodeIn(line)
      if (code !== undefined) fake.approve(code, 'sam')
    })

    const second = await runCli(['link', '--map', 'plex:SAM'], env)
    const unmapped = await runCli(['unmap', 'plex:sam'], env)
    const links = await runCli(['links'], env)

    expect(first.code).toBe(0)
    expect(second.code).toBe(1)
    expect(second.stdout).not.toMatch(/enter the code/)
    expect(second.stderr).toMatch(/already mapped to link 1.+punchplay-bridge unmap plex:SAM/)
    expect(unmapped.code).toBe(0)
    expect(links.stdout).toMatch(/^1\tsam\tworking\tno users mapped/m)
    await fake.close()
  })

  it('should reject relinking an unknown link', async () => {
    const run = await runCli(['link', '--relink', '9'], { BRIDGE_DATA_DIR: makeDataDir(), PUNCHPLAY_CLIENT_ID: 'x' })

    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/Link 9 not found/)
  })

  it('should print payload bodies without terminal control characters', async () => {
    const dataDir = makeDataDir()
    const fake = await startFakePunchPlay()
    const bridge = await startTestBridge({ fake, dataDir })
    await fetch(bridge.plexUrl(), { method: 'POST', body: '\u001b[31mred\u0007', headers: { 'content-type': 'text/plain' } })
    await bridge.stop()

    const run = await runCli(['payloads', '--source', 'plex'], { BRIDGE_DATA_DIR: dataDir })

    expect(run.code).toBe(0)
    expect(run.stdout.includes(String.fromCharCode(27))).toBe(false)
    expect(run.stdout).toContain('\\u001b[31mred\\u0007')
    await fake.close()
  })
})
