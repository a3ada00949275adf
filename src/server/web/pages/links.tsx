/**
 * The links page: link a PunchPlay account with the device code, map media-server users to
 * each link, and see each link's state.
 */
import type { FC } from 'hono/jsx'

import type { SeenUser } from '../../../core/activity.js'
import { SOURCE_KINDS, type SourceKind } from '../../../core/events.js'
import type { LinkSummary } from '../../../core/links.js'
import { Badge, FormAlert, Layout, SOURCE_LABELS, Time } from '../layout.js'

export type LinkRow = LinkSummary & { pendingCalls: number }

interface LinksProps {
  version: string
  csrfToken: string
  appConfigured: boolean
  links: LinkRow[]
  users: SeenUser[]
  /** The link just approved, whose users the page asks for first. */
  justLinked: LinkRow | undefined
}

const SourceSelect: FC<{ id: string }> = ({ id }) => (
  <select id={id} name="source">
    {SOURCE_KINDS.map((source) => (
      <option value={source}>{SOURCE_LABELS[source]}</option>
    ))}
  </select>
)

function userLabel(source: SourceKind, user: string): string {
  return `${SOURCE_LABELS[source]}: ${user}`
}

/** Free entry of one user, with the names seen in webhooks offered as suggestions. */
const UserEntry: FC<{ idPrefix: string }> = ({ idPrefix }) => (
  <div class="grid">
    <div>
      <label for={`${idPrefix}-source`}>Media server</label>
      <SourceSelect id={`${idPrefix}-source`} />
    </div>
    <div>
      <label for={`${idPrefix}-user`}>User name</label>
      <input id={`${idPrefix}-user`} name="user" type="text" list="seen-user-names" autocomplete="off" spellcheck={false} />
    </div>
  </div>
)

