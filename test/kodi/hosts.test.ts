import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'

import type { AdapterRejection, PlaybackEvent } from '../../src/core/events.js'
import { createKodiHosts } from '../../src/core/kodi/index.js'
import type { KodiHosts } from '../../src/core/kodi/index.js'
import { kodiProperties, readKodiFixtureItem, startFakeKodi } from '../fake-kodi/index.js'
import type { FakeKodi } from '../fake-kodi/index.js'
import { waitUntil } from '../fake-kodi/wait.js'

const fakes: FakeKodi[] = []
let hosts: KodiHosts | undefined

afterEach(async () => {
  await hosts?.stop()
  hosts = undefined
  await Promise.all(fakes.splice(0).map((fake) => fake.close()))
})

async function startFake(): Promise<FakeKodi> {
  const fake = await startFakeKodi()
  fakes.push(fake)

  return fake
}

function createHosts(initial: Array<{ name: string; url: string }>, outputs: Array<PlaybackEvent | AdapterRejection> = []): KodiHosts {
  hosts = createKodiHosts({
    hosts: initial,
    logger: pino({ level: 'silent' }),
    onEvent: (output) => outputs.push(output),
    pollIntervalMs: 50,
    reconnect: { initialMs: 20, maxMs: 200 },
  })

  return hosts
}

function statusOf(sut: KodiHosts, name: string): string | undefined {
  return sut.list().find((host) => host.name === name)?.state.status
}

describe('createKodiHosts', () => {
  it('should connect every configured host on start', async () => {
    const [kitchen, bedroom] = [await startFake(), await startFake()]
    const sut = createHosts([
      { name: 'kitchen', url: kitchen.url },
      { name: 'bedroom', url: bedroom.url },
    ])

    sut.start()
    await waitUntil('both hosts are connected', () => sut.list().every((host) => host.state.status === 'connected'))

    expect(sut.list().map((host) => host.name)).toEqual(['kitchen', 'bedroom'])
    expect(kitchen.openConnections).toBe(1)
    expect(bedroom.openConnections).toBe(1)
  })

  it('should not connect before start', async () => {
    const kitchen = await startFake()
    const sut = createHosts([{ name: 'kitchen', url: kitchen.url }])

    await new Promise((resolve) => setTimeout(resolve, 100))

    expect(statusOf(sut, 'kitchen')).toBe('disconnected')
    expect(kitchen.acceptedConnections).toBe(0)
  })

  it('should connect a host added while running', async () => {
    const [kitchen, bedroom] = [await startFake(), await startFake()]
    const outputs: Array<PlaybackEvent | AdapterRejection> = []
    const sut = createHosts([{ name: 'kitchen', url: kitchen.url }], outputs)
    sut.start()

    bedroom.setItem(1, readKodiFixtureItem('response-getitem-library-movie.json'))
    bedroom.setProperties(1, kodiProperties(0, 8160))
    bedroom.setActivePlayers([{ playerid: 1, playertype: 'internal', type: 'video' }])
    sut.add({ name: 'bedroom', url: bedroom.url })
    await waitUntil('the bedroom host reports its playback', () => outputs.length > 0)

    expect(statusOf(sut, 'bedroom')).toBe('connected')
    expect(outputs[0]).toMatchObject({ kind: 'play', serverId: 'bedroom', user: { name: 'bedroom' } })
  })

  it('should stop and forget a removed host', async () => {
    const kitchen = await startFake()
    const sut = createHosts([{ name: 'kitchen', url: kitchen.url }])
    sut.start()
    await waitUntil('the host is connected', () => statusOf(sut, 'kitchen') === 'connected')

    const removed = await sut.remove('kitchen')
    await waitUntil('the fake sees the close', () => kitchen.openConnections === 0)

    expect(removed).toBe(true)
    expect(sut.list()).toEqual([])
  })

  it('should return false when removing an unknown host', async () => {
    const sut = createHosts([])

    expect(await sut.remove('garage')).toBe(false)
  })

  it('should reject a duplicate host name', () => {
    const sut = createHosts([{ name: 'kitchen', url: 'ws://127.0.0.1:9/jsonrpc' }])

    expect(() => sut.add({ name: 'kitchen', url: 'ws://127.0.0.1:10/jsonrpc' })).toThrow(/already exists/)
  })

  it('should reject a host with a bad URL', () => {
    const sut = createHosts([])

    expect(() => sut.add({ name: 'garage', url: 'kodi.local:9090' })).toThrow(TypeError)
    expect(sut.list()).toEqual([])
  })
})
