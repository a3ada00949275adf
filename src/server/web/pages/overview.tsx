/**
 * The start page: the setup steps in order, each with its state and where to do it.
 */
import type { FC } from 'hono/jsx'

import type { OverviewView } from '../../api/views.js'
import { Badge, Layout, SOURCE_LABELS, Time } from '../layout.js'

interface OverviewProps {
  version: string
  csrfToken: string
  overview: OverviewView
}

export const OverviewPage: FC<OverviewProps> = ({ version, csrfToken, overview }) => {
  const received = overview.lastReceived
  const delivered = overview.lastDeliveryAt !== null
  return (
    <Layout title="Overview" version={version} page="overview" csrfToken={csrfToken}>
      <h1>Overview</h1>
      <p class="lead">Five steps take the bridge from a fresh install to watches recorded on PunchPlay.</p>
      <section class="card" aria-labelledby="steps">
        <h2 id="steps">Setup</h2>
        <ol class="checklist">
          <li>
            {overview.appConfigured ? <Badge kind="ok">Done</Badge> : <Badge kind="warn">To do</Badge>}
            <div class="what">
              <strong>Connect your PunchPlay app.</strong> The bridge needs the client id of a PunchPlay developer app.{' '}
              <a href="/punchplay">PunchPlay app</a>
            </div>
          </li>
          <li>
            {overview.links === 0 ? (
              <Badge kind="warn">To do</Badge>
            ) : overview.linksNeedingRelink > 0 ? (
              <Badge kind="bad">{`${overview.linksNeedingRelink} need re-linking`}</Badge>
            ) : (
              <Badge kind="ok">{`${overview.links} linked`}</Badge>
            )}
            <div class="what">
              <strong>Link a PunchPlay account</strong> for each person whose watches should be recorded. <a href="/links">Links</a>
            </div>
          </li>
          <li>
            {overview.mappedUsers > 0 ? <Badge kind="ok">{`${overview.mappedUsers} mapped`}</Badge> : <Badge kind="warn">To do</Badge>}
            <div class="what">
              <strong>Map media-server users</strong> to each link, so the bridge knows whose playback is whose.
              {overview.unmappedUsers > 0 ? ` ${overview.unmappedUsers} user(s) seen in webhooks are not mapped, and their playback is dropped.` : ''}{' '}
              <a href="/links">Links</a>
            </div>
          </li>
          <li>
            {received === null ? <Badge kind="warn">Nothing received yet</Badge> : <Badge kind="ok">Receiving</Badge>}
            <div class="what">
              <strong>Point your media server at the bridge</strong> with its webhook URL.{' '}
              {received === null ? '' : (
                <>
                  Last: {SOURCE_LABELS[received.source]} {received.event ?? 'payload'}, {received.outcome}, <Time at={received.receivedAt} />.{' '}
                </>
              )}
              <a href="/sources">Media servers</a>
            </div>
          </li>
          <li>
            {delivered ? <Badge kind="ok">Working</Badge> : <Badge kind="neutral">Waiting for playback</Badge>}
            <div class="what">
              <strong>Play something.</strong> Last delivery to PunchPlay: <Time at={overview.lastDeliveryAt} />.{' '}
              {overview.outbox.failed + overview.outbox.expired > 0 ? `${overview.outbox.failed + overview.outbox.expired} call(s) failed for good. ` : ''}
              {overview.outbox.pending > 0 ? `${overview.outbox.pending} call(s) waiting. ` : ''}
              <a href="/activity">Activity</a>
            </div>
          </li>
        </ol>
      </section>
    </Layout>
  )
}
