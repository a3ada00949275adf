/**
 * Readers of values as the Jellyfin webhook plugin writes them, in "Send All Properties" mode
 * and as Handlebars template output. Handlebars renders booleans as `True`/`False` and ids as
 * GUIDs with dashes, `{{Name}}` HTML-escapes names, and template authors often quote numbers.
 */

import { z } from 'zod'

import type { PlaybackEventKind } from '../../core/events.js'
import { ticksToWholeSeconds } from '../emby/conversions.js'
import { count, nonEmptyString, ticks } from '../emby/fields.js'

const GUID_WITH_DASHES_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const TEMPLATE_BOOLEAN_PATTERN = /^(true|false)$/i
const DIGITS_PATTERN = /^\d+$/

// The characters that Handlebars escapes in `{{variable}}` output, and their entities.
const HTML_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['&amp;', '&'],
  ['&lt;', '<'],
  ['&gt;', '>'],
  ['&quot;', '"'],
  ['&#39;', "'"],
  ['&#x27;', "'"],
  ['&#x60;', '`'],
  ['&#x3D;', '='],
])
const HTML_ENTITY_PATTERN = /&(?:amp|lt|gt|quot|#39|#x27|#x60|#x3D);/g

/**
 * Removes the dashes of a GUID. Send All Properties writes Jellyfin ids as 32 hex digits, and a
 * template writes the same id with dashes (`9871a124-b152-901e-dc3a-afa0f374d14e`).
 */
export function removeGuidDashes(text: string): string {
  return GUID_WITH_DASHES_PATTERN.test(text) ? text.replaceAll('-', '') : text
}

/**
 * Restores a name as the library has it. The plugin puts a backslash before every double quote
 * of a name before it serializes the data (meant for templates), so after JSON decoding a name
 * reads `the hacker \"Neo\"`. A template's `{{Name}}` also HTML-escapes `&`, `<`, `'` and others.
 */
export function restoreName(text: string): string {
  return text.replaceAll('\\"', '"').replace(HTML_ENTITY_PATTERN, (entity) => HTML_ENTITIES.get(entity) ?? entity)
}

function readTemplateBoolean(value: unknown): unknown {
  return typeof value === 'string' && TEMPLATE_BOOLEAN_PATTERN.test(value) ? value.toLowerCase() === 'true' : value
}

function readTemplateNumber(value: unknown): unknown {
  return typeof value === 'string' && DIGITS_PATTERN.test(value) ? Number(value) : value
}

/** A Jellyfin id (`ItemId`, `UserId`, `SeriesId`), without dashes. */
export const jellyfinId = nonEmptyString.transform(removeGuidDashes)

/** A name the plugin escapes (`Name`, `SeriesName`, `DeviceName`), restored. */
export const displayName = nonEmptyString.transform(restoreName)

/** A boolean, or the `True`/`False` text a template writes. */
export const flag = z.preprocess(readTemplateBoolean, z.boolean())

/** A count, or its digits as a template writes them in quotes. */
export const templateCount = z.preprocess(readTemplateNumber, count)

/** 100 ns ticks, or their digits as a template writes them in quotes. */
export const templateTicks = z.preprocess(readTemplateNumber, ticks)

/**
 * Reads a playback position in whole seconds. The plugin writes 0 ticks when the client
 * reported no position, so 0 and a missing position are unknown, except on a start, where
 * they mean the beginning.
 */
export function readPositionSeconds(kind: PlaybackEventKind, positionTicks: number | undefined): number | undefined {
  if (positionTicks !== undefined && positionTicks > 0) {
    return ticksToWholeSeconds(positionTicks)
  }

  return kind === 'play' ? 0 : undefined
}
