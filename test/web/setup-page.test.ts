/**
 * The setup page in a real browser, in the order a new user goes through it. The steps are the
 * first password, logging out and in, the PunchPlay app, linking an account, mapping a user,
 * copying the webhook URL, retrying a failed delivery, and the settings. Each page is saved to
 * docs/screenshots/.
 */
import { asc } from 'drizzle-orm'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { outboxTable } from '../../src/core/storage/schema.js'
import { ADMIN_PASSWORD, postPlex, startApiBridge, type ApiBridge } from '../api/support.js'
import { startFakePunchPlay, type FakePunchPlay } from '../fake-punchplay/index.js'
import { readFixture, waitFor } from '../support/bridge.js'
import { findChromium, launchBrowser, saveScreenshot } from './browser.js'

const chromiumPath = findChromium()
if (chromiumPath === undefined && process.env['CI'] === 'true') {
  throw new Error('Chromium is missing: run apt-get install -y chromium (or set CHROMIUM_PATH) before the browser tests.')
}
if (chromiumPath === undefined) console.warn('Skipping the browser tests: no Chromium found. Install it with apt-get install -y chromium.')

const moviePlay = readFixture('plex/movie-play-newagent.json')

describe.skipIf(chromiumPath === undefined)('setup page in a browser', () => {
  let fake: FakePunchPlay
  let sut: ApiBridge
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    fake = await startFakePunchPlay()
    sut = await startApiBridge({ fake, withClientId: false })
    context = await launchBrowser(chromiumPath ?? '', sut.baseUrl)
    page = context.pages()[0] ?? (await context.newPage())
    page.setDefaultTimeout(10_000)
  })

  afterAll(async () => {
    await context.close()
    await sut.stop()
    await fake.close()
  })

  function outboxRows() {
    return sut.bridge.db.select().from(outboxTable).orderBy(asc(outboxTable.id)).all()
  }

  it('should ask for a password on first run', async () => {
    await page.goto(`${sut.baseUrl}/links`)
    await page.waitForURL(/\/first-run$/)
    await saveScreenshot(page, 'first-run')

    await page.getByLabel('New admin password').fill(ADMIN_PASSWORD)
    await page.getByLabel('Type it again').fill('a different password')
    await page.getByRole('button', { name: 'Save password and continue' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'The two passwords differ' }).count()).toBe(1)

    await page.getByLabel('Type it again').fill(ADMIN_PASSWORD)
    await page.getByRole('button', { name: 'Save password and continue' }).click()
    await page.waitForURL(`${sut.baseUrl}/`)

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview')
  })

  it('should log out, reject a wrong password, and log in', async () => {
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.waitForURL(/\/login$/)
    await page.goto(`${sut.baseUrl}/activity`)
    await page.waitForURL(/\/login\?next=%2Factivity$/)
    await saveScreenshot(page, 'login')

    await page.getByLabel('Admin password').fill('not the password')
    await page.getByRole('button', { name: 'Log in' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Wrong password.' }).count()).toBe(1)

    await page.getByLabel('Admin password').fill(ADMIN_PASSWORD)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(/\/activity$/)

    const cookies = await context.cookies(sut.baseUrl)
    expect(cookies.find((cookie) => cookie.name === 'ppb_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
  })

  it('should take the PunchPlay client id', async () => {
    await page.goto(`${sut.baseUrl}/punchplay`)
    await saveScreenshot(page, 'punchplay-app')

    await page.getByLabel('Client id', { exact: true }).fill(fake.clientId)
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('Client id set', { exact: true }).waitFor()

    expect(sut.bridge.config().punchplay.client_id).toBe(fake.clientId)
  })

  it('should link an account and update by itself when approved', async () => {
    await postPlex(sut, moviePlay)
    await page.goto(`${sut.baseUrl}/links`)

    await page.getByRole('button', { name: 'Link a PunchPlay account' }).click()
    const code = page.locator('[data-user-code]')
    await expect.poll(() => code.textContent()).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    // Browser-side code goes in as strings: the project's TypeScript has no DOM types.
    await page.waitForFunction("document.querySelector('img[data-qr]').naturalWidth > 0")
    await saveScreenshot(page, 'link-device-code')
    expect(await page.locator('[data-verify-link]').getAttribute('href')).toContain(fake.url)

    fake.approve((await code.textContent()) ?? '', 'sam')
    await page.waitForURL(/\/links\?linked=\d+$/)
    await page.getByRole('heading', { name: 'Linked as sam. Whose playback is this?' }).waitFor()
    await saveScreenshot(page, 'link-map-users')
  })

  it('should map a user seen in webhooks', async () => {
    await page.getByLabel(/Plex: sam_rivera/).check()
    await page.getByRole('button', { name: 'Save users' }).click()
    await page.waitForURL(/\/links$/)

    await page.getByRole('list', { name: 'Mapped users' }).getByText('Plex: sam_rivera').waitFor()
    await saveScreenshot(page, 'links')
  })

  it('should copy a webhook URL', async () => {
    await page.goto(`${sut.baseUrl}/sources`)
    await page.getByRole('button', { name: 'Copy the Plex webhook URL' }).click()
    await page.locator('#source-plex').getByText('Copied to the clipboard.').waitFor()
    await saveScreenshot(page, 'sources')

    const copied = await page.evaluate<string>('navigator.clipboard.readText()')
    expect(copied).toBe(`${sut.baseUrl}/webhooks/plex/${sut.bridge.webhookToken}`)
  })

  it('should retry a failed delivery', async () => {
    fake.failNext('playback', { status: 400, error: 'invalid_request' })
    await postPlex(sut, moviePlay)
    await waitFor(() => outboxRows()[0]?.status === 'failed')

    await page.goto(`${sut.baseUrl}/activity`)
    const failedRow = page.locator('tr[data-outbox-call]')
    await failedRow.getByText(/ppreq_/).waitFor()
    await saveScreenshot(page, 'activity')
    await failedRow.getByRole('button', { name: 'Retry' }).click()

    await waitFor(() => outboxRows()[0]?.status === 'sent')
    await expect.poll(() => page.locator('tr[data-outbox-call]').count()).toBe(0)
    expect(fake.playbackCalls.map((call) => call.action)).toEqual(['start'])
  })

  it('should save a setting and reject an invalid one', async () => {
    await page.goto(`${sut.baseUrl}/settings`)
    await page.getByLabel('Completion threshold').fill('0.85')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => page.locator('#setting-playback-watched_threshold-origin').textContent()).toBe('Saved on this page.')
    expect(sut.bridge.config().playback.watched_threshold).toBe(0.85)

    await page.getByLabel('Public URL of the bridge').fill('ftp://nas.local')
    await page.getByRole('button', { name: 'Save settings' }).click()
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'server.public_url' }).count()).toBe(1)
    await page.getByLabel('Public URL of the bridge').fill('')
    await saveScreenshot(page, 'settings')
  })

  it('should show the finished setup on the overview, also on a phone', async () => {
    await page.goto(`${sut.baseUrl}/`)
    await page.getByText('Working', { exact: true }).waitFor()
    await saveScreenshot(page, 'overview')

    await page.setViewportSize({ width: 390, height: 844 })
    await page.reload()
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')
    await saveScreenshot(page, 'overview-phone')

    expect(overflow).toBeLessThanOrEqual(0)
  })
})
