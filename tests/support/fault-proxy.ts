// A fault proxy for tests on loopback: it sits between a client and the real server and breaks the
// wire in the ways a phone's network does, per request, so that server tests, e2e specs and the bench
// can prove what the product does then. Node `net`/`http` only, no dependency.
//
//   const proxy = await startFaultProxy({ target: 'http://127.0.0.1:1234' })
//   proxy.url                                    // 'http://127.0.0.1:<port>': point the client here
//   proxy.inject({ kind: 'drop-response', method: 'POST', path: '/api/v1/sync/push' })   // the next one
//   proxy.inject({ kind: 'status', status: 503, retryAfterS: 2, path: /^\/api\/v1\/sync\//, times: Infinity })
//   proxy.clear()                                // no more faults; held requests go on, black holes close
//   proxy.log                                    // every request it saw: method, path, times, fault, statuses
//   proxy.maxInFlight('/api/v1/sync/push')       // the most requests of that path open at one moment
//   await proxy.waitFor({ path: '/api/v1/sync/pull' }, 2)   // until 2 such requests arrived and met their fault
//   await proxy.replay(proxy.log[3])            // that request once more, now: a late duplicate
//   await proxy.close()
//
// Faults (`kind`), each for the next `times` matching requests (default 1; Infinity: until cleared):
// - drop-response: forward the request, let the server finish and send its whole answer, then destroy the
//   client's connection without passing the answer on (the server committed; the client sees a network error).
// - duplicate: send the request to the server twice, `mode: 'sequential'` (the second after the first
//   answered; the client gets the second answer, as a retransmit would) or `'parallel'` (both at once;
//   the client gets the first copy's answer). Both statuses are in the log.
// - delay: wait `ms` before forwarding the request (`phase: 'request'`, default) or before passing the
//   answer on (`phase: 'response'`: the server has already applied it).
// - reorder: hold `count` matching requests (`times` defaults to `count`) without forwarding them; when
//   the last arrives, forward them
//   one at a time in reverse order of arrival (each after the previous one's answer), so the server sees
//   them reversed. clear() releases a partial group the same way.
// - status: answer `status` itself (e.g. 503 with `retryAfterS` as Retry-After) with a JSON ApiError
//   body, without forwarding.
// - reset-mid-body: forward, take the server's whole answer, pass on the status line, the headers and
//   `fraction` (default 0.5) of the body, then reset the socket (TCP RST).
// - black-hole: never answer the matching requests (the connection stays open and silent). With
//   `scope: 'all'`, until cleared (matching and `times` ignored), the proxy accepts every new TCP
//   connection and never reads from it, and leaves every request on an open connection unanswered.
//   clear() and close() destroy the black-holed connections.
// A request is matched by `method` (any when omitted) and `path` (the path without the query: a string
// for equality, or a RegExp; any when omitted). Faults are tried in the order they were injected.
// Everything else passes through unchanged: method, path and query, headers (Host, Cookie, Origin,
// Set-Cookie), and the answer streamed chunk by chunk as it comes (the SSE stream
// `GET /api/v1/sync/events` included). Request bodies are read whole before forwarding (so that a
// duplicate can send them again); answers are only buffered by the faults that need the whole body.
// In flight counts requests from their arrival at the proxy until their answer ended or their client
// connection closed: what the client has open on the wire, held and delayed requests included.
import { once } from 'node:events'
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'

export type FaultKind = 'drop-response' | 'duplicate' | 'delay' | 'reorder' | 'status' | 'reset-mid-body' | 'black-hole'

export interface RequestMatch {
  method?: string
  path?: string | RegExp
}

export type Fault = RequestMatch & { times?: number } & (
    | { kind: 'drop-response' }
    | { kind: 'duplicate'; mode?: 'sequential' | 'parallel' }
    | { kind: 'delay'; ms: number; phase?: 'request' | 'response' }
    | { kind: 'reorder'; count: number }
    | { kind: 'status'; status: number; retryAfterS?: number; body?: unknown }
    | { kind: 'reset-mid-body'; fraction?: number }
    | { kind: 'black-hole'; scope?: 'matching' | 'all' }
  )

export interface ProxyLogEntry {
  method: string
  /** Without the query. */
  path: string
  /** Date.now() at arrival, and when the proxy was done with it (undefined while open). */
  startedAt: number
  endedAt?: number
  /** The fault applied, or 'pass'. */
  fault: FaultKind | 'pass'
  /** The server's status for each copy sent to it: [] when not forwarded, two for a duplicate. */
  serverStatuses: number[]
  /** What the client got: the status passed on, or how its connection ended. */
  outcome?: { status: number } | 'dropped' | 'reset' | 'black-holed' | 'closed'
}

