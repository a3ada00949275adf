/**
 * Emission of the events of one Kodi host: builds each event from the open playback with the
 * adapter, and hands it to the caller's handler, whose errors are logged so that the
 * connection goes on.
 */

import type { Logger } from 'pino'

import { buildKodiEvent } from '../../adapters/kodi/event.js'
import type { KodiPlayerState } from '../../adapters/kodi/event.js'
import type { AdapterRejection, AdapterResult, PlaybackEvent, PlaybackEventKind } from '../events.js'
import { estimatePosition, readPlayerState } from './playback.js'
import type { KodiPlayback } from './playback.js'

export type KodiEventHandler = (event: PlaybackEvent | AdapterRejection) => void

export type PlayerStateOverrides = Pick<KodiPlayerState, 'positionSeconds' | 'completed'>

export interface KodiEmitter {
  /** Builds and emits an event of the playback. Returns the adapter's result. */
  emit(kind: PlaybackEventKind, playback: KodiPlayback, trigger: string, overrides?: PlayerStateOverrides): AdapterResult
  /** Emits a stop at a position, or with no position when none is known. */
  emitStop(playback: KodiPlayback, positionSeconds: number | undefined, trigger: string): void
  /** The estimated position of the playback now, as an override. */
  positionNow(playback: KodiPlayback): PlayerStateOverrides
}

export function createKodiEmitter(options: { hostName: string; onEvent: KodiEventHandler; logger: Logger; now: () => number }): KodiEmitter {
  const { hostName, logger, now } = options

  function deliver(result: AdapterResult): void {
    try {
      options.onEvent(result.ok ? result.event : result)
    } catch (error) {
      const event = result.ok ? result.event.kind : result.reason
      logger.error({ err: error, event }, 'the Kodi event handler threw an error')
    }
  }

  function emit(kind: PlaybackEventKind, playback: KodiPlayback, trigger: string, overrides: PlayerStateOverrides = {}): AdapterResult {
    const context = { hostName, receivedAt: now(), trigger }
    const state = readPlayerState(playback, overrides)
    const result = buildKodiEvent(kind, playback.item, state, playback.show === undefined ? context : { ...context, show: playback.show })
    deliver(result)

    return result
  }

  return {
    emit,

    emitStop(playback, positionSeconds, trigger) {
      emit('stop', playback, trigger, positionSeconds === undefined ? {} : { positionSeconds })
    },

    positionNow(playback) {
      const positionSeconds = estimatePosition(playback, now())

      return positionSeconds === undefined ? {} : { positionSeconds }
    },
  }
}
