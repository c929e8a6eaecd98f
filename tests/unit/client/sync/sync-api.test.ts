import { describe, expect, it } from 'vitest'
import { pull, push, SyncHttpError, type SyncHttpErrorKind } from '../../../../src/client/sync/sync-api'
import { SCHEMA_VERSION } from '../../../../src/shared/sync/protocol'

const pushBody = { clientId: 'a0000000-0000-4000-8000-000000000000', schemaVersion: SCHEMA_VERSION, mutations: [] }
const pullBody = { clientId: 'a0000000-0000-4000-8000-000000000000', schemaVersion: SCHEMA_VERSION, cookie: null }

function answering(status: number, body: unknown, headers: Record<string, string> = {}): typeof fetch {
  return async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

async function failure(promise: Promise<unknown>): Promise<SyncHttpError> {
  const error = await promise.then(
    () => expect.fail('expected the call to fail'),
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(SyncHttpError)
  return error as SyncHttpError
}

describe('sync API calls', () => {
  it('POSTs JSON with the session cookie to /api/v1/sync/push and /pull', async () => {
    const requests: { url: string; init: RequestInit | undefined }[] = []
    const recording: typeof fetch = async (input, init) => {
      requests.push({ url: String(input), init })
      const isPush = String(input).endsWith('/push')
      return new Response(JSON.stringify(isPush ? { lastMutationId: 0, rejected: [] } : { cookie: '0', lastMutationId: 0, changes: [], hasMore: false }))
    }

    expect(await push(pushBody, { fetch: recording, baseUrl: 'https://app.example' })).toEqual({ lastMutationId: 0, rejected: [] })
    expect(await pull(pullBody, { fetch: recording })).toEqual({ cookie: '0', lastMutationId: 0, changes: [], hasMore: false })

    expect(requests.map((request) => request.url)).toEqual(['https://app.example/api/v1/sync/push', '/api/v1/sync/pull'])
    for (const { init } of requests) {
      expect(init).toMatchObject({ method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' } })
    }
    expect(JSON.parse(String(requests[0]!.init?.body))).toEqual(pushBody)
  })

  it.each([
    { status: 401, kind: 'auth' },
    { status: 403, kind: 'forbidden' },
    { status: 426, kind: 'too-old' },
    { status: 429, kind: 'busy' },
    { status: 503, kind: 'busy' },
    { status: 400, kind: 'rejected-request' },
    { status: 413, kind: 'rejected-request' },
    { status: 500, kind: 'server' },
    { status: 502, kind: 'server' },
  ] satisfies { status: number; kind: SyncHttpErrorKind }[])('turns a $status into kind "$kind", with the server\'s code and message', async ({ status, kind }) => {
    const error = await failure(push(pushBody, { fetch: answering(status, { error: { code: 'some_code', message: 'Why it failed' } }) }))

    expect(error.kind).toBe(kind)
    expect(error.status).toBe(status)
    expect(error.details.code).toBe('some_code')
    expect(error.message).toBe('Why it failed')
  })

  it('[P5] reads Retry-After of a busy server', async () => {
    const error = await failure(pull(pullBody, { fetch: answering(503, { error: { code: 'try_again', message: 'busy' } }, { 'Retry-After': '5' }) }))

    expect(error).toMatchObject({ kind: 'busy', retryAfterMs: 5000 })
  })

  it('says "offline" when fetch throws', async () => {
    const unreachable: typeof fetch = async () => {
      throw new TypeError('fetch failed')
    }

    expect((await failure(push(pushBody, { fetch: unreachable }))).kind).toBe('offline')
  })

  it('still names the status when an error has no JSON body', async () => {
    const error = await failure(push(pushBody, { fetch: answering(502, '<html>Bad gateway</html>') }))

    expect(error).toMatchObject({ kind: 'server', message: 'The server answered 502' })
  })

  it.each([
    { answer: 'broken JSON', body: 'not json' },
    { answer: 'a push answer without lastMutationId', body: { rejected: [] } },
    { answer: 'a pull answer with a change of an unknown type', body: { cookie: '1', lastMutationId: 0, hasMore: false, changes: [{ type: 'weather' }] } },
    { answer: 'a pull answer with a numeric cookie', body: { cookie: 1, lastMutationId: 0, hasMore: false, changes: [] } },
  ])('says "invalid" for $answer', async ({ body }) => {
    const call = typeof body === 'object' && 'rejected' in body ? push(pushBody, { fetch: answering(200, body) }) : pull(pullBody, { fetch: answering(200, body) })

    expect((await failure(call)).kind).toBe('invalid')
  })
})
