/**
 * Rules that separate playback of movies and episodes from the other Jellyfin notifications,
 * and the reason each ignored notification gets. The plugin sends every notification type the
 * user ticked, so ignored notifications are routine.
 */

import type { PlaybackEventKind } from '../../core/events.js'

const PLAYBACK_KINDS: ReadonlyMap<string, PlaybackEventKind> = new Map([
  ['PlaybackStart', 'play'],
  ['PlaybackProgress', 'progress'],
  ['PlaybackStop', 'stop'],
])

const LIBRARY_TYPES = new Set(['ItemAdded', 'ItemDeleted'])
const ACCOUNT_TYPES = new Set([
  'AuthenticationFailure',
  'AuthenticationSuccess',
  'SessionStart',
  'UserCreated',
  'UserDeleted',
  'UserLockedOut',
  'UserPasswordChanged',
  'UserUpdated',
])
const SERVER_TYPES = new Set([
  'Generic',
  'PendingRestart',
  'TaskCompleted',
  'SubtitleDownloadFailure',
  'PluginInstallationCancelled',
  'PluginInstallationFailed',
  'PluginInstalled',
  'PluginInstalling',
  'PluginUninstalled',
  'PluginUpdated',
])

// Jellyfin's `UserDataSaveReason` values, and what each save means.
const USER_DATA_REASONS: ReadonlyMap<string, string> = new Map([
  ['PlaybackStart', 'it saves the progress of a playback, which PlaybackStart and PlaybackStop report'],
  ['PlaybackProgress', 'it saves the progress of a playback, which PlaybackProgress reports'],
  ['PlaybackFinished', 'it saves the end of a playback, which PlaybackStop reports'],
  ['UpdateUserRating', 'a rating or favourite is not playback'],
  ['UpdateUserData', 'an edit of user data is not playback'],
  ['Import', 'user data imported by a sync plugin was not watched on this server'],
])

/** Returns the playback kind of a playback notification type, or undefined for any other type. */
export function readPlaybackKind(notificationType: string): PlaybackEventKind | undefined {
  return PLAYBACK_KINDS.get(notificationType)
}

/** Explains why a notification type that is not playback is ignored. */
export function explainIgnoredNotification(notificationType: string): string {
  if (LIBRARY_TYPES.has(notificationType)) {
    return `${notificationType} ignored because library notifications report library changes, not playback`
  }

  if (ACCOUNT_TYPES.has(notificationType)) {
    return `${notificationType} ignored because it reports a sign-in or an account change, not playback`
  }

  if (SERVER_TYPES.has(notificationType)) {
    return `${notificationType} ignored because it reports server maintenance, not playback`
  }

  return (
    `unknown Jellyfin notification type "${notificationType}" ignored because only PlaybackStart, ` +
    'PlaybackProgress, PlaybackStop and UserDataSaved (marked played) are tracked'
  )
}

/**
 * Explains why a UserDataSaved notification is ignored, or returns undefined for a manual mark
 * as played (`SaveReason` TogglePlayed with `Played` true), the one save that is tracked.
 * UserDataSaved fires on every save of a user's data, so most of them are ignored.
 */
export function explainIgnoredUserData(
  saveReason: string | undefined,
  played: boolean | undefined,
): string | undefined {
  if (saveReason === undefined) {
    return 'UserDataSaved without SaveReason ignored because only a manual mark as played is tracked'
  }

  if (saveReason === 'TogglePlayed') {
    if (played === true) {
      return undefined
    }

    return played === false
      ? 'UserDataSaved (TogglePlayed) ignored because marking an item unplayed is not tracked'
      : 'UserDataSaved (TogglePlayed) without Played ignored because it does not say whether the item was marked played'
  }

  const reason = USER_DATA_REASONS.get(saveReason) ?? 'only a manual mark as played (TogglePlayed) is tracked'

  return `UserDataSaved (${saveReason}) ignored because ${reason}`
}
