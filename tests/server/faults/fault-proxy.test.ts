// The fault proxy itself (tests/support/fault-proxy.ts): each fault does what it says on the wire, and
// what it does not break passes through unchanged. Against a small recording HTTP server, so that the
// test sees exactly what reached "the server".
import { once } from 'node:events'
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy'

interface Seen {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

/** Answers `{ n, body }` (n: the how-manieth request this is) with a cookie; /stream streams on demand. */
async function startRecordingServer() {
  const seen: Seen[] = []
  let open = 0
  let maxOpen = 0
  let releaseStream: (() => void) | undefined
  /** For /wait-for-two: answers only once two of them are open at the same time. */
  let waitingPair: (() => void)[] = []
  const server = http.createServer(async (req, res) => {
    open++
    maxOpen = Math.max(maxOpen, open)
    res.once('close', () => open--)
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() })
    const n = seen.length
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('event: first\n\n')
      releaseStream = () => res.end('event: last\n\n')
      return
    }
    if (req.url === '/wait-for-two') {
      await new Promise<void>((resolve) => {
        waitingPair.push(resolve)
        if (waitingPair.length === 2) {
          for (const wake of waitingPair) wake()
          waitingPair = []
        }
      })
    }
    res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['snw_session=abc; HttpOnly; SameSite=Strict'] })
    res.end(JSON.stringify({ n, body: Buffer.concat(chunks).toString(), padding: 'x'.repeat(2000) }))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    maxOpen: () => maxOpen,
    releaseStream: () => releaseStream?.(),
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

let cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  cleanups = []
})

async function setup(): Promise<{ proxy: FaultProxy; target: Awaited<ReturnType<typeof startRecordingServer>> }> {
  const target = await startRecordingServer()
  const proxy = await startFaultProxy({ target: target.origin })
  cleanups.push(target.close, proxy.close)
  return { proxy, target }
}

