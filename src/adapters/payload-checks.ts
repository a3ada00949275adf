/**
 * Helpers every webhook adapter shares: JSON shape checks and plain-language descriptions of
 * zod validation issues, naming the payload field that failed.
 */

import type { z } from 'zod'

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Names the JSON type of a value for error messages (`array`, `null`, `string`, …). */
export function describeJsonType(value: unknown): string {
  if (value === null) {
    return 'null'
  }

  return Array.isArray(value) ? 'array' : typeof value
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'payload' : path.map(String).join('.')
}

// Callers parse with `reportInput: true`, so `input` is undefined only for a missing key, because
// JSON has no undefined value and `optional` fields never report an issue for null or "".
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = formatPath(issue.path)

  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `${field} is missing`
  }

  if (issue.code === 'invalid_type' && issue.input === null) {
    return `${field} is null`
  }

  if (issue.code === 'too_small' && issue.origin === 'string') {
    return `${field} is empty`
  }

  // A discriminated union reports its discriminator with the whole object as input.
  if (issue.code === 'invalid_union' && issue.discriminator !== undefined) {
    const present = isPlainObject(issue.input) && issue.input[issue.discriminator] !== undefined

    return present ? `${field} is invalid (${issue.message})` : `${field} is missing`
  }

  return `${field} is invalid (${issue.message})`
}

/** The issues of one or more failed parses, such as a `z.ZodError`. */
export interface IssueList {
  issues: readonly z.core.$ZodIssue[]
}

/** Describes every issue of a failed parse, in the schema's field order. */
export function describeIssues(error: IssueList): string {
  return error.issues.map(describeIssue).join(', ')
}

/** Tells whether a failed parse has an issue at or below the given top-level key. */
export function hasIssueUnder(error: IssueList, key: string): boolean {
  return error.issues.some((issue) => issue.path[0] === key)
}
