/**
 * What PunchPlay itself shows as playing for a linked account, from
 * `GET /api/platform/v1/playback/now-playing`. The call needs the `playback:read` scope. Its
 * responses are kept briefly so a page that refreshes itself does not hit PunchPlay's limits.
 */
import { z } from 'zod'

/** The documented fields, all optional: PunchPlay does not specify the idle response. */
export const NowPlayingResponse = z.looseObject({
  nowPlaying: z.boolean().nullish(),
  playbackState: z.string().nullish(),
  type: z.string().nullish(),
  title: z.string().nullish(),
  season: z.number().nullish(),
  episode: z.number().nullish(),
  progressPercent: z.number().nullish(),
  progressSeconds: z.number().nullish(),
  durationSeconds: z.number().nullish(),
  mediaSource: z.string().nullish(),
})
export type NowPlayingResponse = z.infer<typeof NowPlayingResponse>

export type RemoteNowPlaying =
  | { status: 'ok'; item: NowPlayingResponse | null }
  | { status: 'no_scope' }
  | { status: 'unavailable'; message: string }

/** Responses are reused for this long per link. */
const CACHE_MS = 15_000
const API_PREFIX = '/api/platform/v1'

export interface NowPlayingReaderOptions {
  apiUrl: () => string
  userAgent: string
  timeoutMs: () => number
  /** A usable access token of the link; may refresh it first. */
  accessToken: (linkId: number) => Promise<string>
  now?: () => number
}

export type NowPlayingReader = (linkId: number, scope: string) => Promise<RemoteNowPlaying>

export function createNowPlayingReader(options: NowPlayingReaderOptions): NowPlayingReader {
  const now = options.now ?? Date.now
  const cache = new Map<number, { at: number; value: RemoteNowPlaying }>()

  async function fetchNowPlaying(linkId: number): Promise<RemoteNowPlaying> {
    let token: string
    try {
      token = await options.accessToken(linkId)
    } catch (error) {
      return { status: 'unavailable', message: error instanceof Error ? error.message : String(error) }
    }

    const url = options.apiUrl().replace(/\/+$/, '') + API_PREFIX + '/playback/now-playing'
    try {
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'user-agent': options.userAgent },
        signal: AbortSignal.timeout(options.timeoutMs()),
        redirect: 'error',
      })
      if (!response.ok) {
        const requestId = response.headers.get('x-punchplay-request-id')
        return { status: 'unavailable', message: `PunchPlay responded with HTTP ${response.status}${requestId === null ? '' : ` (request ${requestId})`}` }
      }
      const parsed = NowPlayingResponse.safeParse(await response.json())
      if (!parsed.success) return { status: 'unavailable', message: 'PunchPlay returned an unexpected now-playing response' }
      return { status: 'ok', item: parsed.data.nowPlaying === true ? parsed.data : null }
    } catch (error) {
      return { status: 'unavailable', message: `PunchPlay could not be reached: ${error instanceof Error ? error.message : String(error)}` }
    }
  }

  return async (linkId, scope) => {
    if (!scope.split(' ').includes('playback:read')) return { status: 'no_scope' }

    const cached = cache.get(linkId)
    if (cached !== undefined && now() - cached.at < CACHE_MS) return cached.value
    const value = await fetchNowPlaying(linkId)
    cache.set(linkId, { at: now(), value })
    return value
  }
}
