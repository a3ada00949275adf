/**
 * A PunchPlay client whose app credentials can change while the bridge runs: the setup page
 * can enter the client id after start-up. Each call uses a client built for the credentials in
 * force at that moment.
 */
import { createPunchPlayClient, type PunchPlayClient, type PunchPlayClientOptions } from '../punchplay/client.js'

export interface ClientSettings {
  apiUrl: string
  clientId: string | undefined
  clientSecret: string | undefined
  timeoutMs: number
}

/** What stays the same for every client built: the User-Agent, the clock and the request logger. */
export type FixedClientOptions = Pick<PunchPlayClientOptions, 'userAgent' | 'now' | 'logger'>

export function createLiveClient(settings: () => ClientSettings, fixed: FixedClientOptions): PunchPlayClient {
  let built: { key: string; client: PunchPlayClient } | undefined

  function current(): PunchPlayClient {
    const values = settings()
    const key = JSON.stringify([values.apiUrl, values.clientId, values.clientSecret, values.timeoutMs])
    if (built?.key !== key) {
      const client = createPunchPlayClient({ ...values, ...fixed })
      built = { key, client }
    }
    return built.client
  }

  return {
    requestDeviceCode: () => current().requestDeviceCode(),
    exchangeDeviceCode: (deviceCode, device) => current().exchangeDeviceCode(deviceCode, device),
    refresh: (refreshToken) => current().refresh(refreshToken),
    sendPlayback: (accessToken, action, body) => current().sendPlayback(accessToken, action, body),
    getMe: (accessToken) => current().getMe(accessToken),
  }
}
