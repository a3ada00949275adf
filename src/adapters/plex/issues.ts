/**
 * Plain-language descriptions of zod validation issues, naming the payload field that failed.
 */

import type { z } from 'zod'

import { isPlainObject } from './detect.js'

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'payload' : path.map(String).join('.')
}

// Callers parse with `reportInput: true`, so `input` is undefined only for a missing key
// (JSON has no undefined value).
function describeIssue(issue: z.core.$ZodIssue): string {
  const field = formatPath(issue.path)

  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `${field} is missing`
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

/** Describes every issue of a failed parse, in the schema's field order. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map(describeIssue).join(', ')
}
