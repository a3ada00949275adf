/**
 * Waiting in tests for something that happens asynchronously over a real socket.
 */

const POLL_INTERVAL_MS = 5

/**
 * Resolves once `check` returns true, and rejects with `description` after `timeoutMs`. A test
 * whose condition never comes true then fails with a message instead of a bare timeout.
 */
export async function waitUntil(description: string, check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs

  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting until ${description}`)
    }

    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS))
  }
}

/** Resolves after `milliseconds`. */
export function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds))
}
