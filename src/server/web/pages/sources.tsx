/**
 * The media servers page: for Plex, Jellyfin, Emby and Kodi the webhook URL or hosts, setup
 * steps, the last payload received, and a check of a pasted payload.
 */
import type { Child, FC } from 'hono/jsx'

import type { SourceKind } from '../../../core/events.js'
import type { KodiHostView } from '../../api/kodi-hosts.js'
import type { SourceView, WebhookBase } from '../../api/views.js'
import { Badge, FormAlert, Layout, SOURCE_LABELS, Time, type BadgeKind } from '../layout.js'

interface SourcesProps {
  version: string
  csrfToken: string
  sources: SourceView[]
  base: WebhookBase
  kodiHosts: KodiHostView[] | null
}

const STEPS: Record<SourceKind, Child> = {
  plex: (
    <ol class="steps">
      <li>Plex webhooks need a Plex Pass on the account that owns the server.</li>
      <li>
        In Plex Web, open <strong>Settings → Webhooks</strong> under your account (not under the server's settings) and choose{' '}
        <strong>Add Webhook</strong>.
      </li>
      <li>Paste the URL above and save.</li>
      <li>
        Play something for a few seconds. <em>Last received</em> below shows the event. The owner's webhook also carries the playback of
        Plex Home and shared users: map each of them on the <a href="/links">Links</a> page.
      </li>
    </ol>
  ),
  jellyfin: (
    <ol class="steps">
      <li>
        In the Jellyfin dashboard, open <strong>Plugins → Catalog</strong>, install <strong>Webhook</strong> and restart Jellyfin.
      </li>
      <li>
        Open <strong>Plugins → Webhook</strong> and choose <strong>Add Generic Destination</strong>.
      </li>
      <li>
        Paste the URL above as the webhook URL. Tick the notification types <strong>Playback Start</strong>, <strong>Playback Progress</strong>,{' '}
        <strong>Playback Stop</strong> and <strong>User Data Saved</strong>, the item types <strong>Movies</strong> and <strong>Episodes</strong>,
        and <strong>Send All Properties</strong>.
      </li>
      <li>Save, then play something; <em>Last received</em> below shows the event.</li>
    </ol>
  ),
  emby: (
    <ol class="steps">
      <li>Emby webhooks need Emby Server 4.7.9 or newer with Emby Premiere.</li>
      <li>
        Open <strong>Settings → Notifications → Add Notification → Webhooks</strong> (older versions: <strong>Server → Webhooks</strong>).
      </li>
      <li>
        Paste the URL above, choose the content type <strong>application/json</strong> if offered, select the playback events and{' '}
        <strong>Mark played</strong>, and under <strong>Limit user events to</strong> select the users to track.
      </li>
      <li>Save, then use <strong>Send test notification</strong>; <em>Last received</em> below shows it.</li>
    </ol>
  ),
  kodi: (
    <ol class="steps">
      <li>
        In Kodi, open <strong>Settings → Services → Control</strong> and turn on <strong>Allow remote control via HTTP</strong>,
        then <strong>Allow remote control from applications on other systems</strong>.
      </li>
      <li>Add the Kodi device in the form on this page, with its address. The port is 9090 unless you changed it in Kodi.</li>
      <li>The bridge connects to Kodi itself; once added, the device's state shows whether it is connected.</li>
      <li>
        Playback on a Kodi device counts as the Kodi user with the device's name: map that name on the <a href="/links">Links</a> page.
      </li>
    </ol>
  ),
}

function outcomeBadge(outcome: string): BadgeKind {
  if (outcome === 'accepted') return 'ok'
  if (outcome === 'invalid') return 'bad'
  return 'warn'
}

const HOST_STATE_BADGES: Record<KodiHostView['state'], BadgeKind> = { connected: 'ok', connecting: 'warn', disconnected: 'bad', unsupported: 'bad' }

function isLoopback(base: string): boolean {
  const host = new URL(base).hostname
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]'
}

const WebhookUrl: FC<{ source: SourceKind; url: string; base: WebhookBase }> = ({ source, url, base }) => (
  <div>
    <label for={`url-${source}`}>Webhook URL</label>
    <div class="inline">
      <input id={`url-${source}`} type="text" readonly value={url} class="mono" spellcheck={false} />
      <button type="button" data-copy={`url-${source}`} aria-label={`Copy the ${SOURCE_LABELS[source]} webhook URL`}>
        Copy
      </button>
    </div>
    <p class="hint" data-copy-status role="status" aria-live="polite"></p>
    {base.fromRequest && isLoopback(base.base) ? (
      <p class="alert error">
        This URL uses a loopback address, which your media server cannot reach unless it runs on this machine. Set the public URL on
        the <a href="/settings">Settings</a> page, or open this page by the address of the machine the bridge runs on.
      </p>
    ) : base.fromRequest ? (
      <p class="hint">
        The URL uses the address you opened this page with. If your media server reaches the bridge by another address, set the public
        URL on the <a href="/settings">Settings</a> page.
      </p>
    ) : null}
    <p class="hint">Keep the URL private: the random part of it is what lets a media server in.</p>
  </div>
)

