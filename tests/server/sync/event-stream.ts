// An event stream read over a real socket (inject cannot end a hijacked stream), every wait bounded:
// for the checks of who gets a poke ([E1], the security sweep), and of streams that must end with their session.
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { onTestFinished } from 'vitest'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import { EVENTS_URL, withTimeout } from './sync-helpers'

const WAIT_MS = 5_000
const POKE = 'event: poke\ndata: {}\n\n'

export interface OpenStream {
  status: number
  contentType: string | null
  cacheControl: string | null
  pokes: () => number
  /** Resolves once the stream's text satisfies `test`; rejects after WAIT_MS. */
  waitFor: (what: string, test: (text: string) => boolean) => Promise<void>
  /** Whether the server has ended the stream. */
  hasEnded: () => boolean
  /** Resolves when the server ends the stream; rejects after WAIT_MS. */
  ended: () => Promise<void>
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 })
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}

export async function openStream(baseUrl: string, clientId: string, sessionCookie: string): Promise<OpenStream> {
  const abort = new AbortController()
  onTestFinished(() => abort.abort())
  const response = await withTimeout(
    fetch(`${baseUrl}${EVENTS_URL}?clientId=${clientId}`, { headers: { cookie: `${SESSION_COOKIE}=${sessionCookie}` }, signal: abort.signal }),
    WAIT_MS,
    'the event stream to open',
  )
  let text = ''
  let hasEnded = false
  const listeners = new Set<() => void>()
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  const done = (async () => {
    try {
      for (;;) {
        const chunk = await reader.read()
        if (chunk.done) break
        text += decoder.decode(chunk.value, { stream: true })
        for (const listener of listeners) listener()
      }
      hasEnded = true
    } catch {
      // Aborted by the test's cleanup.
    }
  })()
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    cacheControl: response.headers.get('cache-control'),
    pokes: () => text.split(POKE).length - 1,
    waitFor: (what, test) =>
      withTimeout(
        new Promise<void>((resolve) => {
          const check = () => {
            if (!test(text)) return
            listeners.delete(check)
            resolve()
          }
          listeners.add(check)
          check()
        }),
        WAIT_MS,
        `event stream: ${what} (received ${JSON.stringify(text)})`,
      ),
    hasEnded: () => hasEnded,
    ended: () => withTimeout(done, WAIT_MS, `the server to end the stream (received ${JSON.stringify(text)})`),
  }
}