export interface FaultProxy {
  url: string
  log: readonly ProxyLogEntry[]
  inject: (fault: Fault) => void
  /** Removes every fault; releases held (reorder) requests; destroys black-holed connections. */
  clear: () => void
  maxInFlight: (path: string) => number
  inFlight: (path: string) => number
  /**
   * Resolves when `count` requests matching `match` have arrived, their body read and their fault taken
   * (those before the call count too): clear() after it no longer changes what happens to them.
   */
  waitFor: (match: RequestMatch, count?: number, timeoutMs?: number) => Promise<ProxyLogEntry[]>
  /**
   * Sends a logged request to the server once more, as it came (a duplicate that arrives late, after
   * other traffic); answers the server's status. The replay is not logged as a request of its own.
   */
  replay: (entry: ProxyLogEntry) => Promise<number>
  close: () => Promise<void>
}

interface ActiveFault {
  fault: Fault
  remaining: number
}

interface UpstreamAnswer {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

interface HeldRequest {
  forward: () => Promise<void>
}

export async function startFaultProxy(options: { target: string; host?: string }): Promise<FaultProxy> {
  const target = new URL(options.target)
  const faults: ActiveFault[] = []
  const log: ProxyLogEntry[] = []
  const inFlight = new Map<string, number>()
  const maxInFlight = new Map<string, number>()
  const sockets = new Set<net.Socket>()
  const blackHoled = new Set<net.Socket>()
  let held: HeldRequest[] = []
  let reorderCount = 0
  const waiters = new Set<() => void>()
  const requests = new WeakMap<ProxyLogEntry, { req: http.IncomingMessage; body: Buffer }>()

  const isBlackHoleAll = (): boolean => faults.some(({ fault }) => fault.kind === 'black-hole' && fault.scope === 'all')

  const take = (method: string, path: string): Fault | undefined => {
    for (const active of faults) {
      if (active.fault.kind === 'black-hole' && active.fault.scope === 'all') continue
      if (!matches(active.fault, method, path)) continue
      active.remaining--
      if (active.remaining <= 0) faults.splice(faults.indexOf(active), 1)
      return active.fault
    }
    return undefined
  }

  const forward = (req: http.IncomingMessage, body: Buffer): Promise<http.IncomingMessage> =>
    new Promise((resolve, reject) => {
      const upstream = http.request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: endToEnd(req.headers), agent: false },
        resolve,
      )
      upstream.once('error', reject)
      upstream.end(body)
    })

  const forwardWhole = async (req: http.IncomingMessage, body: Buffer, entry: ProxyLogEntry): Promise<UpstreamAnswer> => {
    const answer = await forward(req, body)
    entry.serverStatuses.push(answer.statusCode ?? 0)
    const chunks: Buffer[] = []
    for await (const chunk of answer) chunks.push(chunk as Buffer)
    return { status: answer.statusCode ?? 0, headers: answer.headers, body: Buffer.concat(chunks) }
  }

  const sendWhole = (res: http.ServerResponse, answer: UpstreamAnswer, entry: ProxyLogEntry): void => {
    res.writeHead(answer.status, { ...endToEnd(answer.headers), 'content-length': String(answer.body.length) })
    res.end(answer.body)
    entry.outcome = { status: answer.status }
  }

  const passThrough = async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, entry: ProxyLogEntry, delayAnswerMs = 0): Promise<void> => {
    const answer = await forward(req, body)
    entry.serverStatuses.push(answer.statusCode ?? 0)
    if (delayAnswerMs > 0) await sleep(delayAnswerMs)
    res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers))
    // An event stream must reach the client at once, not when a buffer fills.
    res.flushHeaders()
    entry.outcome = { status: answer.statusCode ?? 502 }
    res.once('close', () => answer.destroy())
    answer.pipe(res)
    await once(res, 'close')
  }

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET'
    const path = (req.url ?? '/').split('?')[0]!
    const entry: ProxyLogEntry = { method, path, startedAt: Date.now(), fault: 'pass', serverStatuses: [] }
    log.push(entry)
    countInFlight(inFlight, maxInFlight, path, +1)
    res.once('close', () => {
      countInFlight(inFlight, maxInFlight, path, -1)
      entry.endedAt = Date.now()
      entry.outcome ??= 'closed'
    })

    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    requests.set(entry, { req, body })
    // A connection opened before the black hole began is as dead as a new one.
    const fault: Fault | undefined = isBlackHoleAll() ? { kind: 'black-hole' } : take(method, path)
    if (fault) entry.fault = fault.kind
    // Only now: a test that waits for a request and then clears the faults must find its fault taken.
    for (const wake of waiters) wake()

    switch (fault?.kind) {
      case undefined:
        return passThrough(req, res, body, entry)
      case 'drop-response': {
        await forwardWhole(req, body, entry)
        entry.outcome = 'dropped'
        req.socket.destroy()
        return
      }
      case 'duplicate': {
        if (fault.mode === 'parallel') {
          const [first] = await Promise.all([forwardWhole(req, body, entry), forwardWhole(req, body, entry)])
          return sendWhole(res, first, entry)
        }
        await forwardWhole(req, body, entry)
        return sendWhole(res, await forwardWhole(req, body, entry), entry)
      }
      case 'delay':
        if (fault.phase === 'response') return passThrough(req, res, body, entry, fault.ms)
        await sleep(fault.ms)
        return passThrough(req, res, body, entry)
      case 'reorder': {
        reorderCount = fault.count
        const released = new Promise<void>((resolve) => {
          held.push({ forward: () => passThroughUntilAnswered(req, res, body, entry).then(resolve, resolve) })
        })
        if (held.length >= reorderCount) releaseHeld()
        return released
      }
      case 'status': {
        const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json; charset=utf-8' }
        if (fault.retryAfterS !== undefined) headers['retry-after'] = String(fault.retryAfterS)
        res.writeHead(fault.status, headers)
        res.end(JSON.stringify(fault.body ?? { error: { code: 'try_again', message: `The fault proxy answered ${fault.status}` } }))
        entry.outcome = { status: fault.status }
        return
      }
      case 'reset-mid-body': {
        const answer = await forwardWhole(req, body, entry)
        const partial = answer.body.subarray(0, Math.floor(answer.body.length * (fault.fraction ?? 0.5)))
        // The server's own Content-Length stays: the client knows the body stopped short.
        const headers = { ...endToEnd(answer.headers), 'content-length': String(answer.body.length) }
        res.writeHead(answer.status, headers)
        res.flushHeaders()
        await new Promise<void>((resolve) => res.write(partial, () => resolve()))
        // Let the client read the status line, headers and partial body before the reset arrives.
        await sleep(30)
        entry.outcome = 'reset'
        req.socket.resetAndDestroy()
        return
      }
      case 'black-hole':
        entry.outcome = 'black-holed'
        blackHoled.add(req.socket)
        return
    }
  }

  /** For a held request: resolves when its answer has started, so the next one follows it. */
  const passThroughUntilAnswered = async (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, entry: ProxyLogEntry): Promise<void> => {
    try {
      const answer = await forwardWhole(req, body, entry)
      sendWhole(res, answer, entry)
    } catch {
      res.destroy()
    }
  }

  const releaseHeld = (): void => {
    const group = held.reverse()
    held = []
    void (async () => {
      for (const request of group) await request.forward()
    })()
  }

  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      // The server went away or the client hung up: end this exchange as the network would.
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(502, { 'content-type': 'text/plain' })
        res.end('fault proxy: upstream failed')
      } else {
        res.destroy()
      }
    })
  })

  // The proxy's own listener hands each connection to the HTTP server, unless the network is a black hole.
  const tcpServer = net.createServer((socket) => {
    sockets.add(socket)
    socket.once('close', () => {
      sockets.delete(socket)
      blackHoled.delete(socket)
    })
    socket.on('error', () => {})
    if (isBlackHoleAll()) {
      blackHoled.add(socket)
      socket.pause()
      return
    }
    httpServer.emit('connection', socket)
  })
  tcpServer.listen(0, options.host ?? '127.0.0.1')
  await once(tcpServer, 'listening')
  const { port } = tcpServer.address() as AddressInfo

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    log,
    inject: (fault) => {
      faults.push({ fault, remaining: fault.times ?? (fault.kind === 'reorder' ? fault.count : 1) })
    },
    clear: () => {
      faults.length = 0
      if (held.length > 0) releaseHeld()
      for (const socket of blackHoled) socket.destroy()
      blackHoled.clear()
    },
    maxInFlight: (path) => maxInFlight.get(path) ?? 0,
    inFlight: (path) => inFlight.get(path) ?? 0,
    waitFor: (match, count = 1, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const seen = log.filter((entry) => matches(match, entry.method, entry.path))
          if (seen.length < count) return
          waiters.delete(check)
          clearTimeout(timer)
          resolve(seen)
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`fault proxy: fewer than ${count} requests matching ${describeMatch(match)} within ${timeoutMs} ms`))
        }, timeoutMs)
        waiters.add(check)
        check()
      }),
    replay: async (entry) => {
      const request = requests.get(entry)
      if (!request) throw new Error(`fault proxy: no request body kept for ${entry.method} ${entry.path}`)
      const answer = await forward(request.req, request.body)
      answer.resume()
      await once(answer, 'end')
      return answer.statusCode ?? 0
    },
    close: async () => {
      faults.length = 0
      held = []
      for (const socket of sockets) socket.destroy()
      httpServer.closeAllConnections()
      await new Promise<void>((resolve) => tcpServer.close(() => resolve()))
    },
  }
}

function matches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false
  if (match.path === undefined) return true
  return typeof match.path === 'string' ? match.path === path : match.path.test(path)
}

/**
 * The headers that belong to one hop are the proxy's own on each side: passing on the server's
 * `Keep-Alive: timeout=72` would let a client reuse a connection the proxy already closed, a network
 * error no fault asked for.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization'])

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())))
}

function describeMatch(match: RequestMatch): string {
  return `${match.method ?? '*'} ${match.path ?? '*'}`
}

function countInFlight(inFlight: Map<string, number>, max: Map<string, number>, path: string, delta: number): void {
  const now = (inFlight.get(path) ?? 0) + delta
  inFlight.set(path, now)
  if (now > (max.get(path) ?? 0)) max.set(path, now)
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
