// The envelope of push and pull: size, shape and schema version ([P6], [V1]). A refused request stores nothing.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import type { ApiError } from '../../../src/shared/api-error'
import { NOTE_TEXT_FIELDS, NOTE_TEXT_MAX_CHARS } from '../../../src/shared/sync/note'
import { MAX_MUTATIONS_PER_PUSH, MAX_SYNC_BODY_BYTES, MIN_SCHEMA_VERSION, SCHEMA_VERSION, type Mutation } from '../../../src/shared/sync/protocol'
import { TEST_DATABASES } from '../helpers/test-databases'
import {
  bookmarkSet,
  buildSyncTestApp,
  type Device,
  noteSave,
  pull,
  PULL_URL,
  push,
  PUSH_URL,
  pushOk,
  rawMutation,
  signedInDevice,
  storedState,
} from './sync-helpers'

const bookmarks = (count: number, from = 1): Mutation[] => Array.from({ length: count }, (_, i) => bookmarkSet(from + i, `verhaal-${from + i}`))

/** A push body of exactly `bytes` bytes: two note saves whose text fills it up. */
function pushBodyOfSize(device: Device, bytes: number): string {
  const fieldsFor = (fill: number) => {
    const fields: Record<string, string> = {}
    let left = fill
    for (const field of NOTE_TEXT_FIELDS) {
      fields[field] = 'x'.repeat(Math.min(left, NOTE_TEXT_MAX_CHARS))
      left -= fields[field].length
    }
    return fields
  }
  const bodyWith = (fill: number) => {
    const half = Math.floor(fill / 2)
    return JSON.stringify({
      clientId: device.clientId,
      schemaVersion: SCHEMA_VERSION,
      mutations: [noteSave(1, randomUUID(), 0, fieldsFor(half)), noteSave(2, randomUUID(), 0, fieldsFor(fill - half))],
    })
  }
  const overhead = Buffer.byteLength(bodyWith(0))
  const body = bodyWith(bytes - overhead)
  expect(Buffer.byteLength(body)).toBe(bytes)
  return body
}

