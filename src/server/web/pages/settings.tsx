/**
 * The settings page: the settings people change most, validated with the config file's schema,
 * and the admin password. Keys set by config.yaml or the environment are shown but locked.
 */
import type { FC } from 'hono/jsx'

import { MIN_PASSWORD_LENGTH } from '../../../core/admin/password.js'
import type { PageSettingKey, SettingView } from '../../../core/runtime-config.js'
import { FormAlert, Layout, formatSettingValue } from '../layout.js'
import { describeOrigin } from './punchplay.js'

interface SettingsProps {
  version: string
  csrfToken: string
  settings: SettingView[]
  passwordFromEnv: boolean
}

type FieldKind = 'number' | 'boolean' | 'list' | 'url'

interface FieldSpec {
  label: string
  hint: string
  kind: FieldKind
  min?: number
  max?: number
  step?: number
}

const FIELDS: Partial<Record<PageSettingKey, FieldSpec>> = {
  'playback.watched_threshold': {
    label: 'Completion threshold',
    hint: 'Fraction of the runtime (0.5 to 1) from which a stop counts as watched, when the media server sent no completion signal.',
    kind: 'number',
    min: 0.5,
    max: 1,
    step: 0.01,
  },
  'playback.progress_interval_seconds': {
    label: 'Progress interval (seconds)',
    hint: 'Minimum time between two progress updates of one playback, 10 to 300.',
    kind: 'number',
    min: 10,
    max: 300,
    step: 1,
  },
  'playback.stale_after_minutes': {
    label: 'Stale timeout while playing (minutes)',
    hint: 'A playback that sends nothing for this long (a crashed player, a TV switched off) is stopped at its last position.',
    kind: 'number',
    min: 1,
    max: 1440,
    step: 1,
  },
  'playback.stale_paused_after_minutes': {
    label: 'Stale timeout while paused (minutes)',
    hint: 'The same for a paused playback, which may rightly stay silent for hours.',
    kind: 'number',
    min: 1,
    max: 10080,
    step: 1,
  },
  'playback.movies': { label: 'Send movies', hint: 'Turn off to ignore all movies.', kind: 'boolean' },
  'playback.episodes': { label: 'Send episodes', hint: 'Turn off to ignore all episodes.', kind: 'boolean' },
  'playback.min_duration_minutes': {
    label: 'Minimum length (minutes)',
    hint: 'Shorter items (trailers, extras, clips) are ignored. 0 tracks everything.',
    kind: 'number',
    min: 0,
    max: 600,
    step: 1,
  },
  'server.public_url': {
    label: 'Public URL of the bridge',
    hint: 'How your media servers reach the bridge, such as http://192.168.1.20:8787. The webhook URLs start with it.',
    kind: 'url',
  },
}

const LIBRARY_SOURCES = ['plex', 'jellyfin', 'emby', 'kodi'] as const
const SOURCE_NAMES = { plex: 'Plex', jellyfin: 'Jellyfin', emby: 'Emby', kodi: 'Kodi' } as const

for (const source of LIBRARY_SOURCES) {
  FIELDS[`${source}.libraries.include`] = {
    label: `${SOURCE_NAMES[source]}: only these libraries`,
    hint: 'Library names or ids, one per line. Empty tracks every library.',
    kind: 'list',
  }
  FIELDS[`${source}.libraries.exclude`] = {
    label: `${SOURCE_NAMES[source]}: never these libraries`,
    hint: 'Library names or ids, one per line. Wins over the list above.',
    kind: 'list',
  }
}

const GROUPS: ReadonlyArray<{ legend: string; keys: PageSettingKey[] }> = [
  {
    legend: 'Playback',
    keys: ['playback.watched_threshold', 'playback.progress_interval_seconds', 'playback.stale_after_minutes', 'playback.stale_paused_after_minutes'],
  },
  { legend: 'Filters', keys: ['playback.movies', 'playback.episodes', 'playback.min_duration_minutes'] },
  {
    legend: 'Libraries',
    keys: LIBRARY_SOURCES.flatMap((source): PageSettingKey[] => [`${source}.libraries.include`, `${source}.libraries.exclude`]),
  },
  { legend: 'Network', keys: ['server.public_url'] },
]

