// A device's network in the sync fuzz: a fetch that sends the SyncEngine's requests into the real app
// (FuzzServer.inject) as a browser on a flaky network would, with the faults the commands arm: offline,
// a reply lost after the server committed the request, a request that arrives twice. Deterministic: a
// fault is taken by the next request of its kind, so a seed replays the same run. Every exchange the
// server answered is handed to the wire log (fuzz-wire-log.ts), delivered or not.
import type { LightMyRequestResponse } from 'fastify'
import { SYNC_PULL_PATH, SYNC_PUSH_PATH } from '../../../src/client/sync/sync-api'
import type { FuzzServer } from './fuzz-server'

export type SyncRequestKind = 'push' | 'pull'

export type NetworkFault = { type: 'dropReply' } | { type: 'duplicate'; answer: 'first' | 'second' }

export interface Exchange {
  kind: SyncRequestKind
  /** The request body as the device sent it. */
  body: unknown
  status: number
  /** The parsed reply; undefined when it was not JSON. */
  reply: unknown
  /** False when the reply never reached the device (lost, or the other copy of a duplicate was delivered). */
  isDelivered: boolean
}

export class DeviceLink {
  isOnline = true
  /** Faults taken so far: a sync during which none was taken ran on a healthy network. */
  faultsTaken = 0
  private readonly armed: Partial<Record<SyncRequestKind, NetworkFault>> = {}

  arm(kind: SyncRequestKind, fault: NetworkFault): void {
    this.armed[kind] = fault
  }

  /** Back to a healthy network: online, nothing armed. */
  heal(): void {
    this.isOnline = true
    delete this.armed.push
    delete this.armed.pull
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
    // What a browser says when the network is gone; the engine reports 'offline' and tries again later.
    if (!link.isOnline) throw new TypeError('fetch failed')
    const url = String(input)
    const kind: SyncRequestKind | undefined = url.endsWith(SYNC_PUSH_PATH) ? 'push' : url.endsWith(SYNC_PULL_PATH) ? 'pull' : undefined
    const headers = Object.fromEntries(new Headers(init.headers).entries())
    const payload = typeof init.body === 'string' ? init.body : undefined
    const send = () => server.inject({ method: (init.method ?? 'GET') as 'GET' | 'POST', url, headers: { ...headers, cookie: sessionCookie, 'user-agent': userAgent }, payload })

    const fault = kind ? link.take(kind) : undefined
    const replies = [await send()]
    if (fault?.type === 'duplicate') replies.push(await send())
    const delivered = fault?.type === 'dropReply' ? undefined : fault?.type === 'duplicate' && fault.answer === 'first' ? replies[0] : replies[replies.length - 1]
    if (kind) {
      const body = payload === undefined ? undefined : (JSON.parse(payload) as unknown)
      for (const reply of replies) onExchange({ kind, body, status: reply.statusCode, reply: parseJson(reply.body), isDelivered: reply === delivered })
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
