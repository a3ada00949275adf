/**
 * Splitting of the paths and URLs that Kodi reports as an item's `file`: local paths with either
 * separator, network URLs (`smb://`, `nfs://`, `http://`, …) and `stack://` lists of the parts
 * of a movie split over several files.
 */

const SCHEME_PATTERN = /^([a-z][a-z0-9+.-]*):\/\//i

// Kodi joins the parts of a stacked movie with " , " and escapes a comma in a name as ",,".
const STACK_PREFIX = 'stack://'
const STACK_SEPARATOR = ' , '

// In these URLs a `?` starts a query and names are percent-encoded. In `smb://` and `nfs://`
// paths Kodi writes names as they are, so `?`, `#` and `%` there are part of the name.
const ENCODED_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'plugin', 'ftp', 'ftps', 'dav', 'davs'])

function readFirstStackPart(file: string): string {
  const list = file.slice(STACK_PREFIX.length)
  const first = list.split(STACK_SEPARATOR)[0] ?? ''

  return first.replaceAll(',,', ',')
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    // A lone `%` is not an escape, so the name is kept as written.
    return segment
  }
}

/**
 * Splits a Kodi `file` into its path segments, without the URL scheme, the host and, for web
 * URLs, the query. Only the first part of a `stack://` list is read.
 *
 * @example
 * splitKodiPath('smb://nas.local/tv/Show/Season 01/Show - S01E02.mkv')
 * // ['tv', 'Show', 'Season 01', 'Show - S01E02.mkv']
 */
export function splitKodiPath(file: string): string[] {
  let path = file.trim()

  if (path.toLowerCase().startsWith(STACK_PREFIX)) {
    path = readFirstStackPart(path)
  }

  const schemeMatch = SCHEME_PATTERN.exec(path)
  const scheme = schemeMatch?.[1]?.toLowerCase()
  const encoded = scheme !== undefined && ENCODED_SCHEMES.has(scheme)

  if (schemeMatch !== null) {
    const afterScheme = path.slice(schemeMatch[0].length)
    const slashIndex = afterScheme.indexOf('/')

    // The first part is the host (or, for `zip://` and `rar://`, the encoded archive path).
    path = slashIndex === -1 ? '' : afterScheme.slice(slashIndex + 1)
  }

  if (encoded) {
    path = path.split(/[?#]/)[0] ?? ''
  }

  const segments = path.split(/[\\/]/).filter((segment) => segment !== '')

  return encoded ? segments.map(decodeSegment) : segments
}

/** Returns the last segment of a Kodi `file`, extension included, or '' when there is none. */
export function readKodiFileBaseName(file: string): string {
  return splitKodiPath(file).at(-1) ?? ''
}