const Field: FC<{ setting: SettingView; spec: FieldSpec }> = ({ setting, spec }) => {
  const id = `setting-${setting.key.replaceAll('.', '-')}`
  // A default is shown as a placeholder, so saving the form does not turn it into a page value.
  const value = setting.origin === 'default' ? '' : formatSettingValue(setting.value)
  const placeholder = setting.origin === 'default' ? `default: ${formatSettingValue(setting.value) || 'none'}` : ''
  const describedBy = `${id}-hint ${id}-origin`
  const common = {
    id,
    name: `values.${setting.key}`,
    'data-kind': spec.kind,
    'data-nullable': true,
    disabled: setting.locked,
    'aria-describedby': describedBy,
  }

  return (
    <div>
      <label for={id}>{spec.label}</label>
      {spec.kind === 'boolean' ? (
        <select {...common}>
          <option value="" selected={setting.origin === 'default'}>{`Default (${setting.value === true ? 'yes' : 'no'})`}</option>
          <option value="true" selected={setting.origin !== 'default' && setting.value === true}>
            Yes
          </option>
          <option value="false" selected={setting.origin !== 'default' && setting.value === false}>
            No
          </option>
        </select>
      ) : spec.kind === 'list' ? (
        <textarea {...common} placeholder={placeholder} rows={3}>
          {value}
        </textarea>
      ) : (
        <input
          {...common}
          type={spec.kind === 'url' ? 'url' : 'number'}
          value={value}
          placeholder={placeholder}
          min={spec.min}
          max={spec.max}
          step={spec.step}
          inputmode={spec.kind === 'number' ? 'decimal' : 'url'}
        />
      )}
      <p class="hint" id={`${id}-hint`}>
        {spec.hint}
      </p>
      <p class="origin" id={`${id}-origin`}>
        {describeOrigin(setting)}
      </p>
    </div>
  )
}

export const SettingsPage: FC<SettingsProps> = ({ version, csrfToken, settings, passwordFromEnv }) => {
  const byKey = new Map(settings.map((setting) => [setting.key, setting]))
  return (
    <Layout title="Settings" version={version} page="settings" csrfToken={csrfToken}>
      <h1>Settings</h1>
      <p class="lead">
        Values from config.yaml or the environment win over this page and are locked here. Empty a field to go back to the default.
      </p>
      <form class="card" data-api="/api/settings" data-method="PATCH" data-then="reload">
        {GROUPS.map((group) => (
          <fieldset>
            <legend>{group.legend}</legend>
            <div class="grid">
              {group.keys.map((key) => {
                const setting = byKey.get(key)
                const spec = FIELDS[key]
                return setting === undefined || spec === undefined ? null : <Field setting={setting} spec={spec} />
              })}
            </div>
          </fieldset>
        ))}
        <FormAlert />
        <div class="actions">
          <button type="submit">Save settings</button>
        </div>
      </form>
      <section class="card" aria-labelledby="password-title">
        <h2 id="password-title">Admin password</h2>
        {passwordFromEnv ? (
          <p>The password is set by BRIDGE_ADMIN_PASSWORD. Change that variable and restart the bridge to change it.</p>
        ) : (
          <form data-api="/api/admin/password" data-method="PUT" data-then="reload">
            <label for="current-password">Current password</label>
            <input id="current-password" name="current" type="password" autocomplete="current-password" required />
            <label for="new-password">New password</label>
            <input id="new-password" name="password" type="password" autocomplete="new-password" required minlength={MIN_PASSWORD_LENGTH} />
            <p class="hint">Other browsers and scripts are logged out.</p>
            <FormAlert />
            <div class="actions">
              <button type="submit">Change password</button>
            </div>
          </form>
        )}
      </section>
    </Layout>
  )
}
