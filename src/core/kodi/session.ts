/**
 * The playback logic of one Kodi host: it turns Kodi's notifications, the polled player
 * properties and the state found after a reconnect into normalized playback events.
 *
 * Invariants:
 * - At most one playback is open per host, because Kodi plays one video at a time.
 * - Work runs one step at a time in arrival order, so events keep Kodi's order even though
 *   each step waits for requests.
 * - A playback whose item is ignored (music, PVR) emits one rejection and nothing after it.
 */

import type { Logger } from 'pino'

import { isLibraryVideo } from '../../adapters/kodi/ignore-rules.js'
import { readKodiItemKey } from '../../adapters/kodi/item.js'
import type { KodiItem, KodiPlayerProperties, KodiShowDetails } from '../../adapters/kodi/schema.js'
import type { KodiApi } from './api.js'
import { createKodiEmitter } from './emitter.js'
import type { KodiEventHandler } from './emitter.js'
import { KodiClosedError, isPlayerNotActiveError } from './errors.js'
import { readNotification } from './notifications.js'
import type {
  KodiLibraryUpdateNotification,
  KodiNotification,
  KodiPlayerNotification,
  KodiStopNotification,
} from './notifications.js'
import { applyProperties, estimatePosition, isSameItem, settlePosition } from './playback.js'
import type { KodiPlayback } from './playback.js'
import { lookUpShow } from './show-lookup.js'

export type { KodiEventHandler } from './emitter.js'

export interface KodiSessionOptions {
  /** The configured host name: server id, user name and player id prefix of the events. */
  hostName: string
  api: KodiApi
  onEvent: KodiEventHandler
  logger: Logger
  now: () => number
  /** Show details by `tvshowid`, kept by the caller so they outlive a reconnect (and, in the bridge, a restart). */
  showCache: Map<number, KodiShowDetails>
  /** After `Player.OnPlay`, how long to wait for `Player.OnAVStart` before reading the item anyway. */
  avStartWaitMs: number
  /** After a stop short of the end, how long to wait for Kodi to count the item as watched. */
  completionWaitMs: number
}

export interface KodiSession {
  /** Reads one notification and queues the work it causes. */
  handleNotification(method: string, data: unknown): void
  /** Reads the open playback's position and emits a progress event. */
  poll(): Promise<void>
  /** Compares the open playback with what Kodi plays now, after a connect or reconnect. */
  reconcile(): Promise<void>
  /** Tells whether a tracked playback is open, so that polling is worth it. */
  isTracking(): boolean
  /**
   * The connection closed: emits a held stop and cancels waits. The open playback stays, so
   * that `reconcile` can continue or close it once the connection is back.
   */
  suspend(): void
  /** Resolves once the queued work is done. */
  whenIdle(): Promise<void>
}

/** A stop held back briefly because Kodi may still count the item as watched. */
interface HeldStop {
  playback: KodiPlayback
  positionSeconds: number | undefined
  timer: NodeJS.Timeout
}

