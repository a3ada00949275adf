/**
 * Diagnosis of a Jellyfin webhook body that is not valid JSON. With "Send All Properties" the
 * plugin always sends valid JSON, so an invalid body comes from a Handlebars template, and the
 * usual template mistakes can be named.
 */

const SEND_ALL_PROPERTIES_ADVICE = 'or switch on Send All Properties'

// `Key=value&Key=value`: the Generic Form destination, which posts form data.
const FORM_DATA_PATTERN = /^[\w.%-]+=[^\s{}[\]]*(&[\w.%-]+=[^\s{}[\]]*)*$/

const BARE_WORD_PATTERN = /^[A-Za-z_][^,}\]\r\n]*/
const ZERO_PADDED_NUMBER_PATTERN = /^-?0\d+/
const JSON_LITERALS = new Set(['true', 'false', 'null'])
const PREVIEW_LENGTH = 40

// The characters JSON allows after a backslash in a string.
const JSON_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u'])

/** A scan position in the body, with the last object key read before it. */
interface ScanState {
  text: string
  index: number
  lastKey: string | undefined
}

function skipWhitespace(text: string, from: number): number {
  let index = from
  while (index < text.length && /\s/.test(text.charAt(index))) {
    index += 1
  }

  return index
}

function describeKey(key: string | undefined): string {
  return key === undefined ? 'a value' : `"${key}"`
}

function preview(text: string): string {
  const trimmed = text.trim()

  return trimmed.length > PREVIEW_LENGTH ? `${trimmed.slice(0, PREVIEW_LENGTH)}…` : trimmed
}

/**
 * Names the mistake behind a backslash that is not a JSON escape. The plugin writes `\"` for a
 * quote in a name, and `{{Name}}` then HTML-escapes the quote, which leaves `\&quot;`. A Windows
 * path (`D:\Movies`) written without escaping leaves `\M`.
 */
function describeBadEscape(key: string | undefined, escaped: string): string {
  if (escaped === '&') {
    return (
      `Body is not valid JSON because the text of ${describeKey(key)} has a quote escaped twice, ` +
      'which {{Name}} writes for a name with a double quote, so use three braces ({{{Name}}}) for names'
    )
  }

  return (
    `Body is not valid JSON because the text of ${describeKey(key)} has a backslash that is not a JSON ` +
    `escape (\\${escaped}), as in a Windows path, so leave that variable out of the template`
  )
}

/**
 * Reads the string that starts at `state.index` and names a mistake inside or right after it.
 * Moves `state.index` past the string and records it as `lastKey` when a colon follows.
 * Returns undefined for a well-formed string and for one left open, which JSON.parse reports.
 */
function scanString(state: ScanState): string | undefined {
  const { text } = state
  let index = state.index + 1

  while (index < text.length && text.charAt(index) !== '"') {
    const character = text.charAt(index)
    if (character === '\\') {
      const escaped = text.charAt(index + 1)
      if (!JSON_ESCAPES.has(escaped)) {
        return describeBadEscape(state.lastKey, escaped)
      }

      index += 2
      continue
    }

    if (character === '\n' || character === '\r') {
      return (
        `Body is not valid JSON because the text of ${describeKey(state.lastKey)} contains a line break, ` +
        'which a template variable such as {{Overview}} can insert, so leave that variable out of the template'
      )
    }

    index += 1
  }

  const value = text.slice(state.index + 1, index)
  const next = text.charAt(skipWhitespace(text, index + 1))
  state.index = index + 1

  if (next === ':') {
    state.lastKey = value

    return undefined
  }

  if (state.lastKey !== undefined && next !== '' && !',}]'.includes(next)) {
    return (
      `Body is not valid JSON because the text of ${describeKey(state.lastKey)} contains a double quote ` +
      'that is not escaped, so write that template variable with two braces ({{Name}}) rather than three'
    )
  }

  return undefined
}

