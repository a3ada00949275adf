/**
 * Rejections of Jellyfin payloads and their reasons. Validation issues are described by the
 * Emby adapter's `describeIssues`, because both adapters share the field schemas.
 */

import type { AdapterRejection } from '../../core/events.js'
import { describeIssues } from '../payload-checks.js'
import type { IssueList } from '../payload-checks.js'

const TEMPLATE_ADVICE = 'If the webhook uses a template, add the missing keys to it, or switch on Send All Properties.'

export function invalid(reason: string): AdapterRejection {
  return { ok: false, outcome: 'invalid', reason }
}

export function ignored(event: string, user: string | undefined, reason: string): AdapterRejection {
  return user === undefined || user === ''
    ? { ok: false, outcome: 'ignored', event, reason }
    : { ok: false, outcome: 'ignored', event, user, reason }
}

/** Joins the issues of parses that each failed or succeeded, such as the item's and the session's. */
export function joinIssues(
  ...results: ReadonlyArray<{ success: true } | { success: false; error: IssueList }>
): IssueList {
  return { issues: results.flatMap((result) => (result.success ? [] : result.error.issues)) }
}

/**
 * Rejects a payload that fails validation, naming every failed field. `label` names the payload
 * (`Jellyfin PlaybackStart payload`). A missing key gets advice for template authors, because
 * Send All Properties always sends the keys that a notification needs.
 */
export function rejectInvalidPayload(label: string, issues: IssueList): AdapterRejection {
  const hasMissingKey = issues.issues.some((issue) => issue.code === 'invalid_type' && issue.input === undefined)
  const advice = hasMissingKey ? ` ${TEMPLATE_ADVICE}` : ''

  return invalid(`${label} is invalid: ${describeIssues(issues)}.${advice}`)
}
