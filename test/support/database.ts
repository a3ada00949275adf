import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { openDatabase, type BridgeDatabase } from '../../src/core/storage/database.js'

/** A fresh data directory under the system temp folder. */
export function makeDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'bridge-test-'))
}

/** A migrated SQLite file in a fresh data directory. */
export function openTestDatabase(): { db: BridgeDatabase; dataDir: string } {
  const dataDir = makeDataDir()
  return { db: openDatabase(dataDir), dataDir }
}
