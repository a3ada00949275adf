import { createHash, randomBytes, randomInt } from 'node:crypto'

// Letters without vowels, so generated codes never spell words, and without I and O,
// which read like 1 and 0.
const USER_CODE_LETTERS = 'BCDFGHJKLMNPQRSTVWXZ'

/** Creates a request id in PunchPlay's sample format: `ppreq_` and 20 hex digits. */
export function createRequestId(): string {
  return `ppreq_${randomBytes(10).toString('hex')}`
}

/** Creates an opaque secret such as a token or device code. The prefix only helps a reader of logs. */
export function createOpaqueToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`
}

/** Creates a user code shaped like `BCDF-1234`, the form PunchPlay shows on its link page. */
export function createUserCode(): string {
  let letters = ''
  for (let i = 0; i < 4; i++) {
    letters += USER_CODE_LETTERS[randomInt(USER_CODE_LETTERS.length)]
  }
  const digits = String(randomInt(10_000)).padStart(4, '0')
  return `${letters}-${digits}`
}

/** Normalizes a typed user code so case and a missing or extra dash do not matter. */
export function normalizeUserCode(userCode: string): string {
  return userCode.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

/** Derives a stable id from a value, so the same user or title gets the same id after `reset()`. */
export function deriveStableId(prefix: string, value: string): string {
  const digest = createHash('sha256').update(value).digest('hex')
  return `${prefix}_${digest.slice(0, 16)}`
}
