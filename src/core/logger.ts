/**
 * The pino logger: JSON lines by default, readable colour output on a terminal.
 */
import { pino, type Logger } from 'pino'
import pretty from 'pino-pretty'

import type { Config } from './config.js'

/**
 * Keys masked wherever they appear in a logged object, one level deep. Code never logs a
 * secret on purpose; this catches an object logged whole by mistake.
 */
const REDACTED_PATHS = [
  'accessToken', 'refreshToken', 'access_token', 'refresh_token', 'client_secret', 'clientSecret',
  'token', 'webhookToken', 'authorization', 'password', 'apiKey', 'api_key',
  '*.accessToken', '*.refreshToken', '*.access_token', '*.refresh_token', '*.client_secret', '*.clientSecret',
  '*.token', '*.webhookToken', '*.authorization', '*.password', '*.apiKey', '*.api_key',
]

export function createLogger(options: Config['log'], destination: NodeJS.WritableStream = process.stdout): Logger {
  const base = {
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'punchplay-bridge' },
  }

  const usePretty = options.format === 'pretty' || (options.format === 'auto' && 'isTTY' in destination && destination.isTTY === true)
  if (!usePretty) return pino(base, destination)

  return pino(base, pretty({ destination, sync: true, colorize: true, ignore: 'pid,hostname,service', translateTime: 'SYS:standard' }))
}
