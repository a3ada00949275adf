/**
 * Opening the SQLite database: one file in the data directory, private to its owner,
 * in WAL mode, migrated to the current schema before anything reads it.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'

import { readPackageInfo } from '../package-info.js'
import { schema } from './schema.js'

export const DATABASE_FILE = 'bridge.db'

export type BridgeDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

/**
 * Open (creating if needed) `<dataDir>/bridge.db` and apply pending migrations.
 * Pass `':memory:'` as `dataDir` for a throwaway database.
 */
export function openDatabase(dataDir: string): BridgeDatabase {
  const client = dataDir === ':memory:' ? new Database(':memory:') : new Database(prepareDatabaseFile(dataDir))

  client.pragma('journal_mode = WAL')
  // FULL syncs the WAL on every commit: an accepted webhook must survive a power cut, and
  // a household's webhook rate is far below what FULL can write.
  client.pragma('synchronous = FULL')
  client.pragma('foreign_keys = ON')
  client.pragma('busy_timeout = 5000')

  const db = drizzle(client, { schema })
  migrate(db, { migrationsFolder: findMigrationsFolder() })
  return db
}

/** Create the data directory and an empty database file with mode 0600 before SQLite opens it. */
function prepareDatabaseFile(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const file = path.join(dataDir, DATABASE_FILE)
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600))
  // An older file, or one created under a loose umask, is tightened too. SQLite gives the
  // -wal and -shm files the main file's permissions.
  chmodSync(file, 0o600)
  return file
}

/** The committed `migrations/` folder at the package root; `BRIDGE_MIGRATIONS_DIR` overrides it. */
function findMigrationsFolder(): string {
  const fromEnv = process.env['BRIDGE_MIGRATIONS_DIR']
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  return path.join(readPackageInfo().root, 'migrations')
}
