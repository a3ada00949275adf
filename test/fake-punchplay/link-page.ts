import { html } from 'hono/html'

import type { FakeContext } from './errors.js'

/**
 * Renders the stand-in for PunchPlay's link page, where a person approves a device by hand.
 * The buttons post the form to the `/__fake/approve` and `/__fake/deny` admin endpoints.
 */
export function renderLinkPage(c: FakeContext, userCode: string, latestUserCode: string | undefined): Response | Promise<Response> {
  const prefilled = userCode === '' ? (latestUserCode ?? '') : userCode
  return c.html(html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Link a device - fake PunchPlay</title>
  </head>
  <body>
    <h1>Link a device</h1>
    <p>This is the fake PunchPlay server. Approving here links the device to the user named below.</p>
    <form method="post" action="/__fake/approve">
      <p>
        <label>Code <input name="userCode" value="${prefilled}" required /></label>
      </p>
      <p>
        <label>Username <input name="username" value="demo-user" required /></label>
      </p>
      <button type="submit">Approve</button>
      <button type="submit" formaction="/__fake/deny">Deny</button>
    </form>
  </body>
</html>`)
}

/** Renders the page a form submission from the link page lands on. */
export function renderControlResult(c: FakeContext, status: 200 | 400 | 404 | 409, message: string): Response | Promise<Response> {
  return c.html(
    html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Link a device - fake PunchPlay</title>
  </head>
  <body>
    <p>${message}</p>
    <p><a href="/link">Back to the link page</a></p>
  </body>
</html>`,
    status,
  )
}
