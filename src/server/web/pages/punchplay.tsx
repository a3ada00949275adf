/**
 * The PunchPlay app page: how to create a developer app, and its client id and secret.
 */
import type { FC } from 'hono/jsx'

import type { SettingView } from '../../../core/runtime-config.js'
import { Badge, FormAlert, Layout, formatSettingValue } from '../layout.js'

interface PunchPlayProps {
  version: string
  csrfToken: string
  app: { apiUrl: string; clientId: SettingView; clientSecret: SettingView }
}

export function describeOrigin(setting: SettingView): string {
  switch (setting.origin) {
    case 'env':
      return `Set by the environment variable ${setting.envVar ?? ''}; change it there and restart the bridge.`
    case 'file':
      return 'Set in config.yaml; change it there and restart the bridge.'
    case 'page':
      return 'Saved on this page.'
    case 'default':
      return 'Not set: the default applies.'
  }
}

export const PunchPlayPage: FC<PunchPlayProps> = ({ version, csrfToken, app }) => {
  const { clientId, clientSecret } = app
  const configured = clientId.isSet
  const locked = clientId.locked
  return (
    <Layout title="PunchPlay app" version={version} page="punchplay" csrfToken={csrfToken}>
      <h1>PunchPlay app</h1>
      <p class="lead">
        The bridge signs in to PunchPlay as a developer app that you create once. {configured ? <Badge kind="ok">Client id set</Badge> : <Badge kind="warn">Not set up</Badge>}
      </p>
      <div class="grid">
        <section class="card" aria-labelledby="create-app">
          <h2 id="create-app">Create the app on PunchPlay</h2>
          <ol class="steps">
            <li>
              Sign in to <a href={app.apiUrl} rel="noreferrer" target="_blank">{app.apiUrl}</a> and open the developer settings.
            </li>
            <li>
              Choose <strong>Get API key</strong> to create an app. Any name works, for example "Home media bridge".
            </li>
            <li>
              Allow the scopes <code>playback:write</code> (required), <code>playback:read</code> (shows what PunchPlay sees playing on
              the Activity page) and <code>profile:read</code>.
            </li>
            <li>
              Copy the <strong>client id</strong> into the form. If PunchPlay made the app <em>confidential</em>, also copy the{' '}
              <strong>client secret</strong>: PunchPlay shows it only once.
            </li>
          </ol>
        </section>
        <section class="card" aria-labelledby="app-form">
          <h2 id="app-form">Client id and secret</h2>
          {locked ? (
            <>
              <p>
                Client id: <code>{formatSettingValue(clientId.value)}</code>
              </p>
              <p class="origin">{describeOrigin(clientId)}</p>
              <p>Client secret: {clientSecret.isSet ? 'set' : 'none (public app)'}</p>
              {clientSecret.locked ? <p class="origin">{describeOrigin(clientSecret)}</p> : null}
            </>
          ) : (
            <form data-api="/api/punchplay-app" data-method="PUT" data-then="reload">
              <label for="client-id">Client id</label>
              <input id="client-id" name="clientId" type="text" required autocomplete="off" spellcheck={false} value={formatSettingValue(clientId.value)} />
              <p class="origin">{describeOrigin(clientId)}</p>
              <label for="client-secret">Client secret (confidential apps only)</label>
              <input
                id="client-secret"
                name="clientSecret"
                type="password"
                autocomplete="off"
                data-omit-empty
                disabled={clientSecret.locked}
                aria-describedby="secret-hint"
                placeholder={clientSecret.isSet ? 'Stored; leave empty to keep it' : ''}
              />
              <p class="hint" id="secret-hint">
                {clientSecret.locked ? describeOrigin(clientSecret) : 'Leave empty for a public app, or to keep the stored secret. The page never shows a stored secret.'}
              </p>
              <FormAlert />
              <div class="actions">
                <button type="submit">Save</button>
              </div>
            </form>
          )}
          {configured ? (
            <p>
              Next: <a href="/links">link a PunchPlay account</a>.
            </p>
          ) : null}
        </section>
      </div>
    </Layout>
  )
}
