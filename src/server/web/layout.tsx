/**
 * The frame of every page, and small components the pages share.
 */
import type { Child, FC, PropsWithChildren } from 'hono/jsx'
import { raw } from 'hono/html'

export type PageName = 'overview' | 'punchplay' | 'links' | 'sources' | 'activity' | 'settings'

const NAV: ReadonlyArray<{ page: PageName; href: string; label: string }> = [
  { page: 'overview', href: '/', label: 'Overview' },
  { page: 'punchplay', href: '/punchplay', label: 'PunchPlay app' },
  { page: 'links', href: '/links', label: 'Links' },
  { page: 'sources', href: '/sources', label: 'Media servers' },
  { page: 'activity', href: '/activity', label: 'Activity' },
  { page: 'settings', href: '/settings', label: 'Settings' },
]

export interface LayoutProps {
  title: string
  version: string
  /** The current page, for the navigation; absent on the login and first-run pages. */
  page?: PageName
  /** The session's CSRF token, which the script sends with every change. */
  csrfToken?: string
  narrow?: boolean
}

export const Layout: FC<PropsWithChildren<LayoutProps>> = (props) => (
  <>
    {raw('<!doctype html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        {props.csrfToken === undefined ? null : <meta name="csrf-token" content={props.csrfToken} />}
        <title>{`${props.title} · PunchPlay bridge`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/app.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <div class="bar">
            <a class="brand" href="/">
              PunchPlay bridge
            </a>
            {props.page === undefined ? null : (
              <>
                <nav aria-label="Main">
                  <ul>
                    {NAV.map((item) => (
                      <li>
                        <a href={item.href} aria-current={item.page === props.page ? 'page' : undefined}>
                          {item.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
                <form data-api="/api/session" data-method="DELETE" data-then="/login">
                  <button type="submit" class="logout">
                    Log out
                  </button>
                  <p class="alert" role="alert"></p>
                </form>
              </>
            )}
          </div>
        </header>
        <main id="main" class={props.narrow === true ? 'narrow' : undefined} data-alert-scope>
          <p class="alert" role="alert"></p>
          {props.children}
        </main>
        <footer>punchplay-bridge {props.version}</footer>
      </body>
    </html>
  </>
)

/** Render a time in UTC; the script replaces it with a time relative to now. */
export const Time: FC<{ at: number | null; never?: string }> = ({ at, never }) => {
  if (at === null) return <span>{never ?? 'never'}</span>
  const iso = new Date(at).toISOString()
  return <time datetime={iso}>{`${iso.slice(0, 16).replace('T', ' ')} UTC`}</time>
}

export type BadgeKind = 'ok' | 'warn' | 'bad' | 'neutral'

export const Badge: FC<{ kind: BadgeKind; children?: Child }> = ({ kind, children }) => <span class={`badge ${kind}`}>{children}</span>

/** An alert area for a form's errors; the script fills it. */
export const FormAlert: FC = () => <p class="alert" role="alert"></p>

/** Seconds as `1:02:03` or `2:03`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds))
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const rest = String(total % 60).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`
}

export const SOURCE_LABELS = { plex: 'Plex', jellyfin: 'Jellyfin', emby: 'Emby', kodi: 'Kodi' } as const

/** Format a setting's value for a form field: lists one item per line, absent values empty. */
export function formatSettingValue(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map((item) => formatSettingValue(item)).join('\n')
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}