describe.each(TEST_DATABASES)('sync request validation on $name', (testDatabase) => {
  /** The app, a device and a check that the device's user and device have nothing stored. */
  async function setup() {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const device = await signedInDevice(app)
    const empty = await storedState(db, device.user.user.id, device.clientId)
    const expectNothingStored = async () => expect(await storedState(db, device.user.user.id, device.clientId)).toEqual(empty)
    return { app, db, device, expectNothingStored }
  }

  it(`[P6] takes ${MAX_MUTATIONS_PER_PUSH} mutations in one push, and refuses ${MAX_MUTATIONS_PER_PUSH + 1} with 400, storing nothing`, async () => {
    const { app, device, expectNothingStored } = await setup()
    const tooMany = await push(app, device, bookmarks(MAX_MUTATIONS_PER_PUSH + 1))
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json<ApiError>().error.code).toBe('invalid_request')
    await expectNothingStored()
    expect(await pushOk(app, device, bookmarks(MAX_MUTATIONS_PER_PUSH))).toEqual({ lastMutationId: MAX_MUTATIONS_PER_PUSH, rejected: [] })
  })

  it(`[P6] takes a push body of exactly ${MAX_SYNC_BODY_BYTES} bytes, and refuses one byte more with 413, storing nothing`, async () => {
    const { app, device, expectNothingStored } = await setup()
    const send = (payload: string) =>
      app.inject({
        method: 'POST',
        url: PUSH_URL,
        headers: { 'content-type': 'application/json' },
        cookies: { [SESSION_COOKIE]: device.user.cookie },
        payload,
      })
    const tooBig = await send(pushBodyOfSize(device, MAX_SYNC_BODY_BYTES + 1))
    expect(tooBig.statusCode).toBe(413)
    await expectNothingStored()
    // Far larger, too.
    const huge = JSON.stringify({ clientId: device.clientId, schemaVersion: SCHEMA_VERSION, mutations: [rawMutation(1, 'bookmark.set', { slug: 'x'.repeat(4 * MAX_SYNC_BODY_BYTES) })] })
    expect((await send(huge)).statusCode).toBe(413)
    await expectNothingStored()

    const justFits = await send(pushBodyOfSize(device, MAX_SYNC_BODY_BYTES))
    expect(justFits.statusCode, justFits.body).toBe(200)
    expect(justFits.json()).toEqual({ lastMutationId: 2, rejected: [] })
  })

  it.each([
    ['an unknown envelope field', { extra: true }],
    ['a missing clientId', { clientId: undefined }],
    ['a missing mutations', { mutations: undefined }],
    ['clientId that is not a UUID', { clientId: 'mijn-telefoon' }],
    ['schemaVersion as a string', { schemaVersion: String(SCHEMA_VERSION) }],
    ['schemaVersion as a fraction', { schemaVersion: 0.5 }],
    ['mutations as an object', { mutations: { 0: bookmarkSet(1, 'verhaal-a') } }],
    ['a mutation id as a string', { mutations: [rawMutation('1', 'bookmark.set', { slug: 'a', bookmarked: true })] }],
    ['a mutation id of 0', { mutations: [rawMutation(0, 'bookmark.set', { slug: 'a', bookmarked: true })] }],
    ['a fractional mutation id', { mutations: [rawMutation(1.5, 'bookmark.set', { slug: 'a', bookmarked: true })] }],
    ['a mutation name that is not a string', { mutations: [rawMutation(1, 7, { slug: 'a', bookmarked: true })] }],
    ['a negative `at`', { mutations: [rawMutation(1, 'bookmark.set', { slug: 'a', bookmarked: true }, -1)] }],
    ['an `at` as a date string', { mutations: [rawMutation(1, 'bookmark.set', { slug: 'a', bookmarked: true }, '2026-01-01')] }],
    ['an unknown field in a mutation', { mutations: [{ ...bookmarkSet(1, 'verhaal-a'), device: 'x' }] }],
    ['a mutation without args', { mutations: [{ id: 1, name: 'bookmark.set', at: 1 }] }],
    ['a good mutation before a malformed one', { mutations: [bookmarkSet(1, 'verhaal-a'), rawMutation('2', 'bookmark.set', {})] }],
  ])('[P6] refuses a push with %s with 400 and stores nothing', async (_name, body) => {
    const { app, device, expectNothingStored } = await setup()
    const response = await push(app, device, [bookmarkSet(1, 'verhaal-a')], { body })
    expect(response.statusCode, response.body).toBe(400)
    expect(response.json<ApiError>().error.code).toBe('invalid_request')
    await expectNothingStored()
  })

  it('[P6] refuses an `at` past the safe integer range with 400 on every database, instead of failing the push for good', async () => {
    const { app, device, expectNothingStored } = await setup()
    for (const at of [Number.MAX_SAFE_INTEGER + 1, 1e19, 1e300]) {
      const response = await push(app, device, [bookmarkSet(1, 'verhaal-a', true, at)])
      expect(response.statusCode, `at ${at}: ${response.body}`).toBe(400)
    }
    await expectNothingStored()
    expect(await pushOk(app, device, [bookmarkSet(1, 'verhaal-a', true, Number.MAX_SAFE_INTEGER)])).toEqual({ lastMutationId: 1, rejected: [] })
  })

  it.each([
    ['an unknown field', { extra: 1 }],
    ['a missing cookie', { cookie: undefined }],
    ['a cookie as a number', { cookie: 5 }],
    ['a cookie that is not a version', { cookie: 'abc' }],
    ['a cookie with a leading zero', { cookie: '05' }],
    ['a negative cookie', { cookie: '-1' }],
    ['clientId that is not a UUID', { clientId: '12345' }],
    ['schemaVersion as a string', { schemaVersion: '1' }],
  ])('[P6] refuses a pull with %s with 400', async (_name, body) => {
    const { app, device } = await setup()
    const response = await pull(app, device, null, { body })
    expect(response.statusCode, response.body).toBe(400)
    expect(response.json<ApiError>().error.code).toBe('invalid_request')
  })

  it('[P6] refuses malformed JSON with 400, and a body that is not JSON with 415, storing nothing', async () => {
    const { app, device, expectNothingStored } = await setup()
    for (const url of [PUSH_URL, PULL_URL]) {
      const send = (payload: string, contentType: string) =>
        app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, cookies: { [SESSION_COOKIE]: device.user.cookie }, payload })
      const broken = await send(`{"clientId":"${device.clientId}","schemaVersion":1,"mutations":[`, 'application/json')
      expect(broken.statusCode).toBe(400)
      expect((await send('', 'application/json')).statusCode).toBe(400)
      const asText = await send(JSON.stringify({ clientId: device.clientId, schemaVersion: SCHEMA_VERSION, mutations: [bookmarkSet(1, 'verhaal-a')] }), 'text/plain')
      expect(asText.statusCode).toBe(415)
      expect(asText.json<ApiError>().error.code).toBe('unsupported_media_type')
    }
    await expectNothingStored()
  })

  it('[P6] refuses a push from another site with 403 and takes one from its own origin', async () => {
    const { app, device, expectNothingStored } = await setup()
    const foreign = await push(app, device, [bookmarkSet(1, 'verhaal-a')], { headers: { host: 'slimmernetwerk.test', origin: 'https://kwaadaardig.example' } })
    expect(foreign.statusCode).toBe(403)
    expect(foreign.json<ApiError>().error.code).toBe('bad_origin')
    await expectNothingStored()
    const own = await push(app, device, [bookmarkSet(1, 'verhaal-a')], { headers: { host: 'slimmernetwerk.test', origin: 'http://slimmernetwerk.test' } })
    expect(own.statusCode, own.body).toBe(200)
  })

  it(`[V1] serves schema versions ${MIN_SCHEMA_VERSION} and ${SCHEMA_VERSION}, and refuses a newer one with 400`, async () => {
    const { app, device, expectNothingStored } = await setup()
    const tooNew = { schemaVersion: SCHEMA_VERSION + 1 }
    const pushed = await push(app, device, [bookmarkSet(1, 'verhaal-a')], { body: tooNew })
    expect(pushed.statusCode).toBe(400)
    expect(pushed.json<ApiError>().error.code).toBe('schema_too_new')
    const pulled = await pull(app, device, null, { body: tooNew })
    expect(pulled.statusCode).toBe(400)
    expect(pulled.json<ApiError>().error.code).toBe('schema_too_new')
    await expectNothingStored()

    for (const schemaVersion of [MIN_SCHEMA_VERSION, SCHEMA_VERSION]) {
      const accepted = await push(app, device, [bookmarkSet(schemaVersion - MIN_SCHEMA_VERSION + 1, 'verhaal-a')], { body: { schemaVersion } })
      expect(accepted.statusCode, accepted.body).toBe(200)
      expect((await pull(app, device, null, { body: { schemaVersion } })).statusCode).toBe(200)
    }
  })
})