function post(proxy: FaultProxy, path: string, body = '{"a":1}', init: RequestInit = {}): Promise<Response> {
  return fetch(`${proxy.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, ...init })
}

describe('the fault proxy', () => {
  it('passes requests and answers through unchanged: query, cookie, Origin, Host, Set-Cookie and body', async () => {
    const { proxy, target } = await setup()
    const response = await post(proxy, '/api/x?clientId=7', '{"hello":"wereld"}', {
      headers: { 'content-type': 'application/json', cookie: 'snw_session=s1', origin: proxy.url },
    })
    expect(response.status).toBe(200)
    expect(response.headers.getSetCookie()).toEqual(['snw_session=abc; HttpOnly; SameSite=Strict'])
    expect(await response.json()).toMatchObject({ n: 1, body: '{"hello":"wereld"}' })
    expect(target.seen).toHaveLength(1)
    expect(target.seen[0]).toMatchObject({ method: 'POST', url: '/api/x?clientId=7', body: '{"hello":"wereld"}' })
    expect(target.seen[0]!.headers).toMatchObject({ cookie: 'snw_session=s1', origin: proxy.url, host: new URL(proxy.url).host })
    expect(proxy.log).toMatchObject([{ method: 'POST', path: '/api/x', fault: 'pass', serverStatuses: [200], outcome: { status: 200 } }])
  })

  it('streams an answer as it comes, without buffering (the SSE stream)', async () => {
    const { proxy, target } = await setup()
    const response = await fetch(`${proxy.url}/stream`)
    const reader = response.body!.getReader()
    // The server has not ended the answer: this chunk can only be here if the proxy passed it on at once.
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('event: first\n\n')
    target.releaseStream()
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('event: last\n\n')
  })

  it('drop-response: the server answers in full, the client gets a network error', async () => {
    const { proxy, target } = await setup()
    proxy.inject({ kind: 'drop-response', method: 'POST', path: '/api/push' })
    await expect(post(proxy, '/api/push')).rejects.toThrow()
    expect(target.seen).toHaveLength(1)
    expect(proxy.log[0]).toMatchObject({ fault: 'drop-response', serverStatuses: [200], outcome: 'dropped' })
    // Only the next one: the one after passes.
    expect((await post(proxy, '/api/push')).status).toBe(200)
    expect(target.seen).toHaveLength(2)
  })

  it('matches by method and path, for the next `times` requests only', async () => {
    const { proxy, target } = await setup()
    proxy.inject({ kind: 'status', status: 503, method: 'POST', path: /^\/api\/sync\//, times: 2 })
    expect((await fetch(`${proxy.url}/api/sync/a`)).status).toBe(200)
    expect((await post(proxy, '/api/other')).status).toBe(200)
    expect((await post(proxy, '/api/sync/a')).status).toBe(503)
    expect((await post(proxy, '/api/sync/b')).status).toBe(503)
    expect((await post(proxy, '/api/sync/a')).status).toBe(200)
    expect(target.seen.map((request) => request.url)).toEqual(['/api/sync/a', '/api/other', '/api/sync/a'])
  })

  it('duplicate, sequential: the server gets the request twice, the client the second answer', async () => {
    const { proxy, target } = await setup()
    proxy.inject({ kind: 'duplicate', path: '/api/push' })
    const answer = (await (await post(proxy, '/api/push', '{"m":1}')).json()) as { n: number }
    expect(answer.n).toBe(2)
    expect(target.seen.map((request) => request.body)).toEqual(['{"m":1}', '{"m":1}'])
    expect(target.maxOpen()).toBe(1)
    expect(proxy.log[0]).toMatchObject({ fault: 'duplicate', serverStatuses: [200, 200] })
  })

  it('duplicate, parallel: both copies are open at the server at once, the client gets one answer', async () => {
    const { proxy, target } = await setup()
    proxy.inject({ kind: 'duplicate', mode: 'parallel', path: '/wait-for-two' })
    // The target answers only when two are open together: this resolves only if the copies ran in parallel.
    const response = await post(proxy, '/wait-for-two')
    expect(response.status).toBe(200)
    expect(target.seen).toHaveLength(2)
    expect(target.maxOpen()).toBe(2)
    expect(proxy.maxInFlight('/wait-for-two')).toBe(1)
  })

  it('replay: sends a logged request to the server once more, later, with its body', async () => {
    const { proxy, target } = await setup()
    await post(proxy, '/api/push', '{"m":1}')
    await post(proxy, '/api/other', '{"m":2}')
    expect(await proxy.replay(proxy.log[0]!)).toBe(200)
    expect(target.seen.map((request) => [request.url, request.body])).toEqual([['/api/push', '{"m":1}'], ['/api/other', '{"m":2}'], ['/api/push', '{"m":1}']])
    expect(proxy.log).toHaveLength(2)
  })

  it('delay: the request reaches the server no sooner than `ms` later; phase response: the server has it, the client waits', async () => {
    const { proxy, target } = await setup()
    proxy.inject({ kind: 'delay', ms: 150, path: '/api/slow' })
    const sentAt = Date.now()
    const pending = post(proxy, '/api/slow')
    await proxy.waitFor({ path: '/api/slow' })
    expect(target.seen).toHaveLength(0)
    await pending
    // Less 5 ms: Date.now() and the timers' monotonic clock round differently.
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(145)
    expect(target.seen).toHaveLength(1)

    proxy.inject({ kind: 'delay', ms: 150, phase: 'response', path: '/api/slow' })
    const start = Date.now()
    await post(proxy, '/api/slow')
    expect(Date.now() - start).toBeGreaterThanOrEqual(145)
    expect(target.seen).toHaveLength(2)
  })

  it('reorder: holds two requests and forwards them in reverse order; each client gets its own answer', async () => {
    const { proxy, target } = await setup()
    proxy.inject({ kind: 'reorder', count: 2, path: '/api/push' })
    const first = post(proxy, '/api/push', '"first"')
    await proxy.waitFor({ path: '/api/push' }, 1)
    const second = post(proxy, '/api/push', '"second"')
    const answers = (await Promise.all([first, second].map(async (response) => (await response).json()))) as { body: string }[]
    expect(target.seen.map((request) => request.body)).toEqual(['"second"', '"first"'])
    expect(answers.map((answer) => answer.body)).toEqual(['"first"', '"second"'])
    expect(proxy.maxInFlight('/api/push')).toBe(2)
    // The group is done: the next request passes at once.
    expect((await post(proxy, '/api/push', '"third"')).status).toBe(200)
  })

  it('status: answers 503 with Retry-After itself, and the server never sees the request', async () => {
    const { proxy, target } = await setup()
    proxy.inject({ kind: 'status', status: 503, retryAfterS: 7, path: '/api/push' })
    const response = await post(proxy, '/api/push')
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('7')
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('try_again')
    expect(target.seen).toHaveLength(0)
    expect(proxy.log[0]).toMatchObject({ fault: 'status', serverStatuses: [], outcome: { status: 503 } })
  })

  it('reset-mid-body: status line, headers and part of the body arrive, then the connection is reset', async () => {
    const { proxy, target } = await setup()
    proxy.inject({ kind: 'reset-mid-body', path: '/api/pull' })
    const response = await post(proxy, '/api/pull')
    expect(response.status).toBe(200)
    await expect(response.text()).rejects.toThrow()
    expect(target.seen).toHaveLength(1)

    // On a raw socket: the bytes before the reset, then ECONNRESET.
    proxy.inject({ kind: 'reset-mid-body', path: '/api/pull' })
    const socket = net.connect(Number(new URL(proxy.url).port), '127.0.0.1')
    let received = ''
    socket.on('data', (chunk) => (received += chunk.toString()))
    socket.write('POST /api/pull HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}')
    const [error] = (await once(socket, 'error')) as [NodeJS.ErrnoException]
    expect(error.code).toBe('ECONNRESET')
    const [head, body] = received.split('\r\n\r\n') as [string, string]
    expect(head).toMatch(/^HTTP\/1\.1 200/)
    const length = Number(/content-length: (\d+)/i.exec(head)![1])
    expect(body.length).toBeGreaterThan(0)
    expect(body.length).toBeLessThan(length)
  })

  it('black-hole: the matching request is never answered and never forwarded; clear() ends it', async () => {
    const { proxy, target } = await setup()
    proxy.inject({ kind: 'black-hole', path: '/api/push' })
    await expect(post(proxy, '/api/push', '{}', { signal: AbortSignal.timeout(300) })).rejects.toThrow(/abort|timeout/i)
    expect(target.seen).toHaveLength(0)
    expect(proxy.log[0]).toMatchObject({ fault: 'black-hole', outcome: 'black-holed' })
    proxy.clear()
    expect((await post(proxy, '/api/push')).status).toBe(200)
  })

  it('black-hole for all traffic: new connections are accepted and never answered, nor are requests on open ones', async () => {
    const { proxy, target } = await setup()
    // A kept-alive connection, opened before the black hole.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
    cleanups.push(async () => agent.destroy())
    const get = (timeoutMs: number) =>
      new Promise<number>((resolve, reject) => {
        const request = http.get(`${proxy.url}/api/x`, { agent, timeout: timeoutMs }, (response) => {
          response.resume()
          response.once('end', () => resolve(response.statusCode!))
        })
        request.once('timeout', () => request.destroy(new Error('timeout')))
        request.once('error', reject)
      })
    expect(await get(5000)).toBe(200)

    proxy.inject({ kind: 'black-hole', scope: 'all' })
    await expect(get(300)).rejects.toThrow(/timeout/)
    const socket = net.connect(Number(new URL(proxy.url).port), '127.0.0.1')
    socket.on('error', () => {})
    await once(socket, 'connect')
    socket.write('GET /api/x HTTP/1.1\r\nHost: x\r\n\r\n')
    // Not events.once: it rejects on the reset that comes with the close.
    const closed = new Promise((resolve) => socket.once('close', resolve))
    proxy.clear()
    await closed
    expect(target.seen).toHaveLength(1)
    expect(await get(5000)).toBe(200)
  })
})
