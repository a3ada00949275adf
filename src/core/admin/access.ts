/**
 * Access to the setup page: one admin password, stored as a scrypt hash in `settings`, and
 * the sessions of those who logged in with it. `BRIDGE_ADMIN_PASSWORD` replaces the stored
 * password at start-up, and the page cannot change it while the variable is set.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { eq, lte } from 'drizzle-orm'
import type { Logger } from 'pino'

import { BridgeError } from '../errors.js'
import { readSetting } from '../settings.js'
import type { BridgeDatabase } from '../storage/database.js'
import { adminSessionsTable, settingsTable } from '../storage/schema.js'
import { findPasswordProblem, hashPassword, verifyPassword } from './password.js'

export const PASSWORD_SETTING = 'admin_password_hash'
/** A session not used for a week ends; any session ends 30 days after login. */
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60_000
export const SESSION_MAX_MS = 30 * 24 * 60 * 60_000
/** `last_seen_at` is written at most this often, not on every request. */
const TOUCH_INTERVAL_MS = 60_000

export interface AdminSession {
  /** The cookie value; only its hash is stored. */
  token: string
  csrfToken: string
  expiresAt: number
}

export interface AuthenticatedSession {
  csrfToken: string
  expiresAt: number
}

export interface AdminAccessOptions {
  db: BridgeDatabase
  logger: Logger
  /** `BRIDGE_ADMIN_PASSWORD`, when set. */
  envPassword?: string | undefined
  now?: () => number
}

export interface AdminAccess {
  /** False until the first-run page, a script or `BRIDGE_ADMIN_PASSWORD` sets a password. */
  hasPassword(): Promise<boolean>
  /** True when `BRIDGE_ADMIN_PASSWORD` sets the password, so the page cannot change it. */
  readonly passwordFromEnv: boolean
  /**
   * Set the first password and log in. Only possible while no password exists.
   *
   * @throws BridgeError invalid_request when the password is too weak, and PasswordAlreadySetError
   *   when a password exists.
   */
  createPassword(password: string): Promise<AdminSession>
  /** Check a password and open a session, or return undefined when it is wrong. */
  login(password: string): Promise<AdminSession | undefined>
  /** The session of a cookie value, or undefined when it is unknown or ended. */
  authenticate(token: string): AuthenticatedSession | undefined
  logout(token: string): void
  /** Replace the password after checking the current one; ends every other session. */
  changePassword(token: string, current: string, next: string): Promise<void>
}

/** The current password given to change the password was wrong; it counts as a failed login. */
export class WrongPasswordError extends BridgeError {
  override name = 'WrongPasswordError'

  constructor() {
    super('invalid_request', 'The current password is wrong.')
  }
}

/** Raised for a second first-run request. The HTTP layer responds with 409. */
export class PasswordAlreadySetError extends Error {
  override name = 'PasswordAlreadySetError' as const

  constructor() {
    super('An admin password is already set. Log in with it instead.')
  }
}

