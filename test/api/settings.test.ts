import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

import type { SettingView } from '../../src/core/runtime-config.js'
import { createKodiHostsView, type KodiHostView } from '../../src/server/api/kodi-hosts.js'
import type { KodiHostStatus } from '../../src/core/kodi/index.js'
import { makeDataDir } from '../support/database.js'
import { ApiClient, startApiBridge, type ApiBridge } from './support.js'

describe('settings API', () => {
  let sut: ApiBridge
  let client: ApiClient

  afterEach(async () => {
    await sut.stop()
  })

  async function start(options: Parameters<typeof startApiBridge>[0] = {}): Promise<void> {
    sut = await startApiBridge(options)
    client = new ApiClient(sut.bridge)
    await client.logIn()
  }

  async function settingsByKey(): Promise<Map<string, SettingView>> {
    const result = await client.json<{ settings: SettingView[] }>('GET', '/api/settings')
    return new Map(result.body.settings.map((setting) => [setting.key, setting]))
  }

  describe('origins', () => {
    it('should lock keys set by the environment or the file', async () => {
      const dataDir = makeDataDir()
      const configPath = path.join(dataDir, 'config.yaml')
      writeFileSync(configPath, 'playback:\n  progress_interval_seconds: 30\n')
      await start({ dataDir, configPath, env: { BRIDGE_WATCHED_THRESHOLD: '0.8' } })

      const settings = await settingsByKey()

      expect(settings.get('playback.watched_threshold')).toMatchObject({ value: 0.8, origin: 'env', locked: true, envVar: 'BRIDGE_WATCHED_THRESHOLD' })
      expect(settings.get('playback.progress_interval_seconds')).toMatchObject({ value: 30, origin: 'file', locked: true })
      expect(settings.get('playback.stale_after_minutes')).toMatchObject({ value: 30, origin: 'default', locked: false })
    })

    it('should refuse to change a locked key', async () => {
      await start({ env: { BRIDGE_WATCHED_THRESHOLD: '0.8' } })

      const result = await client.json('PATCH', '/api/settings', { body: { values: { 'playback.watched_threshold': 0.7 } } })

      expect(result.status).toBe(400)
      expect(result.body['message']).toMatch(/playback\.watched_threshold \(set by BRIDGE_WATCHED_THRESHOLD\)/)
    })
  })

  describe('changes', () => {
    it('should validate with the config schema', async () => {
      await start()

      const tooSmall = await client.json('PATCH', '/api/settings', { body: { values: { 'playback.progress_interval_seconds': 5 } } })
      const unknown = await client.json('PATCH', '/api/settings', { body: { values: { 'server.port': 80 } } })
      const badUrl = await client.json('PATCH', '/api/settings', { body: { values: { 'server.public_url': 'nas.local' } } })

      expect(tooSmall.status).toBe(400)
      expect(tooSmall.body['message']).toMatch(/^Invalid settings: playback\.progress_interval_seconds \(BRIDGE_PROGRESS_INTERVAL_SECONDS\): expected .*from 10 to 300\.$/)
      expect(unknown.status).toBe(400)
      expect(unknown.body['message']).toMatch(/Unknown setting "server.port"/)
      expect(badUrl.status).toBe(400)
      expect(sut.bridge.config().playback.progress_interval_seconds).toBe(15)
    })

    it('should apply at once and survive a restart', async () => {
      await start()

      const saved = await client.json('PATCH', '/api/settings', {
        body: { values: { 'playback.watched_threshold': 0.75, 'playback.movies': false, 'plex.libraries.exclude': ['Kids'] } },
      })
      const live = sut.bridge.config()
      await sut.stop()
      sut = await startApiBridge({ dataDir: sut.dataDir })
      client = new ApiClient(sut.bridge)
      await client.logIn()
      const afterRestart = await settingsByKey()

      expect(saved.status).toBe(200)
      expect(live.playback.watched_threshold).toBe(0.75)
      expect(live.playback.movies).toBe(false)
      expect(live.plex.libraries.exclude).toEqual(['Kids'])
      expect(afterRestart.get('playback.watched_threshold')).toMatchObject({ value: 0.75, origin: 'page' })
      expect(sut.bridge.config().plex.libraries.exclude).toEqual(['Kids'])
    })

    it('should go back to the default on null', async () => {
      await start()
      await client.call('PATCH', '/api/settings', { body: { values: { 'playback.stale_after_minutes': 45 } } })

      await client.call('PATCH', '/api/settings', { body: { values: { 'playback.stale_after_minutes': null } } })
      const settings = await settingsByKey()

      expect(settings.get('playback.stale_after_minutes')).toMatchObject({ value: 30, origin: 'default' })
    })
  })

  describe('PunchPlay app', () => {
    it('should store the secret without ever returning it', async () => {
      await start()

      const saved = await client.call('PUT', '/api/punchplay-app', { body: { clientId: 'my-app', clientSecret: 'super-secret-value' } })
      const savedText = await saved.text()
      const read = await client.call('GET', '/api/punchplay-app')
      const readText = await read.text()
      const settings = await client.call('GET', '/api/settings')
      const page = await client.call('GET', '/punchplay')

      expect(saved.status).toBe(200)
      expect(JSON.parse(readText)).toMatchObject({ clientId: { value: 'my-app', origin: 'page' }, clientSecret: { value: null, isSet: true, secret: true } })
      expect(sut.bridge.config().punchplay.client_secret).toBe('super-secret-value')
      for (const text of [savedText, readText, await settings.text(), await page.text(), sut.logs.join('\n')]) {
        expect(text).not.toContain('super-secret-value')
      }
    })

    it('should keep or drop the secret', async () => {
      await start()
      await client.call('PUT', '/api/punchplay-app', { body: { clientId: 'my-app', clientSecret: 'super-secret-value' } })

      await client.call('PUT', '/api/punchplay-app', { body: { clientId: 'other-app' } })
      const kept = sut.bridge.config().punchplay.client_secret
      await client.call('PUT', '/api/punchplay-app', { body: { clientId: 'other-app', clientSecret: null } })

      expect(kept).toBe('super-secret-value')
      expect(sut.bridge.config().punchplay.client_secret).toBeUndefined()
    })
  })

  describe('Kodi hosts', () => {
    function createRegistry() {
      const hosts: KodiHostStatus[] = []
      return {
        add(host: { name: string; url: string }) {
          if (hosts.some((known) => known.name === host.name)) throw new TypeError(`a Kodi host named "${host.name}" already exists`)
          hosts.push({ ...host, state: { status: 'connecting', since: 1_000 } })
        },
        remove(name: string) {
          const index = hosts.findIndex((host) => host.name === name)
          if (index !== -1) hosts.splice(index, 1)
          return Promise.resolve(index !== -1)
        },
        list: () => hosts,
      }
    }

    it('should add, list and remove hosts', async () => {
      await start({ bridgeOptions: { kodiHosts: createKodiHostsView(createRegistry()) } })

      const added = await client.json<KodiHostView>('POST', '/api/kodi/hosts', { body: { name: 'Living room', host: '192.0.2.30', port: 9090 } })
      const duplicate = await client.json('POST', '/api/kodi/hosts', { body: { name: 'Living room', host: '192.0.2.31', port: 9090 } })
      const withScheme = await client.json('POST', '/api/kodi/hosts', { body: { name: 'Bedroom', host: 'http://192.0.2.31', port: 9090 } })
      const listed = await client.json<{ hosts: KodiHostView[] }>('GET', '/api/kodi/hosts')
      const removed = await client.call('DELETE', `/api/kodi/hosts/${encodeURIComponent('Living room')}`)
      const missing = await client.call('DELETE', '/api/kodi/hosts/nowhere')

      expect(added.status).toBe(201)
      expect(added.body).toEqual({ name: 'Living room', host: '192.0.2.30', port: 9090, state: 'connecting', detail: null, since: 1_000, origin: null })
      expect(duplicate.status).toBe(400)
      expect(withScheme.status).toBe(400)
      expect(withScheme.body['message']).toMatch(/without http:\/\//)
      expect(listed.body.hosts).toHaveLength(1)
      expect(removed.status).toBe(204)
      expect(missing.status).toBe(404)
    })
  })
})