export function createKodiSession(options: KodiSessionOptions): KodiSession {
  const { hostName, api, logger, now, showCache } = options
  let playback: KodiPlayback | undefined
  let heldStop: HeldStop | undefined
  /** Runs the start of a `Player.OnPlay` that no `Player.OnAVStart` followed. */
  let avStartTimer: NodeJS.Timeout | undefined
  let queue: Promise<void> = Promise.resolve()
  const emitter = createKodiEmitter({ hostName, onEvent: options.onEvent, logger, now })

  function enqueue(step: string, task: () => Promise<void> | void): Promise<void> {
    const run = queue.then(task).catch((error: unknown) => reportFailure(step, error))
    queue = run

    return run
  }

  function reportFailure(step: string, error: unknown): void {
    // The connection logs the loss once, and every step cut short by it would repeat that line.
    if (error instanceof KodiClosedError) {
      logger.debug({ step, err: error }, 'Kodi step stopped because the connection closed')

      return
    }

    logger.warn({ step, err: error }, `handling Kodi ${step} failed`)
  }

  function cancelAvStartWait(): void {
    clearTimeout(avStartTimer)
    avStartTimer = undefined
  }

  function releaseHeldStop(): void {
    if (heldStop === undefined) {
      return
    }

    const held = heldStop
    heldStop = undefined
    clearTimeout(held.timer)
    emitter.emitStop(held.playback, held.positionSeconds, 'Player.OnStop')
  }

  /** Opens a playback for an item that Kodi is playing, and emits its play (or rejection). */
  async function beginPlayback(
    playerId: number,
    playerType: string | undefined,
    item: KodiItem,
    properties: KodiPlayerProperties,
    trigger: string,
  ): Promise<void> {
    const at = now()
    const next: KodiPlayback = {
      playerId,
      item,
      itemKey: readKodiItemKey(item),
      tracked: true,
      positionAt: at,
      speed: 1,
      completed: false,
    }

    if (playerType !== undefined) {
      next.playerType = playerType
    }

    if (item.playcount !== undefined) {
      next.playcountAtStart = item.playcount
    }

    applyProperties(next, properties, at)

    const show = await lookUpShow(item, api, showCache, logger)
    if (show !== undefined) {
      next.show = show
    }

    playback = next
    const result = emitter.emit('play', next, trigger, emitter.positionNow(next))
    next.tracked = result.ok

    // A playback found paused (after a reconnect, or started paused) is paused from the start.
    if (result.ok && next.speed === 0) {
      emitter.emit('pause', next, trigger, emitter.positionNow(next))
    }
  }

  /**
   * Reads what a player plays and opens a playback for it, unless it is the open playback's
   * item. A different item closes the open playback first, because Kodi sends no stop when an
   * add-on swaps the item or a notification was missed.
   */
  async function startPlayback(playerId: number, trigger: string): Promise<void> {
    const [item, properties] = await Promise.all([api.getItem(playerId), api.getProperties(playerId)])
    const current = playback

    if (current !== undefined && current.playerId === playerId && current.itemKey === readKodiItemKey(item)) {
      applyProperties(current, properties, now())

      return
    }

    releaseHeldStop()
    playback = undefined

    if (current?.tracked === true) {
      emitter.emitStop(current, estimatePosition(current, now()), trigger)
    }

    await beginPlayback(playerId, undefined, item, properties, trigger)
  }

  /** Returns the open tracked playback the notification is about, or opens one for it. */
  async function findPlayback(notification: KodiPlayerNotification): Promise<KodiPlayback | undefined> {
    const current = playback
    if (current !== undefined && current.playerId === notification.playerId && isSameItem(notification.item, current)) {
      return current.tracked ? current : undefined
    }

    // The bridge missed the start (it connected during playback, or the item changed unnoticed).
    await startPlayback(notification.playerId, notification.method)

    return undefined
  }

  async function refreshProperties(current: KodiPlayback, trigger: string): Promise<void> {
    try {
      applyProperties(current, await api.getProperties(current.playerId), now())
    } catch (error) {
      if (error instanceof KodiClosedError) {
        throw error
      }

      // The notification alone still decides the event, so the position becomes an estimate.
      logger.debug({ err: error, trigger }, 'reading the Kodi player position failed, so an estimate is used')
    }
  }

  async function handleSpeedChange(kind: 'pause' | 'resume', notification: KodiPlayerNotification): Promise<void> {
    const current = await findPlayback(notification)
    if (current === undefined) {
      return
    }

    await refreshProperties(current, notification.method)

    // The notification decides the state: by the time the properties were read, a later
    // pause or resume may already have happened.
    settlePosition(current, now())
    current.speed = kind === 'pause' ? 0 : Math.max(current.speed, 1)
    emitter.emit(kind, current, notification.method, emitter.positionNow(current))
  }

  async function handleSeek(notification: KodiPlayerNotification): Promise<void> {
    const current = await findPlayback(notification)
    if (current === undefined) {
      return
    }

    if (notification.timeSeconds === undefined) {
      await refreshProperties(current, notification.method)
    } else {
      current.positionSeconds = notification.timeSeconds
      current.positionAt = now()
    }

    if (notification.speed !== undefined) {
      current.speed = notification.speed
    }

    // A seek reaches the tracker as a progress event at the new position, marked as a seek
    // because only then may the position go backwards.
    emitter.emit('progress', current, notification.method, emitter.positionNow(current))
  }

  function handleStop(notification: KodiStopNotification): void {
    const current = playback
    if (current === undefined || !isSameItem(notification.item, current)) {
      logger.debug({ item: notification.item }, 'ignored Player.OnStop for an item that is not the open playback')

      return
    }

    playback = undefined
    if (!current.tracked) {
      return
    }

    const reachedEnd = notification.end
    if (reachedEnd) {
      current.completed = true
    }

    // At the end the playhead is at the item's length. Otherwise it moved on since the last read.
    const positionSeconds = reachedEnd && current.totalSeconds !== undefined ? current.totalSeconds : estimatePosition(current, now())

    // Kodi counts a library item as watched (a VideoLibrary.OnUpdate with a higher playcount)
    // when it saves the playback's state, which may come just after the stop.
    if (current.completed || !isLibraryVideo(current.item)) {
      emitter.emitStop(current, positionSeconds, notification.method)

      return
    }

    // Only one stop is held at a time: an earlier one is released rather than lost.
    releaseHeldStop()
    const timer = setTimeout(() => void enqueue('held stop', releaseHeldStop), options.completionWaitMs)
    heldStop = { playback: current, positionSeconds, timer }
  }

  function handleLibraryUpdate(notification: KodiLibraryUpdateNotification): void {
    const { id, type, playcount } = notification
    if (playcount === undefined) {
      return
    }

    const isRaisedFor = (candidate: KodiPlayback): boolean =>
      candidate.item.id === id && candidate.item.type === type && playcount > (candidate.playcountAtStart ?? 0)

    if (heldStop !== undefined && isRaisedFor(heldStop.playback)) {
      heldStop.playback.completed = true
      releaseHeldStop()

      return
    }

    const current = playback
    if (current?.tracked === true && !current.completed && isRaisedFor(current)) {
      current.completed = true
      emitter.emit('scrobble', current, notification.method, emitter.positionNow(current))
    }
  }

  function waitForAvStart(notification: KodiPlayerNotification): void {
    cancelAvStartWait()

    avStartTimer = setTimeout(() => {
      avStartTimer = undefined
      void enqueue(notification.method, () => startPlayback(notification.playerId, notification.method))
    }, options.avStartWaitMs)
  }

  function changeSpeed(notification: KodiPlayerNotification): void {
    if (playback !== undefined && notification.speed !== undefined) {
      settlePosition(playback, now())
      playback.speed = notification.speed
    }
  }

  function dispatch(notification: KodiNotification): void {
    const { method } = notification

    switch (notification.kind) {
      case 'play':
        waitForAvStart(notification)
        break
      case 'av-start':
        cancelAvStartWait()
        void enqueue(method, () => startPlayback(notification.playerId, method))
        break
      case 'pause':
      case 'resume': {
        const kind = notification.kind
        void enqueue(method, () => handleSpeedChange(kind, notification))
        break
      }
      case 'seek':
        void enqueue(method, () => handleSeek(notification))
        break
      case 'speed':
        void enqueue(method, () => changeSpeed(notification))
        break
      case 'stop':
        // A stop before the first frame (a failed or cancelled start) ends the wait too.
        cancelAvStartWait()
        void enqueue(method, () => handleStop(notification))
        break
      case 'library-update':
        void enqueue(method, () => handleLibraryUpdate(notification))
        break
    }
  }

  async function reconcileNow(): Promise<void> {
    // A rejection of an item found here names `play`, the event the item would have had.
    const trigger = 'play'

    // After a reconnect, no play count update can arrive any more for a stop held back for one.
    releaseHeldStop()

    const players = await api.getActivePlayers()
    const player = players.find((candidate) => candidate.type === 'video') ?? players[0]
    const current = playback

    if (player === undefined) {
      playback = undefined

      // Kodi stopped while the bridge could not see it: the last reported position is the
      // only one known, because the stop may have come right after the connection was lost.
      if (current?.tracked === true) {
        emitter.emitStop(current, current.positionSeconds, trigger)
      }

      return
    }

    const [item, properties] = await Promise.all([api.getItem(player.playerid), api.getProperties(player.playerid)])

    if (current !== undefined && current.playerId === player.playerid && current.itemKey === readKodiItemKey(item)) {
      continuePlayback(current, properties, trigger)

      return
    }

    playback = undefined
    if (current?.tracked === true) {
      emitter.emitStop(current, current.positionSeconds, trigger)
    }

    await beginPlayback(player.playerid, player.type, item, properties, trigger)
  }

  /** Emits, for the item that still plays after a reconnect, the pause or resume missed meanwhile, or else progress. */
  function continuePlayback(current: KodiPlayback, properties: KodiPlayerProperties, trigger: string): void {
    if (!current.tracked) {
      return
    }

    const wasPaused = current.speed === 0
    applyProperties(current, properties, now())
    const isPaused = current.speed === 0

    if (wasPaused !== isPaused) {
      emitter.emit(isPaused ? 'pause' : 'resume', current, trigger, emitter.positionNow(current))

      return
    }

    emitter.emit('progress', current, trigger, emitter.positionNow(current))
  }

  async function pollNow(): Promise<void> {
    const current = playback
    if (current === undefined || !current.tracked) {
      return
    }

    let properties: KodiPlayerProperties
    try {
      properties = await api.getProperties(current.playerId)
    } catch (error) {
      // The player is gone without a Player.OnStop reaching the bridge.
      if (isPlayerNotActiveError(error)) {
        await reconcileNow()

        return
      }

      throw error
    }

    // A stop or another item may have been handled while the request was out.
    if (playback !== current) {
      return
    }

    applyProperties(current, properties, now())
    emitter.emit('progress', current, 'progress', emitter.positionNow(current))
  }

  return {
    handleNotification(method, data) {
      const notification = readNotification(method, data)
      if (notification === undefined) {
        return
      }

      if ('problem' in notification) {
        logger.warn({ method, problem: notification.problem }, 'ignored a Kodi notification whose data is invalid')

        return
      }

      dispatch(notification)
    },

    poll() {
      return enqueue('progress poll', pollNow)
    },

    reconcile() {
      return enqueue('reconcile', reconcileNow)
    },

    isTracking() {
      return playback?.tracked === true
    },

    suspend() {
      cancelAvStartWait()
      releaseHeldStop()
    },

    whenIdle() {
      return queue
    },
  }
}
