// [P5] A failure a retry can fix rolls the whole push back and answers 503 with Retry-After.
// The database fails through a Kysely plugin on the app's connection, after it ran the statement: the
// statement's effect is inside the transaction, so the rollback is what removes it.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ApiError } from '../../../src/shared/api-error'
import { TEST_DATABASES } from '../helpers/test-databases'
import {
  bookmarkSet,
  buildSyncTestApp,
  databaseError,
  FailingQueryPlugin,
  noteSave,
  progressSet,
  pull,
  pullAll,
  push,
  pushOk,
  signedInDevice,
  storedState,
  transientCode,
} from './sync-helpers'

describe.each(TEST_DATABASES)('sync push failures on $name', (testDatabase) => {
  const transient = () => databaseError(transientCode(testDatabase.dialect))

  it('[P5] rolls back a push whose database fails after its first mutation: 503, Retry-After, nothing stored', async () => {
    const plugin = new FailingQueryPlugin({ kind: 'InsertQueryNode', table: 'bookmarks', nth: 2, error: transient })
    const { app, db } = await buildSyncTestApp(testDatabase, { plugin })
    const phone = await signedInDevice(app)
    const batch = [bookmarkSet(1, 'verhaal-a'), progressSet(2, 'verhaal-a', 0.4), noteSave(3, randomUUID(), 0, { title: 'Notitie' }), bookmarkSet(4, 'verhaal-b')]
    const empty = await storedState(db, phone.user.user.id, phone.clientId)

    plugin.arm()
    const failed = await push(app, phone, batch)
    expect(plugin.failures).toBe(1)
    expect(failed.statusCode).toBe(503)
    expect(failed.headers['retry-after']).toBe('5')
    expect(failed.json<ApiError>().error.code).toBe('try_again')
    // Not the first three mutations, not the device, not its lastMutationId, not the version.
    expect(await storedState(db, phone.user.user.id, phone.clientId)).toEqual(empty)
    plugin.disarm()

    // The device retries the same mutations later, and they apply once.
    expect(await pushOk(app, phone, batch)).toEqual({ lastMutationId: 4, rejected: [] })
    const state = await storedState(db, phone.user.user.id, phone.clientId)
    expect(state.bookmarks.map((row) => row.slug)).toEqual(['verhaal-a', 'verhaal-b'])
    expect(state.progress).toHaveLength(1)
    expect(state.notes).toHaveLength(1)
    expect(state.version?.version).toBe(4)
  })

  it('[P5] keeps what earlier pushes stored when a later push fails part-way', async () => {
    const plugin = new FailingQueryPlugin({ kind: 'InsertQueryNode', table: 'bookmarks', nth: 2, error: transient })
    const { app, db } = await buildSyncTestApp(testDatabase, { plugin })
    const phone = await signedInDevice(app)
    const noteId = randomUUID()
    await pushOk(app, phone, [bookmarkSet(1, 'verhaal-a'), noteSave(2, noteId, 0, { body: 'eerste' })])
    const before = await storedState(db, phone.user.user.id, phone.clientId)
    const pulledBefore = await pullAll(app, phone, null)

    plugin.arm()
    const batch = [bookmarkSet(3, 'verhaal-a', false), noteSave(4, noteId, 1, { body: 'tweede' }), bookmarkSet(5, 'verhaal-c')]
    const failed = await push(app, phone, batch)
    expect(failed.statusCode).toBe(503)
    expect(failed.headers['retry-after']).toBe('5')
    expect(await storedState(db, phone.user.user.id, phone.clientId)).toEqual(before)
    const pulledAfter = await pullAll(app, phone, null)
    expect(pulledAfter).toEqual(pulledBefore)
    expect(pulledAfter.lastMutationId).toBe(2)
    plugin.disarm()

    expect(await pushOk(app, phone, batch)).toEqual({ lastMutationId: 5, rejected: [] })
    expect((await storedState(db, phone.user.user.id, phone.clientId)).notes[0]?.revision).toBe(2)
  })

  it('[P5] rolls back when the device’s new lastMutationId cannot be written, the very last step', async () => {
    const plugin = new FailingQueryPlugin({ kind: 'UpdateQueryNode', table: 'sync_clients', nth: 1, error: transient })
    const { app, db } = await buildSyncTestApp(testDatabase, { plugin })
    const phone = await signedInDevice(app)
    await pushOk(app, phone, [bookmarkSet(1, 'verhaal-a')])
    const before = await storedState(db, phone.user.user.id, phone.clientId)
    plugin.arm()
    const failed = await push(app, phone, [bookmarkSet(2, 'verhaal-b'), progressSet(3, 'verhaal-b', 1)])
    expect(failed.statusCode).toBe(503)
    expect(failed.headers['retry-after']).toBe('5')
    expect(await storedState(db, phone.user.user.id, phone.clientId)).toEqual(before)
  })

  it.each([
    ['SQLite busy', () => databaseError('SQLITE_BUSY')],
    ['SQLite locked', () => databaseError('SQLITE_LOCKED_SHAREDCACHE')],
    ['SQLite disk I/O', () => databaseError('SQLITE_IOERR_WRITE')],
    ['PostgreSQL serialization failure', () => databaseError('40001')],
    ['PostgreSQL deadlock', () => databaseError('40P01')],
    ['PostgreSQL shutting down', () => databaseError('57P01')],
    ['PostgreSQL too many connections', () => databaseError('53300')],
    ['a refused connection', () => databaseError('ECONNREFUSED')],
    // node-postgres gives these no code: a server restart or a dropped connection mid-push.
    ['a PostgreSQL connection that ended', () => new Error('Connection terminated unexpectedly')],
    ['a PostgreSQL client whose connection failed', () => new Error('Client has encountered a connection error and is not queryable')],
    ['no free PostgreSQL connection in time', () => new Error('timeout exceeded when trying to connect')],
  ])('[P5] answers 503 with Retry-After to %s, and stores nothing', async (_name, error) => {
    const plugin = new FailingQueryPlugin({ kind: 'InsertQueryNode', table: 'bookmarks', nth: 2, error })
    const { app, db } = await buildSyncTestApp(testDatabase, { plugin })
    const phone = await signedInDevice(app)
    const empty = await storedState(db, phone.user.user.id, phone.clientId)
    plugin.arm()
    const failed = await push(app, phone, [bookmarkSet(1, 'verhaal-a'), bookmarkSet(2, 'verhaal-b')])
    expect(failed.statusCode, failed.body).toBe(503)
    expect(failed.headers['retry-after']).toBe('5')
    expect(await storedState(db, phone.user.user.id, phone.clientId)).toEqual(empty)
  })

  it('[P5] answers a pull that meets a busy database with 503 and Retry-After', async () => {
    const plugin = new FailingQueryPlugin({ kind: 'SelectQueryNode', table: 'notes', nth: 1, error: transient })
    const { app } = await buildSyncTestApp(testDatabase, { plugin })
    const phone = await signedInDevice(app)
    await pushOk(app, phone, [bookmarkSet(1, 'verhaal-a')])
    plugin.arm()
    const failed = await pull(app, phone, null)
    expect(failed.statusCode).toBe(503)
    expect(failed.headers['retry-after']).toBe('5')
    plugin.disarm()
    expect((await pullAll(app, phone, null)).lastMutationId).toBe(1)
  })

  it('[P5] answers 500 without Retry-After to a failure a retry cannot fix, and still stores nothing', async () => {
    const plugin = new FailingQueryPlugin({
      kind: 'InsertQueryNode',
      table: 'bookmarks',
      nth: 2,
      error: () => databaseError(testDatabase.dialect === 'sqlite' ? 'SQLITE_CONSTRAINT_CHECK' : '23514'),
    })
    const { app, db } = await buildSyncTestApp(testDatabase, { plugin })
    const phone = await signedInDevice(app)
    const empty = await storedState(db, phone.user.user.id, phone.clientId)
    plugin.arm()
    const failed = await push(app, phone, [bookmarkSet(1, 'verhaal-a'), bookmarkSet(2, 'verhaal-b')])
    expect(failed.statusCode).toBe(500)
    expect(failed.headers['retry-after']).toBeUndefined()
    expect(failed.json<ApiError>().error.code).toBe('server_error')
    expect(await storedState(db, phone.user.user.id, phone.clientId)).toEqual(empty)
  })
})
