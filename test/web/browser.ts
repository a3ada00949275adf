/**
 * Debian's Chromium driven by playwright-core, for the setup page's browser tests. The browser
 * is the system package (`apt-get install -y chromium`); playwright never downloads one here.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

export const SCREENSHOT_DIR = path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots')

/** Flags that keep Chromium offline and quiet in a container: no sandbox, GPU, QUIC or Google services. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** `CHROMIUM_PATH`, else Debian's /usr/bin/chromium, or undefined when neither exists. */
export function findChromium(): string | undefined {
  const candidates = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser']
  return candidates.find((candidate): candidate is string => candidate !== undefined && candidate !== '' && existsSync(candidate))
}

/** Launch a headless Chromium with a fresh profile, allowed to use the clipboard on `origin`. */
export async function launchBrowser(executablePath: string, origin: string): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'bridge-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin })
  return context
}

/** Save a full-page screenshot as docs/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
}
