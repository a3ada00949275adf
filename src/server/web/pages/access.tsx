/**
 * The two pages shown without a session: setting the first admin password, and logging in.
 */
import type { FC } from 'hono/jsx'

import { MIN_PASSWORD_LENGTH } from '../../../core/admin/password.js'
import { FormAlert, Layout } from '../layout.js'

export const FirstRunPage: FC<{ version: string }> = ({ version }) => (
  <Layout title="Secure this bridge" version={version} narrow>
    <h1>Welcome to the PunchPlay bridge</h1>
    <p>
      First, choose an admin password. Everyone who can reach this page on your network could otherwise change the bridge, so
      the page asks for this password from now on.
    </p>
    <form class="card" data-api="/api/admin/password" data-method="POST" data-then="/" data-check="password-match">
      <label for="password">New admin password</label>
      <p class="hint" id="password-hint">
        At least {MIN_PASSWORD_LENGTH} characters. A passphrase of a few words is easy to type and hard to guess.
      </p>
      <input id="password" name="password" type="password" autocomplete="new-password" required minlength={MIN_PASSWORD_LENGTH} aria-describedby="password-hint" />
      <label for="confirm">Type it again</label>
      <input id="confirm" type="password" autocomplete="new-password" required data-skip />
      <FormAlert />
      <div class="actions">
        <button type="submit">Save password and continue</button>
      </div>
    </form>
    <p class="hint">
      For an unattended install, set <code>BRIDGE_ADMIN_PASSWORD</code> in the container's environment instead.
    </p>
  </Layout>
)

export const LoginPage: FC<{ version: string }> = ({ version }) => (
  <Layout title="Log in" version={version} narrow>
    <h1>Log in</h1>
    <form class="card" data-api="/api/session" data-method="POST" data-then="next">
      <label for="password">Admin password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required autofocus />
      <FormAlert />
      <div class="actions">
        <button type="submit">Log in</button>
      </div>
    </form>
    <p class="hint">
      Forgot the password? Set <code>BRIDGE_ADMIN_PASSWORD</code> and restart the bridge; it replaces the stored one.
    </p>
  </Layout>
)
