/**
 * Values the bridge generates once and keeps, stored in the `settings` table.
 */
import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'

import type { BridgeDatabase } from './storage/database.js'
import { settingsTable } from './storage/schema.js'

export function readSetting(db: BridgeDatabase, key: string): string | undefined {
  return db.select({ value: settingsTable.value }).from(settingsTable).where(eq(settingsTable.key, key)).get()?.value
}

/** The stored value of `key`, or `create()`'s value stored now. Safe against two processes racing. */
export function readOrCreateSetting(db: BridgeDatabase, key: string, create: () => string): string {
  db.insert(settingsTable).values({ key, value: create() }).onConflictDoNothing().run()
  const value = readSetting(db, key)
  if (value === undefined) throw new Error(`setting ${key} vanished right after it was written`)
  return value
}

/**
 * The token in webhook URLs: `webhook_token` from the config when set, otherwise 32 random
 * URL-safe characters (192 bits) generated on first start and reused afterwards.
 */
export function resolveWebhookToken(db: BridgeDatabase, configured: string | undefined): string {
  if (configured !== undefined) return configured
  return readOrCreateSetting(db, 'webhook_token', () => randomBytes(24).toString('base64url'))
}
