// A device's network in the sync fuzz: a fetch that sends the SyncEngine's requests into the real app
// (FuzzServer.inject) as a browser on a flaky network would, with the faults the commands arm: offline,
// a reply lost after the server committed the request, a request that arrives twice. And a hold: the next
// push or pull stops before the server sees it, or after the server answered but before the device has
// the answer, until the fuzz releases it; meanwhile the user goes on working on that device. No timers:
// the fuzz waits on promises until the sync stops at the hold or ends, so only one device moves at a
// time. Deterministic: a fault or hold is taken by the next request of its kind, so a seed replays the
// same run. Every exchange the server answered is handed to the wire log (fuzz-wire-log.ts), delivered or not.
import type { LightMyRequestResponse } from 'fastify'
import { SYNC_PULL_PATH, SYNC_PUSH_PATH } from '../../../src/client/sync/sync-api'
import type { FuzzServer } from './fuzz-server'

export type SyncRequestKind = 'push' | 'pull'

export type NetworkFault = { type: 'dropReply' } | { type: 'duplicate'; answer: 'first' | 'second' }

/** Where a held request waits: before the server handles it, or after (the server committed it, the answer is on its way). */
export type HoldStage = 'beforeServer' | 'afterServer'

export interface Pause {
  kind: SyncRequestKind
  stage: HoldStage
}

export interface Exchange {
  kind: SyncRequestKind
  /** The request body as the device sent it. */
  body: unknown
  status: number
  /** The parsed reply; undefined when it was not JSON. */
  reply: unknown
  /**
   * False when the reply never reached the device (lost, or the other copy of a duplicate was delivered).
   * A held push is logged before its answer goes on, so a loss during the hold is not in it; the log
   * needs delivery only for pulls.
   */
  isDelivered: boolean
}

export class DeviceLink {
  isOnline = true
  /** Faults taken so far: a sync during which none was taken ran on a healthy network. */
  faultsTaken = 0
  /** Times the device went offline: a sync during which it did not ran on a healthy network. */
  offlineSpells = 0
  private readonly armed: Partial<Record<SyncRequestKind, NetworkFault>> = {}
  private readonly holds: Partial<Record<SyncRequestKind, HoldStage>> = {}
  private paused: (Pause & { release: () => void }) | undefined
  private pauseWaiters: (() => void)[] = []

  arm(kind: SyncRequestKind, fault: NetworkFault): void {
    this.armed[kind] = fault
  }

  goOffline(): void {
    if (this.isOnline) this.offlineSpells++
    this.isOnline = false
  }

  /** Back to a healthy network: online, nothing armed, nothing held. */
  heal(): void {
    this.isOnline = true
    delete this.armed.push
    delete this.armed.pull
    this.clearHolds()
  }

  /** The next request of this kind stops at `stage` until release(). */
  hold(kind: SyncRequestKind, stage: HoldStage): void {
    this.holds[kind] = stage
  }

  /** No further request stops (one stopped now still waits for release()). */
  clearHolds(): void {
    delete this.holds.push
    delete this.holds.pull
    this.pauseWaiters = []
  }

  /** Where a request of this device waits now, if one does. */
  get pause(): Pause | undefined {
    return this.paused && { kind: this.paused.kind, stage: this.paused.stage }
  }

  /** Lets the waiting request go on; false when none waits. */
  release(): boolean {
    const paused = this.paused
    if (!paused) return false
    this.paused = undefined
    paused.release()
    return true
  }

  /** Resolves once a request of this device waits at a hold (at once if one does). */
  whenPaused(): Promise<void> {
    if (this.paused) return Promise.resolve()
    return new Promise((resolve) => this.pauseWaiters.push(resolve))
  }

  takeHold(kind: SyncRequestKind): HoldStage | undefined {
    const stage = this.holds[kind]
    delete this.holds[kind]
    return stage
  }

  /** Called by the fetch: waits at the hold until release(). */
  waitAtHold(kind: SyncRequestKind, stage: HoldStage): Promise<void> {
    return new Promise((release) => {
      this.paused = { kind, stage, release }
      const waiters = this.pauseWaiters
      this.pauseWaiters = []
      for (const waiter of waiters) waiter()
    })
  }

  take(kind: SyncRequestKind): NetworkFault | undefined {
    const fault = this.armed[kind]
    if (fault) {
      delete this.armed[kind]
      this.faultsTaken++
    }
    return fault
  }
}

export interface DeviceFetchOptions {
  server: FuzzServer
  link: DeviceLink
  /** `snw_session=…` */
  sessionCookie: string
  userAgent: string
  onExchange: (exchange: Exchange) => void
}

/** Node's fetch has no cookie jar: the session cookie goes on every request, as a browser sends it. */
export function createDeviceFetch({ server, link, sessionCookie, userAgent, onExchange }: DeviceFetchOptions): typeof fetch {
  return async (input, init = {}) => {
    const url = String(input)
    const kind: SyncRequestKind | undefined = url.endsWith(SYNC_PUSH_PATH) ? 'push' : url.endsWith(SYNC_PULL_PATH) ? 'pull' : undefined
    const hold = kind ? link.takeHold(kind) : undefined
    if (kind && hold === 'beforeServer') await link.waitAtHold(kind, hold)
    // What a browser says when the network is gone; the engine reports 'offline' and tries again later.
    if (!link.isOnline) throw new TypeError('fetch failed')
    const headers = Object.fromEntries(new Headers(init.headers).entries())
    const payload = typeof init.body === 'string' ? init.body : undefined
    const send = () => server.inject({ method: (init.method ?? 'GET') as 'GET' | 'POST', url, headers: { ...headers, cookie: sessionCookie, 'user-agent': userAgent }, payload })

    const fault = kind ? link.take(kind) : undefined
    const replies = [await send()]
    if (fault?.type === 'duplicate') replies.push(await send())
    let delivered = fault?.type === 'dropReply' ? undefined : fault?.type === 'duplicate' && fault.answer === 'first' ? replies[0] : replies[replies.length - 1]
    const body = payload === undefined ? undefined : (JSON.parse(payload) as unknown)
    const log = () => {
      if (!kind) return
      for (const reply of replies) onExchange({ kind, body, status: reply.statusCode, reply: parseJson(reply.body), isDelivered: reply === delivered })
    }
    // A push is logged as the server answers it: the log keeps the order in which the server applied
    // mutations, and another device may push while this answer is held. A pull changes the log only
    // once the device has it, so a held one is logged when it arrives (or is lost).
    if (kind === 'push' || hold !== 'afterServer') log()
    if (kind && hold === 'afterServer') {
      await link.waitAtHold(kind, hold)
      // Gone offline while the answer was on its way: the server committed it, the device never hears so.
      if (!link.isOnline) delivered = undefined
      if (kind === 'pull') log()
    }
    // The server committed it; the device never hears so.
    if (!delivered) throw new TypeError('fetch failed: the connection broke before the reply came')
    return toResponse(delivered)
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function toResponse(reply: LightMyRequestResponse): Response {
  const headers = new Headers()
  for (const [name, value] of Object.entries(reply.headers)) {
    if (value === undefined) continue
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, String(one))
  }
  const hasBody = reply.rawPayload.length > 0 && reply.statusCode !== 204 && reply.statusCode !== 304
  return new Response(hasBody ? new Uint8Array(reply.rawPayload) : null, { status: reply.statusCode, headers })
}