const MapUsersCard: FC<{ link: LinkRow; users: SeenUser[] }> = ({ link, users }) => {
  const candidates = users.filter((user) => user.linkId === null)
  return (
    <section class="card" id="map-users" aria-labelledby="map-users-title">
      <h2 id="map-users-title">{`Linked${link.username === null ? '' : ` as ${link.username}`}. Whose playback is this?`}</h2>
      <p>
        Choose the media-server users whose watches should go to this PunchPlay account. Events of users who are mapped to no
        link are dropped, never sent to someone else.
      </p>
      <form data-api={`/api/links/${link.id}/users`} data-submit="map-users" data-then="/links">
        {candidates.length === 0 ? (
          <p class="hint">No unmapped users have been seen in webhooks yet. Type a user name below, or play something first.</p>
        ) : (
          <fieldset>
            <legend>Users seen in recent webhooks</legend>
            {candidates.map((user, index) => (
              <label class="check" for={`candidate-${index}`}>
                <input id={`candidate-${index}`} type="checkbox" data-multi data-source={user.source} value={user.user} />
                <span>
                  {userLabel(user.source, user.user)}{' '}
                  <span class="hint">
                    {`(${user.eventCount} events, ${user.droppedCount} dropped, last `}
                    <Time at={user.lastSeenAt} />)
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <h3>Or type a user</h3>
        <UserEntry idPrefix="map" />
        <FormAlert />
        <div class="actions">
          <button type="submit">Save users</button>
          <a class="button secondary" href="/links">
            Skip for now
          </a>
        </div>
      </form>
    </section>
  )
}

const DevicePanel: FC = () => (
  <section class="card" data-device-link hidden aria-labelledby="device-title">
    <h2 id="device-title">Approve the link on PunchPlay</h2>
    <div class="device">
      <div>
        <p>Open this link on any device, sign in to PunchPlay and approve the code:</p>
        <p class="user-code" data-user-code tabindex={-1} aria-label="Code to approve"></p>
        <p>
          <a data-verify-link href="#" target="_blank" rel="noreferrer" class="mono"></a>
        </p>
        <p class="hint">
          The code expires <time data-expires datetime=""></time>. This page updates by itself.
        </p>
      </div>
      <img data-qr class="qr" alt="QR code of the PunchPlay link with the code filled in" src="data:," />
    </div>
    <p class="alert info" data-status role="status" aria-live="polite"></p>
    <div class="actions">
      <button type="button" class="secondary" data-cancel-link>
        Cancel
      </button>
    </div>
  </section>
)

const LinkCard: FC<{ link: LinkRow }> = ({ link }) => (
  <article class="card" data-alert-scope aria-labelledby={`link-${link.id}`}>
    <p class="alert" role="alert"></p>
    <h3 id={`link-${link.id}`}>
      {link.username ?? '(unknown PunchPlay user)'} <span class="hint">link {link.id}</span>{' '}
      {link.state === 'active' ? <Badge kind="ok">Working</Badge> : <Badge kind="bad">Needs re-linking</Badge>}
    </h3>
    {link.state === 'needs_relink' ? (
      <p>
        {`Why: ${link.stateReason ?? 'PunchPlay rejected the stored sign-in'}. `}
        Re-link to sign in again; {link.pendingCalls} waiting call(s) are then delivered.
      </p>
    ) : null}
    <p>
      Last delivery: <Time at={link.lastDeliveryAt} />
      {link.pendingCalls > 0 ? ` · ${link.pendingCalls} call(s) waiting` : ''}
    </p>
    <h4 class="visually-hidden">Mapped users</h4>
    {link.identities.length === 0 ? (
      <p>
        <Badge kind="warn">No users mapped</Badge> Nothing is sent for this account until a user is mapped.
      </p>
    ) : (
      <ul class="users" aria-label="Mapped users">
        {link.identities.map((identity) => (
          <li>
            {userLabel(identity.source, identity.user)}
            <button
              type="button"
              class="secondary"
              data-action={`/api/links/${link.id}/users?source=${identity.source}&user=${encodeURIComponent(identity.user)}`}
              data-method="DELETE"
              aria-label={`Remove ${userLabel(identity.source, identity.user)}`}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    )}
    <details>
      <summary>Add a user</summary>
      <form data-api={`/api/links/${link.id}/users`} data-submit="map-users" data-then="reload">
        <UserEntry idPrefix={`add-${link.id}`} />
        <FormAlert />
        <div class="actions">
          <button type="submit">Add user</button>
        </div>
      </form>
    </details>
    <div class="actions">
      <button type="button" class={link.state === 'active' ? 'secondary' : undefined} data-start-link data-relink={String(link.id)}>
        Re-link
      </button>
      <button
        type="button"
        class="danger"
        data-action={`/api/links/${link.id}`}
        data-method="DELETE"
        data-confirm={`Remove link ${link.id} and its user mappings? PunchPlay keeps the grant until you revoke it in its Connected apps settings.`}
      >
        Unlink
      </button>
    </div>
  </article>
)

export const LinksPage: FC<LinksProps> = (props) => (
  <Layout title="Links" version={props.version} page="links" csrfToken={props.csrfToken}>
    <h1>Links</h1>
    <p class="lead">A link is one PunchPlay account and the media-server users whose playback it receives.</p>
    <datalist id="seen-user-names">
      {[...new Set(props.users.map((user) => user.user))].map((name) => (
        <option value={name} />
      ))}
    </datalist>
    {props.justLinked === undefined ? null : <MapUsersCard link={props.justLinked} users={props.users} />}
    <section class="card" data-alert-scope aria-labelledby="new-link">
      <p class="alert" role="alert"></p>
      <h2 id="new-link">Link a PunchPlay account</h2>
      {props.appConfigured ? (
        <>
          <p>PunchPlay shows a short code to approve; no password is typed into the bridge. Link once per person in your household.</p>
          <button type="button" data-start-link>
            Link a PunchPlay account
          </button>
        </>
      ) : (
        <p>
          Set up the <a href="/punchplay">PunchPlay app</a> first: linking needs its client id.
        </p>
      )}
    </section>
    <DevicePanel />
    <section aria-labelledby="link-list">
      <h2 id="link-list">{`Linked accounts (${props.links.length})`}</h2>
      {props.links.length === 0 ? <p>No accounts linked yet.</p> : props.links.map((link) => <LinkCard link={link} />)}
    </section>
    <section class="card" aria-labelledby="seen-users">
      <h2 id="seen-users">Users seen in webhooks</h2>
      {props.users.length === 0 ? (
        <p>None yet. Users appear here after their first playback reaches the bridge.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Events</th>
                <th scope="col">Dropped</th>
                <th scope="col">Last seen</th>
                <th scope="col">Mapped to</th>
              </tr>
            </thead>
            <tbody>
              {props.users.map((user) => (
                <tr>
                  <td>{userLabel(user.source, user.user)}</td>
                  <td>{user.eventCount}</td>
                  <td>{user.droppedCount}</td>
                  <td>
                    <Time at={user.lastSeenAt} />
                  </td>
                  <td>{user.linkId === null ? <Badge kind="warn">not mapped</Badge> : `link ${user.linkId}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  </Layout>
)
