/**
 * Admin password hashing with scrypt from node:crypto. A stored hash reads
 * `scrypt$<N>$<r>$<p>$<salt>$<key>` with base64url salt and key, so the cost can be raised later
 * without breaking hashes stored before.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * N = 2^16 with r = 8 needs 64 MiB and took about 210 ms on a 2-core x86-64 VM. OWASP's password
 * storage cheat sheet asks for 2^17; half of that keeps a NAS container with a 256 MiB memory
 * limit safe, and hashes run one at a time so that parallel logins cannot add up.
 */
const COST = 2 ** 16
const BLOCK_SIZE = 8
const PARALLELIZATION = 1
const KEY_LENGTH = 32
const SALT_LENGTH = 16

export const MIN_PASSWORD_LENGTH = 10
/** Longer input only costs hashing time; no memorable password gets near it. */
export const MAX_PASSWORD_LENGTH = 1024

/** The hash running now; the next one starts when it settles. */
let running: Promise<unknown> = Promise.resolve()

function derive(password: string, salt: Buffer, cost: number, blockSize: number, parallelization: number): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; twice that leaves head-room over Node's 32 MiB default limit.
  const options: ScryptOptions = { N: cost, r: blockSize, p: parallelization, maxmem: 256 * cost * blockSize }
  const next = running.then(
    () =>
      new Promise<Buffer>((resolve, reject) => {
        scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error === null ? resolve(key) : reject(error)))
      }),
  )
  running = next.catch(() => undefined)
  return next
}

/** Hash a password for storage, with a fresh random salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH)
  const key = await derive(password, salt, COST, BLOCK_SIZE, PARALLELIZATION)
  return ['scrypt', COST, BLOCK_SIZE, PARALLELIZATION, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** Check a password against a stored hash in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false

  const [cost, blockSize, parallelization] = parts.slice(1, 4).map(Number)
  if (cost === undefined || blockSize === undefined || parallelization === undefined) return false
  if (![cost, blockSize, parallelization].every((value) => Number.isInteger(value) && value > 0)) return false

  const salt = Buffer.from(parts[4] ?? '', 'base64url')
  const expected = Buffer.from(parts[5] ?? '', 'base64url')
  if (expected.length !== KEY_LENGTH) return false

  const actual = await derive(password, salt, cost, blockSize, parallelization)
  return timingSafeEqual(actual, expected)
}

/** Why a new password is not acceptable, or undefined when it is. */
export function findPasswordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`
  if (password.length > MAX_PASSWORD_LENGTH) return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`
  if (password.trim() === '') return 'The password must not be only spaces.'
  return undefined
}