/** Names a mistake in the value that follows the colon at `state.index`, or returns undefined. */
function scanValue(state: ScanState): string | undefined {
  const { text } = state
  const valueStart = skipWhitespace(text, state.index + 1)
  const valueText = text.slice(valueStart)
  const key = describeKey(state.lastKey)
  state.index += 1

  if (valueText === '' || ',}]'.includes(valueText.charAt(0))) {
    return (
      `Body is not valid JSON because ${key} has no value, as an unset template variable renders ` +
      'as nothing, so put the variable in quotes or inside an {{#if_exist}} block'
    )
  }

  const zeroPadded = ZERO_PADDED_NUMBER_PATTERN.exec(valueText)?.[0]
  if (zeroPadded !== undefined) {
    return (
      `Body is not valid JSON because ${key} has the zero-padded number ${zeroPadded}, ` +
      'so use the variable without 00 (such as {{SeasonNumber}}) or put it in quotes'
    )
  }

  const word = BARE_WORD_PATTERN.exec(valueText)?.[0].trim()
  if (word === undefined || JSON_LITERALS.has(word)) {
    return undefined
  }

  if (word === 'True' || word === 'False') {
    return (
      `Body is not valid JSON because ${key} has the bare value ${word}, which is how Handlebars ` +
      `writes a boolean, so put the template variable in quotes ${SEND_ALL_PROPERTIES_ADVICE}`
    )
  }

  return (
    `Body is not valid JSON because the text of ${key} has no quotes (${preview(word)}), ` +
    'so put quotes around its template variable'
  )
}

/** Names a trailing comma at `state.index`, or returns undefined for a comma between values. */
function scanComma(state: ScanState): string | undefined {
  const next = state.text.charAt(skipWhitespace(state.text, state.index + 1))
  state.index += 1

  if (next !== '}' && next !== ']') {
    return undefined
  }

  const position = state.lastKey === undefined ? '' : ` after "${state.lastKey}"`

  return (
    `Body is not valid JSON because of a trailing comma${position}, which a conditional block ` +
    'of the template often leaves, so move the comma inside the block'
  )
}

/** Walks the body outside strings and names the first template mistake it finds. */
function findTemplateMistake(text: string): string | undefined {
  const state: ScanState = { text, index: 0, lastKey: undefined }

  while (state.index < text.length) {
    const character = text.charAt(state.index)
    let mistake: string | undefined

    if (character === '"') {
      mistake = scanString(state)
    } else if (character === ':') {
      mistake = scanValue(state)
    } else if (character === ',') {
      mistake = scanComma(state)
    } else {
      state.index += 1
    }

    if (mistake !== undefined) {
      return mistake
    }
  }

  return undefined
}

function readParseError(text: string): string | undefined {
  try {
    JSON.parse(text)

    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

/**
 * Returns a one-sentence reason for a Jellyfin webhook body that is not valid JSON, naming the
 * likely template mistake. It recognizes an empty body, XML, form data, a bare `True`/`False`,
 * a key with no value (`"Key": ,`), text or a zero-padded number without quotes and a trailing
 * comma. Inside a string it finds a line break, an unescaped quote and a bad backslash escape.
 * For any other mistake it quotes JSON.parse's message. The reason is meant for the 400
 * response to the webhook.
 *
 * @example
 * diagnoseJellyfinBody('{"IsPaused": True}')
 * // 'Body is not valid JSON because "IsPaused" has the bare value True, which is how …'
 */
export function diagnoseJellyfinBody(text: string): string {
  const body = text.trim()

  if (body === '') {
    return (
      'Body is empty because the webhook template rendered nothing, ' +
      `so fill in the template ${SEND_ALL_PROPERTIES_ADVICE}.`
    )
  }

  if (body.startsWith('<')) {
    return `Body is XML, not JSON, so give the webhook a JSON template ${SEND_ALL_PROPERTIES_ADVICE}.`
  }

  if (FORM_DATA_PATTERN.test(body)) {
    return (
      'Body is form data, not JSON, so choose the Generic destination in the webhook plugin ' +
      'rather than Generic Form.'
    )
  }

  const mistake = findTemplateMistake(body)
  if (mistake !== undefined) {
    return `${mistake}.`
  }

  const parseError = readParseError(body)
  if (parseError === undefined) {
    return 'Body is valid JSON, so it has no template mistake to name.'
  }

  return `Body is not valid JSON (${parseError}), so check the webhook template ${SEND_ALL_PROPERTIES_ADVICE}.`
}
