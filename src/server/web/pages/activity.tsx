/**
 * The activity page: what is playing, what arrived and what happened to it, the outbox with
 * retry and discard for failed calls, and the latest raw payloads (redacted).
 */
import type { FC } from 'hono/jsx'

import type { LoggedPayload } from '../../../core/activity.js'
import type { OutboxCall } from '../../../core/outbox-admin.js'
import type { LinkActivity, OutboxView, ReceivedEvent } from '../../api/views.js'
import { Badge, Layout, SOURCE_LABELS, Time, formatDuration, type BadgeKind } from '../layout.js'

interface ActivityProps {
  version: string
  csrfToken: string
  nowPlaying: LinkActivity[]
  events: ReceivedEvent[]
  outbox: OutboxView
  payloads: LoggedPayload[]
}

const OUTCOME_LABELS: Record<ReceivedEvent['outcome'], { label: string; kind: BadgeKind }> = {
  accepted: { label: 'accepted', kind: 'ok' },
  ignored: { label: 'ignored', kind: 'neutral' },
  unmapped: { label: 'user not mapped', kind: 'warn' },
  invalid: { label: 'invalid', kind: 'bad' },
}

const STATUS_KINDS: Record<OutboxCall['status'], BadgeKind> = {
  pending: 'warn',
  sent: 'ok',
  failed: 'bad',
  expired: 'bad',
  discarded: 'neutral',
  superseded: 'neutral',
}

const PunchPlayView: FC<{ activity: LinkActivity }> = ({ activity }) => {
  const remote = activity.punchplay
  switch (remote.status) {
    case 'no_scope':
      return <p class="hint">PunchPlay's own view needs the playback:read scope, which this link was not granted.</p>
    case 'unavailable':
      return <p class="hint">{`PunchPlay's view is unavailable: ${remote.message}`}</p>
    case 'ok':
      return remote.item === null ? (
        <p>PunchPlay shows nothing playing.</p>
      ) : (
        <p>
          {`PunchPlay shows: ${remote.item.title ?? 'an item'}`}
          {remote.item.playbackState === null || remote.item.playbackState === undefined ? '' : `, ${remote.item.playbackState}`}
          {typeof remote.item.progressPercent === 'number' ? `, ${Math.round(remote.item.progressPercent)} %` : ''}
        </p>
      )
  }
}

const NowPlaying: FC<{ links: LinkActivity[] }> = ({ links }) => (
  <section class="card" aria-labelledby="now-playing">
    <h2 id="now-playing">Playing now</h2>
    {links.length === 0 ? <p>No accounts linked yet.</p> : null}
    {links.map((activity) => (
      <div>
        <h3>{activity.username ?? `Link ${activity.linkId}`}</h3>
        {activity.playing.length === 0 ? (
          <p>Nothing playing on your media servers.</p>
        ) : (
          <ul>
            {activity.playing.map((item) => (
              <li>
                <strong>{item.title}</strong>
                {item.detail === null ? '' : ` ${item.detail}`} · {SOURCE_LABELS[item.source]} ·{' '}
                <Badge kind={item.state === 'playing' ? 'ok' : 'neutral'}>{item.state}</Badge>{' '}
                {`${formatDuration(item.positionSeconds)}${item.durationSeconds === null ? '' : ` of ${formatDuration(item.durationSeconds)}`}`}
              </li>
            ))}
          </ul>
        )}
        <PunchPlayView activity={activity} />
      </div>
    ))}
  </section>
)

