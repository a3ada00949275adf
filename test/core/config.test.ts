import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

import { loadConfig } from '../../src/core/config.js'
import { ConfigError } from '../../src/core/errors.js'

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'bridge-config-'))
}

describe('loadConfig', () => {
  it('should use the documented defaults with no file and no environment', () => {
    const cwd = tempDir()

    const { config, dataDir, configPath } = loadConfig({ env: {}, cwd })

    expect(config.server.host).toBe('0.0.0.0')
    expect(config.server.port).toBe(8787)
    expect(config.punchplay.api_url).toBe('https://punchplay.tv')
    expect(config.playback.watched_threshold).toBe(0.9)
    expect(config.playback.stale_after_minutes).toBe(30)
    expect(dataDir).toBe(path.join(cwd, 'data'))
    expect(configPath).toBeUndefined()
  })

  it('should read ./config.yaml and let the environment override it', () => {
    const cwd = tempDir()
    writeFileSync(path.join(cwd, 'config.yaml'), 'server:\n  port: 9000\n  host: 127.0.0.1\npunchplay:\n  client_id: from-file\n')

    const { config } = loadConfig({ env: { BRIDGE_PORT: '9100' }, cwd })

    expect(config.server.port).toBe(9100)
    expect(config.server.host).toBe('127.0.0.1')
    expect(config.punchplay.client_id).toBe('from-file')
  })

  it('should find config.yaml in the data directory', () => {
    const cwd = tempDir()
    const dataDir = path.join(cwd, 'volume')
    mkdirSync(dataDir)
    writeFileSync(path.join(dataDir, 'config.yaml'), 'log:\n  level: debug\n')

    const { config, configPath } = loadConfig({ env: { BRIDGE_DATA_DIR: dataDir }, cwd })

    expect(config.log.level).toBe('debug')
    expect(configPath).toBe(path.join(dataDir, 'config.yaml'))
  })

  it('should name the key and the expectation of an invalid value, never the value', () => {
    const cwd = tempDir()

    const attempt = () => loadConfig({ env: { BRIDGE_PORT: 'eighty', BRIDGE_WEBHOOK_TOKEN: 'short secret!' }, cwd })

    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow(/server\.port \(BRIDGE_PORT\): expected a port as a whole number from 0 to 65535/)
    expect(attempt).toThrow(/webhook_token \(BRIDGE_WEBHOOK_TOKEN\)/)
    expect(attempt).not.toThrow(/eighty/)
    expect(attempt).not.toThrow(/short secret/)
  })

  it('should reject unknown keys in the file', () => {
    const cwd = tempDir()
    writeFileSync(path.join(cwd, 'config.yaml'), 'server:\n  prot: 1\n')

    expect(() => loadConfig({ env: {}, cwd })).toThrow(/unknown key server\.prot/)
  })

  it('should fail when an explicit config path does not exist', () => {
    const cwd = tempDir()

    expect(() => loadConfig({ env: {}, cwd, configPath: 'missing.yaml' })).toThrow(/Config file not found/)
  })

  it('should not quote a secret from a file that is not valid YAML', () => {
    const cwd = tempDir()
    writeFileSync(path.join(cwd, 'config.yaml'), 'punchplay:\n  client_secret: "s3cr3t-value\n  x: [\n')

    const attempt = () => loadConfig({ env: {}, cwd })

    expect(attempt).toThrow(/not valid YAML/)
    expect(attempt).not.toThrow(/s3cr3t/)
  })

  it('should keep the progress interval at 10 seconds or more', () => {
    const cwd = tempDir()

    expect(() => loadConfig({ env: { BRIDGE_PROGRESS_INTERVAL_SECONDS: '5' }, cwd })).toThrow(/progress_interval_seconds/)
  })
})

describe('config.example.yaml', () => {
  it('should parse and match the defaults it documents', () => {
    const cwd = tempDir()
    const example = readFileSync(path.join(import.meta.dirname, '..', '..', 'config.example.yaml'), 'utf8')
    writeFileSync(path.join(cwd, 'config.yaml'), example)

    const fromExample = loadConfig({ env: {}, cwd }).config
    const defaults = loadConfig({ env: {}, cwd: tempDir() }).config

    expect(fromExample).toEqual(defaults)
  })
})

describe('loadConfig with empty and odd values', () => {
  it('should treat a blank environment variable as unset', () => {
    const { config } = loadConfig({ env: { BRIDGE_PORT: '  ' }, cwd: tempDir() })

    expect(config.server.port).toBe(8787)
  })

  it('should reject an empty port in the file instead of picking a random port', () => {
    const cwd = tempDir()
    writeFileSync(path.join(cwd, 'config.yaml'), 'server:\n  port:\n')

    expect(() => loadConfig({ env: {}, cwd })).toThrow(/server\.port \(BRIDGE_PORT\): expected a port as a whole number/)
  })

  it('should reject a boolean port', () => {
    const cwd = tempDir()
    writeFileSync(path.join(cwd, 'config.yaml'), 'server:\n  port: true\n')

    expect(() => loadConfig({ env: {}, cwd })).toThrow(/server\.port/)
  })

  it('should accept a numeric client id from YAML as text', () => {
    const cwd = tempDir()
    writeFileSync(path.join(cwd, 'config.yaml'), 'punchplay:\n  client_id: 12345\n')

    expect(loadConfig({ env: {}, cwd }).config.punchplay.client_id).toBe('12345')
  })

  it('should read BRIDGE_KODI_HOSTS as name=url pairs', () => {
    const { config } = loadConfig({ env: { BRIDGE_KODI_HOSTS: 'living-room=ws://127.0.0.1:9090/jsonrpc, den=ws://127.0.0.2:9090/jsonrpc' }, cwd: tempDir() })

    expect(config.kodi.hosts).toEqual([
      { name: 'living-room', url: 'ws://127.0.0.1:9090/jsonrpc' },
      { name: 'den', url: 'ws://127.0.0.2:9090/jsonrpc' },
    ])
  })

  it('should reject a Kodi host without a WebSocket URL', () => {
    expect(() => loadConfig({ env: { BRIDGE_KODI_HOSTS: 'den=http://127.0.0.1:8080' }, cwd: tempDir() })).toThrow(/kodi\.hosts/)
  })
})
