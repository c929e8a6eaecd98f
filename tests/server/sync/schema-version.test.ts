// [V1] As a later server would run: SCHEMA_VERSION 5, so 4 is the oldest it serves. Today's
// MIN_SCHEMA_VERSION is 0, below which no request can get (the body schema wants an integer >= 0).
import { describe, expect, it, vi } from 'vitest'
import type { ApiError } from '../../../src/shared/api-error'
import { MIN_SCHEMA_VERSION, SCHEMA_VERSION } from '../../../src/shared/sync/protocol'
import { TEST_DATABASES } from '../helpers/test-databases'
import { bookmarkSet, buildSyncTestApp, pull, push, signedInDevice, storedState } from './sync-helpers'

vi.mock('../../../src/shared/sync/protocol', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/shared/sync/protocol')>()),
  SCHEMA_VERSION: 5,
  MIN_SCHEMA_VERSION: 4,
}))

describe.each(TEST_DATABASES)('sync schema versions of a later server on $name', (testDatabase) => {
  it('[V1] refuses a push and a pull older than MIN_SCHEMA_VERSION with 426, and stores nothing', async () => {
    expect([MIN_SCHEMA_VERSION, SCHEMA_VERSION]).toEqual([4, 5])
    const { app, db } = await buildSyncTestApp(testDatabase)
    const device = await signedInDevice(app)
    const empty = await storedState(db, device.user.user.id, device.clientId)
    for (const schemaVersion of [0, 3]) {
      const pushed = await push(app, device, [bookmarkSet(1, 'verhaal-a')], { body: { schemaVersion } })
      expect(pushed.statusCode).toBe(426)
      expect(pushed.json<ApiError>().error.code).toBe('schema_too_old')
      const pulled = await pull(app, device, null, { body: { schemaVersion } })
      expect(pulled.statusCode).toBe(426)
      expect(pulled.json<ApiError>().error.code).toBe('schema_too_old')
    }
    expect(await storedState(db, device.user.user.id, device.clientId)).toEqual(empty)
  })

  it('[V1] serves the current and the previous version, and refuses a newer one with 400', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const device = await signedInDevice(app)
    const tooNew = await push(app, device, [bookmarkSet(1, 'verhaal-a')], { body: { schemaVersion: 6 } })
    expect(tooNew.statusCode).toBe(400)
    expect(tooNew.json<ApiError>().error.code).toBe('schema_too_new')
    expect((await pull(app, device, null, { body: { schemaVersion: 6 } })).statusCode).toBe(400)
    for (const [index, schemaVersion] of [4, 5].entries()) {
      const pushed = await push(app, device, [bookmarkSet(index + 1, 'verhaal-a')], { body: { schemaVersion } })
      expect(pushed.statusCode, pushed.body).toBe(200)
      expect(pushed.json()).toEqual({ lastMutationId: index + 1, rejected: [] })
      expect((await pull(app, device, null, { body: { schemaVersion } })).statusCode).toBe(200)
    }
  })
})