export function createAdminAccess(options: AdminAccessOptions): AdminAccess {
  const { db, logger } = options
  const now = options.now ?? Date.now
  const envPassword = options.envPassword
  const ready = envPassword === undefined ? Promise.resolve() : applyEnvPassword(envPassword)

  async function applyEnvPassword(password: string): Promise<void> {
    const problem = findPasswordProblem(password)
    if (problem !== undefined) logger.warn(`BRIDGE_ADMIN_PASSWORD is weak: ${problem}`)

    const stored = readSetting(db, PASSWORD_SETTING)
    if (stored !== undefined && (await verifyPassword(password, stored))) return
    storeHash(await hashPassword(password))
    logger.info('admin password set from BRIDGE_ADMIN_PASSWORD; earlier setup page sessions ended')
  }

  function storeHash(hash: string, keepSession?: string): void {
    db.transaction((tx) => {
      tx.insert(settingsTable)
        .values({ key: PASSWORD_SETTING, value: hash })
        .onConflictDoUpdate({ target: settingsTable.key, set: { value: hash } })
        .run()
      const sessions = tx.select({ tokenHash: adminSessionsTable.tokenHash }).from(adminSessionsTable).all()
      const keep = keepSession === undefined ? undefined : hashToken(keepSession)
      for (const session of sessions) {
        if (session.tokenHash !== keep) tx.delete(adminSessionsTable).where(eq(adminSessionsTable.tokenHash, session.tokenHash)).run()
      }
    })
  }

  function openSession(): AdminSession {
    const at = now()
    const token = randomBytes(32).toString('base64url')
    const csrfToken = randomBytes(32).toString('base64url')
    const expiresAt = at + SESSION_MAX_MS
    db.delete(adminSessionsTable).where(lte(adminSessionsTable.expiresAt, at)).run()
    db.insert(adminSessionsTable).values({ tokenHash: hashToken(token), csrfToken, createdAt: at, lastSeenAt: at, expiresAt }).run()
    return { token, csrfToken, expiresAt }
  }

  return {
    passwordFromEnv: envPassword !== undefined,

    async hasPassword() {
      await ready
      return readSetting(db, PASSWORD_SETTING) !== undefined
    },

    async createPassword(password) {
      await ready
      // Checked before hashing too, so that requests after the first run cost no scrypt time.
      if (readSetting(db, PASSWORD_SETTING) !== undefined) throw new PasswordAlreadySetError()
      const problem = findPasswordProblem(password)
      if (problem !== undefined) throw new BridgeError('invalid_request', problem)

      const hash = await hashPassword(password)
      // The insert does nothing when another request set a password while this one hashed.
      const inserted = db.insert(settingsTable).values({ key: PASSWORD_SETTING, value: hash }).onConflictDoNothing().run()
      if (inserted.changes === 0) throw new PasswordAlreadySetError()
      logger.info('admin password created on the setup page')
      return openSession()
    },

    async login(password) {
      await ready
      const stored = readSetting(db, PASSWORD_SETTING)
      if (stored === undefined || !(await verifyPassword(password, stored))) return undefined
      return openSession()
    },

    authenticate(token) {
      const at = now()
      const row = db.select().from(adminSessionsTable).where(eq(adminSessionsTable.tokenHash, hashToken(token))).get()
      if (row === undefined) return undefined
      if (row.expiresAt <= at || row.lastSeenAt + SESSION_IDLE_MS <= at) {
        db.delete(adminSessionsTable).where(eq(adminSessionsTable.tokenHash, row.tokenHash)).run()
        return undefined
      }
      if (at - row.lastSeenAt >= TOUCH_INTERVAL_MS) {
        db.update(adminSessionsTable).set({ lastSeenAt: at }).where(eq(adminSessionsTable.tokenHash, row.tokenHash)).run()
      }
      return { csrfToken: row.csrfToken, expiresAt: row.expiresAt }
    },

    logout(token) {
      db.delete(adminSessionsTable).where(eq(adminSessionsTable.tokenHash, hashToken(token))).run()
    },

    async changePassword(token, current, next) {
      await ready
      if (envPassword !== undefined) {
        throw new BridgeError('invalid_request', 'The password is set by BRIDGE_ADMIN_PASSWORD. Change that variable and restart the bridge instead.')
      }
      const stored = readSetting(db, PASSWORD_SETTING)
      if (stored === undefined || !(await verifyPassword(current, stored))) throw new WrongPasswordError()
      const problem = findPasswordProblem(next)
      if (problem !== undefined) throw new BridgeError('invalid_request', problem)

      storeHash(await hashPassword(next), token)
      logger.info('admin password changed on the setup page; other sessions ended')
    },
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/** Compare two secrets without leaking where they differ. */
export function secretsEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest()
  const right = createHash('sha256').update(b).digest()
  return timingSafeEqual(left, right)
}
