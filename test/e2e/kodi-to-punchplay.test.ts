import { spawn } from 'node:child_process'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { startFakeKodi, kodiProperties, readKodiFixtureItem, type FakeKodi } from '../fake-kodi/index.js'
import { startFakePunchPlay, type FakePunchPlay } from '../fake-punchplay/index.js'
import { linkThroughDeviceFlow, startTestBridge, waitFor, type TestBridge } from '../support/bridge.js'

const VIDEO_PLAYER = { playerid: 1, playertype: 'internal', type: 'video' }
const CLI = path.join(import.meta.dirname, '..', '..', 'bin', 'punchplay-bridge.js')

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })))
}

describe('Kodi to PunchPlay', () => {
  let fake: FakePunchPlay
  let kodi: FakeKodi
  let sut: TestBridge

  beforeEach(async () => {
    fake = await startFakePunchPlay()
    kodi = await startFakeKodi()
    kodi.setItem(1, { ...readKodiFixtureItem('response-getitem-library-movie.json'), playcount: 0 })
    kodi.setProperties(1, kodiProperties(0, 8160))
    sut = await startTestBridge({ fake, env: { BRIDGE_KODI_HOSTS: `living-room=${kodi.url}` } })
    await linkThroughDeviceFlow(sut.bridge, fake, 'sam', [{ source: 'kodi', user: 'living-room' }])
    await waitFor(() => sut.bridge.kodi.list()[0]?.state.status === 'connected')
  })

  afterEach(async () => {
    await sut.stop()
    await kodi.close()
    await fake.close()
  })

  it('should send a library movie watched to the end as start and a watched stop', async () => {
    kodi.setActivePlayers([VIDEO_PLAYER])
    kodi.notify('Player.OnAVStart', { item: { id: 2, type: 'movie' }, player: { playerid: 1, speed: 1 } })
    await waitFor(() => fake.playbackCalls.length >= 1)

    kodi.setProperties(1, kodiProperties(8150, 8160))
    kodi.setActivePlayers([])
    kodi.notify('Player.OnStop', { end: true, item: { id: 2, type: 'movie' } })
    await waitFor(() => fake.playbackCalls.some((call) => call.action === 'stop'))

    const [start, stop] = fake.playbackCalls.map((call) => call.rawBody)
    expect(fake.playbackCalls.map((call) => call.action)).toEqual(['start', 'stop'])
    expect(start?.['title']).toBe('The Matrix')
    expect(start?.['imdb_id']).toBe('tt0133093')
    expect(stop?.['watched']).toBe(true)
    expect(stop?.['playback_session_id']).toBe(start?.['playback_session_id'])
    expect(sut.logs.some((line) => line.includes('Kodi event accepted'))).toBe(true)
  })

  it('should send show ids and keep them across a restart of the bridge', async () => {
    kodi.setShowDetails(211, { tvshowid: 211, label: 'Breaking Bad', title: 'Breaking Bad', year: 2008, uniqueid: { tvdb: '81189' } })
    kodi.setItem(1, readKodiFixtureItem('response-getitem-library-episode.json'))
    kodi.setProperties(1, kodiProperties(0, 2820))
    kodi.setActivePlayers([VIDEO_PLAYER])
    kodi.notify('Player.OnAVStart', { item: { id: 19234, type: 'episode' }, player: { playerid: 1, speed: 1 } })
    await waitFor(() => fake.playbackCalls.length >= 1)
    kodi.setActivePlayers([])
    kodi.notify('Player.OnStop', { end: false, item: { id: 19234, type: 'episode' } })
    await waitFor(() => fake.playbackCalls.some((call) => call.action === 'stop'))

    await sut.stop()
    sut = await startTestBridge({ fake, dataDir: sut.dataDir, env: { BRIDGE_KODI_HOSTS: `living-room=${kodi.url}` } })
    await waitFor(() => sut.bridge.kodi.list()[0]?.state.status === 'connected')
    kodi.setActivePlayers([VIDEO_PLAYER])
    kodi.notify('Player.OnAVStart', { item: { id: 19234, type: 'episode' }, player: { playerid: 1, speed: 1 } })
    await waitFor(() => fake.playbackCalls.filter((call) => call.action === 'start').length >= 2)

    expect(fake.playbackCalls[0]?.rawBody['tvdb_id']).toBe(81189)
    expect(fake.playbackCalls.at(-1)?.rawBody['tvdb_id']).toBe(81189)
    expect(kodi.requestsFor('VideoLibrary.GetTVShowDetails')).toHaveLength(1)
  })

  it('should show the host with its state in the kodi command', async () => {
    const env = { BRIDGE_DATA_DIR: sut.dataDir, BRIDGE_KODI_HOSTS: `living-room=${kodi.url}` }

    await waitFor(() => sut.logs.length > 0 && sut.bridge.kodi.list()[0]?.state.status === 'connected')
    // The service records a changed state at its next sync, two seconds at most.
    await new Promise((resolve) => setTimeout(resolve, 2500))
    const run = await runCli(['kodi'], env)

    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^living-room\tws:\/\/127\.0\.0\.1:\d+\/jsonrpc\tconfig\tconnected \(JSON-RPC /m)
  })

  it('should connect to a host added with the CLI while the bridge runs', async () => {
    const second = await startFakeKodi()
    const env = { BRIDGE_DATA_DIR: sut.dataDir, BRIDGE_KODI_HOSTS: `living-room=${kodi.url}` }

    const added = await runCli(['kodi', 'add', 'bedroom', second.url], env)
    await waitFor(() => second.acceptedConnections > 0, 20_000)
    const removed = await runCli(['kodi', 'remove', 'bedroom'], env)
    await waitFor(() => !sut.bridge.kodi.list().some((host) => host.name === 'bedroom'), 20_000)

    expect(added.code).toBe(0)
    expect(added.stdout).toMatch(/map <link id> kodi:bedroom/)
    expect(removed.code).toBe(0)
    await second.close()
  })

  it('should refuse to remove a host that comes from the configuration', async () => {
    const run = await runCli(['kodi', 'remove', 'living-room'], { BRIDGE_DATA_DIR: sut.dataDir, BRIDGE_KODI_HOSTS: `living-room=${kodi.url}` })

    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/comes from the configuration/)
  })

  it('should reject a URL that is not a WebSocket', async () => {
    const run = await runCli(['kodi', 'add', 'den', 'http://127.0.0.1:8080/jsonrpc'], { BRIDGE_DATA_DIR: sut.dataDir })

    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/expected ws:\/\/<host>:9090\/jsonrpc/)
  })
})