const FailedCalls: FC<{ outbox: OutboxView }> = ({ outbox }) => {
  const { summary } = outbox
  return (
    <section class="card" data-alert-scope aria-labelledby="outbox">
      <p class="alert" role="alert"></p>
      <h2 id="outbox">Outbox</h2>
      <p>
        {`${summary.pending} call(s) waiting`}
        {summary.nextAttemptAt === null ? '' : ', next attempt '}
        {summary.nextAttemptAt === null ? null : <Time at={summary.nextAttemptAt} />}
        {`. ${summary.failed + summary.expired} failed for good.`}
      </p>
      {outbox.failed.length === 0 ? null : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Calls that PunchPlay rejected or that expired</caption>
            <thead>
              <tr>
                <th scope="col">Call</th>
                <th scope="col">Error</th>
                <th scope="col">Request id</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {outbox.failed.map((call) => (
                <tr data-outbox-call={String(call.id)}>
                  <td>
                    {`${call.action} · ${call.title ?? call.playbackId} · link ${call.linkId}`}
                    <div class="hint">
                      <Badge kind={STATUS_KINDS[call.status]}>{call.status}</Badge> {`${call.attempts} attempt(s), queued `}
                      <Time at={call.createdAt} />
                    </div>
                  </td>
                  <td>{call.lastError ?? ''}</td>
                  <td class="mono">{call.requestId ?? '—'}</td>
                  <td>
                    <div class="actions">
                      <button type="button" data-action={`/api/outbox/${call.id}/retry`} data-method="POST" aria-label={`Retry ${call.action} call ${call.id}`}>
                        Retry
                      </button>
                      <button
                        type="button"
                        class="danger"
                        data-action={`/api/outbox/${call.id}/discard`}
                        data-method="POST"
                        data-confirm="Discard this call? PunchPlay will never receive it."
                        aria-label={`Discard ${call.action} call ${call.id}`}
                      >
                        Discard
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {outbox.pending.length === 0 ? null : (
        <>
          <h3>Waiting</h3>
          <ul>
            {outbox.pending.slice(0, 20).map((call) => (
              <li>
                {`${call.action} · ${call.title ?? call.playbackId} · link ${call.linkId} · next attempt `}
                <Time at={call.nextAttemptAt} />
                {call.lastError === null ? '' : ` · last error: ${call.lastError}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

const ReceivedEvents: FC<{ events: ReceivedEvent[] }> = ({ events }) => (
  <section class="card" aria-labelledby="events">
    <h2 id="events">Received events</h2>
    {events.length === 0 ? (
      <p>Nothing received yet.</p>
    ) : (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr>
                <td>
                  <Time at={event.receivedAt} />
                </td>
                <td>{`${SOURCE_LABELS[event.source]} ${event.event ?? 'payload'}${event.user === null ? '' : ` by ${event.user}`}`}</td>
                <td>
                  <Badge kind={OUTCOME_LABELS[event.outcome].kind}>{OUTCOME_LABELS[event.outcome].label}</Badge>
                  {event.reason === null ? null : <div class="hint">{event.reason}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
  </section>
)

const Deliveries: FC<{ calls: OutboxCall[] }> = ({ calls }) => (
  <section class="card" aria-labelledby="deliveries">
    <h2 id="deliveries">Deliveries to PunchPlay</h2>
    {calls.length === 0 ? (
      <p>No calls delivered yet.</p>
    ) : (
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Call</th>
              <th scope="col">Outcome</th>
              <th scope="col">Request id</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => (
              <tr>
                <td>
                  <Time at={call.sentAt ?? call.createdAt} />
                </td>
                <td>{`${call.action} · ${call.title ?? call.playbackId} · link ${call.linkId}`}</td>
                <td>
                  <Badge kind={STATUS_KINDS[call.status]}>{call.status}</Badge>
                  {call.status === 'sent' || call.lastError === null ? null : <div class="hint">{call.lastError}</div>}
                </td>
                <td class="mono">{call.requestId ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    )}
  </section>
)

export const ActivityPage: FC<ActivityProps> = (props) => (
  <Layout title="Activity" version={props.version} page="activity" csrfToken={props.csrfToken}>
    <h1>Activity</h1>
    <p class="lead">This page refreshes itself every 10 seconds.</p>
    <div id="live" data-refresh="10">
      <NowPlaying links={props.nowPlaying} />
      <FailedCalls outbox={props.outbox} />
      <ReceivedEvents events={props.events} />
      <Deliveries calls={props.outbox.recent} />
    </div>
    <section class="card" aria-labelledby="payloads">
      <h2 id="payloads">Latest raw payloads</h2>
      <p class="hint">As received, with tokens, addresses and user names removed.</p>
      {props.payloads.length === 0 ? <p>None kept yet.</p> : null}
      {props.payloads.map((payload) => (
        <details>
          <summary>
            {`${SOURCE_LABELS[payload.source as keyof typeof SOURCE_LABELS] ?? payload.source} · ${payload.outcome} · `}
            <Time at={payload.receivedAt} />
          </summary>
          <p class="hint">{`${payload.contentType ?? 'no content type'}${payload.reason === null ? '' : ` · ${payload.reason}`}`}</p>
          <pre>{formatBody(payload.body)}</pre>
        </details>
      ))}
    </section>
  </Layout>
)

function formatBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2)
  } catch {
    return body
  }
}