const PayloadCheck: FC<{ source: SourceKind }> = ({ source }) => (
  <details>
    <summary>Check a payload</summary>
    <form data-api={`/api/sources/${source}/check`} data-method="POST" data-then="result">
      <label for={`payload-${source}`}>Paste a payload from {SOURCE_LABELS[source]} (JSON)</label>
      <p class="hint">Nothing is stored or sent: this only tells whether the bridge would understand the payload.</p>
      <textarea id={`payload-${source}`} name="payload" spellcheck={false}></textarea>
      <FormAlert />
      <p data-result role="status" aria-live="polite"></p>
      <div class="actions">
        <button type="submit">Check</button>
      </div>
    </form>
  </details>
)

const KodiHosts: FC<{ hosts: KodiHostView[] | null }> = ({ hosts }) => {
  if (hosts === null) return <p class="alert info">Kodi support is not part of this build of the bridge yet.</p>
  return (
    <>
      {hosts.length === 0 ? (
        <p>No Kodi devices added yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Address</th>
                <th scope="col">State</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {hosts.map((host) => (
                <tr>
                  <td>{host.name}</td>
                  <td class="mono">{`${host.host}:${host.port}`}</td>
                  <td>
                    <Badge kind={HOST_STATE_BADGES[host.state]}>{host.state}</Badge>
                    {host.detail === null ? null : <div class="hint">{host.detail}</div>}
                  </td>
                  <td>
                    <Time at={host.since} />
                  </td>
                  <td>
                    {host.origin === 'config' ? (
                      <span class="hint">Set in the configuration</span>
                    ) : (
                      <button
                        type="button"
                        class="danger"
                        data-action={`/api/kodi/hosts/${encodeURIComponent(host.name)}`}
                        data-method="DELETE"
                        data-confirm={`Remove the Kodi device ${host.name}?`}
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form data-api="/api/kodi/hosts" data-method="POST" data-then="reload">
        <h3>Add a Kodi device</h3>
        <div class="grid">
          <div>
            <label for="kodi-name">Name</label>
            <input id="kodi-name" name="name" type="text" required placeholder="Living room" />
          </div>
          <div>
            <label for="kodi-host">Address</label>
            <input id="kodi-host" name="host" type="text" required placeholder="192.168.1.30" spellcheck={false} />
          </div>
          <div>
            <label for="kodi-port">Port</label>
            <input id="kodi-port" name="port" type="number" data-kind="number" value="9090" min="1" max="65535" required />
          </div>
        </div>
        <FormAlert />
        <div class="actions">
          <button type="submit">Add device</button>
        </div>
      </form>
    </>
  )
}

export const SourcesPage: FC<SourcesProps> = ({ version, csrfToken, sources, base, kodiHosts }) => (
  <Layout title="Media servers" version={version} page="sources" csrfToken={csrfToken}>
    <h1>Media servers</h1>
    <p class="lead">Point each media server at the bridge. Plex, Jellyfin and Emby send webhooks; the bridge connects to Kodi.</p>
    {sources.map((view) => (
      <section class="card" id={`source-${view.source}`} data-alert-scope aria-labelledby={`title-${view.source}`}>
        <p class="alert" role="alert"></p>
        <h2 id={`title-${view.source}`}>
          {SOURCE_LABELS[view.source]} {view.supported ? null : <Badge kind="neutral">not in this build yet</Badge>}
        </h2>
        {view.webhookUrl === null ? null : <WebhookUrl source={view.source} url={view.webhookUrl} base={base} />}
        {view.source === 'kodi' ? <KodiHosts hosts={kodiHosts} /> : null}
        <h3>Setup</h3>
        {STEPS[view.source]}
        <p>
          <strong>Last received:</strong>{' '}
          {view.lastReceived === null ? (
            'nothing yet'
          ) : (
            <>
              <Time at={view.lastReceived.receivedAt} /> · {view.lastReceived.event ?? 'payload'} ·{' '}
              <Badge kind={outcomeBadge(view.lastReceived.outcome)}>{view.lastReceived.outcome}</Badge>
              {view.lastReceived.reason === null ? null : <span class="hint"> {view.lastReceived.reason}</span>}
            </>
          )}
        </p>
        {view.canCheckPayload ? <PayloadCheck source={view.source} /> : null}
      </section>
    ))}
  </Layout>
)
