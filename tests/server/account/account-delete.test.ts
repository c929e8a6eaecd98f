// DELETE /api/v1/account: the user and every row of theirs go, in one transaction (AVG article 17).
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import type { ApiError } from '../../../src/shared/api-error'
import { AUTH_PATHS } from '../../../src/shared/auth'
import { login, me, registerUser, sessionCookieOf } from '../auth/auth-helpers'
import { TEST_DATABASES } from '../helpers/test-databases'
import {
  ANDROID_UA,
  bookmarkSet,
  buildSyncTestApp,
  type Device,
  deviceOf,
  noteAddLine,
  noteDelete,
  noteSave,
  progressSet,
  push,
  pushOk,
  type SyncTestApp,
} from '../sync/sync-helpers'
import { pushPhoto, uploadPhoto } from '../sync/photo-helpers'
import { clientIdsOf, requestDelete, requestExport, rowsPerTable } from './account-data-helpers'

const HOST = 'slimmernetwerk.test'

/** A user with a row in every table: two devices, notes with revisions, a conflict copy, a trash, a rejected mutation, a photo, two sessions. */
async function userWithData({ app }: SyncTestApp): Promise<{ phone: Device; laptop: Device; secondCookie: string }> {
  const user = await registerUser(app)
  const phone = deviceOf(user, { userAgent: ANDROID_UA })
  const laptop = deviceOf(user)
  const noteId = randomUUID()
  const trashId = randomUUID()
  await pushOk(app, phone, [
    bookmarkSet(1, 'verhaal-a'),
    progressSet(2, 'verhaal-a', 0.4),
    noteSave(3, noteId, 0, { title: 'Plan', body: 'eerste regel' }),
    noteSave(4, trashId, 0, { title: 'Weg' }),
    noteDelete(5, trashId),
    noteDelete(6, randomUUID()), // rejected
  ])
  await pushOk(app, laptop, [noteSave(1, noteId, 1, { title: 'Plan van de laptop', body: 'eerste regel' })])
  await pushOk(app, phone, [noteSave(7, noteId, 1, { title: 'Plan van de telefoon', body: 'eerste regel' }), noteAddLine(8, noteId, randomUUID(), 'Koffie')])
  const photo = await pushPhoto(app, phone, noteId, { mutationId: 9 })
  expect((await uploadPhoto(app, phone, photo.id, photo.bytes)).statusCode).toBe(204)
  const second = await login(app, user.user.email, user.password)
  return { phone, laptop, secondCookie: sessionCookieOf(second)! }
}

async function countsOf(syncApp: SyncTestApp, userId: string, clientIds: string[]) {
  return rowsPerTable(syncApp.database.serverDb, userId, clientIds)
}

describe.each(TEST_DATABASES)('account deletion on $name', (testDatabase) => {
  it('deletes the user and every row of theirs in every table, and leaves the other user’s rows alone', async () => {
    const syncApp = await buildSyncTestApp(testDatabase)
    const { app, db } = syncApp
    const anne = await userWithData(syncApp)
    const bram = await userWithData(syncApp)
    const anneId = anne.phone.user.user.id
    const bramId = bram.phone.user.user.id
    const anneClients = await clientIdsOf(db, anneId)
    const bramClients = await clientIdsOf(db, bramId)

    const anneBefore = await countsOf(syncApp, anneId, anneClients)
    const bramBefore = await countsOf(syncApp, bramId, bramClients)
    // The setup really fills every table, so that "0 after" means something.
    for (const [table, count] of Object.entries(anneBefore)) expect(count, `rows of Anne in ${table}`).toBeGreaterThan(0)
    expect(Object.keys(anneBefore).sort()).toEqual(
      ['bookmarks', 'note_client_bases', 'note_lines', 'note_photos', 'note_revisions', 'notes', 'photo_files', 'progress', 'rejected_mutations', 'sessions', 'sync_clients', 'user_versions', 'users'].sort(),
    )

    const response = await requestDelete(app, anne.phone.user.cookie, { password: anne.phone.user.password })
    expect(response.statusCode, response.body).toBe(204)
    expect(response.headers['cache-control']).toBe('no-store')
    const cleared = response.cookies.find((cookie) => cookie.name === SESSION_COOKIE)
    expect(cleared?.value).toBe('')
    expect(cleared?.httpOnly).toBe(true)

    const anneAfter = await countsOf(syncApp, anneId, anneClients)
    expect(anneAfter).toEqual(Object.fromEntries(Object.keys(anneBefore).map((table) => [table, 0])))
    expect(await countsOf(syncApp, bramId, bramClients)).toEqual(bramBefore)
    expect((await me(app, bram.phone.user.cookie)).statusCode).toBe(200)
  })

  it('has every user table follow the user by ON DELETE CASCADE too (foreign keys are on in SQLite)', async () => {
    const syncApp = await buildSyncTestApp(testDatabase)
    const { db } = syncApp
    const { phone } = await userWithData(syncApp)
    const userId = phone.user.user.id
    const clientIds = await clientIdsOf(db, userId)
    // Bypassing deleteAccount: the database alone must leave no orphan behind.
    await db.deleteFrom('users').where('id', '=', userId).execute()
    const after = await countsOf(syncApp, userId, clientIds)
    expect(Object.values(after).every((count) => count === 0), JSON.stringify(after)).toBe(true)
  })

  it('signs out every session of the user: the old cookies no longer work anywhere', async () => {
    const syncApp = await buildSyncTestApp(testDatabase)
    const { app } = syncApp
    const { phone, secondCookie } = await userWithData(syncApp)
    expect((await requestDelete(app, phone.user.cookie, { password: phone.user.password })).statusCode).toBe(204)

    for (const cookie of [phone.user.cookie, secondCookie]) {
      expect((await me(app, cookie)).statusCode).toBe(401)
      expect((await requestExport(app, cookie)).statusCode).toBe(401)
      expect((await requestDelete(app, cookie, { password: phone.user.password })).statusCode).toBe(401)
    }
    const pushed = await push(app, phone, [bookmarkSet(8, 'verhaal-b')])
    expect(pushed.statusCode).toBe(401)
    // The account is gone: its password no longer signs in, and the address is free again.
    const signIn = await login(app, phone.user.user.email, phone.user.password)
    expect(signIn.statusCode).toBe(401)
    expect(signIn.json<ApiError>().error.code).toBe('wrong_credentials')
    const again = await app.inject({
      method: 'POST',
      url: AUTH_PATHS.register,
      payload: { email: phone.user.user.email, displayName: 'Opnieuw', password: phone.user.password },
    })
    expect(again.statusCode).toBe(201)
  })

  it('answers 401 wrong_credentials to a wrong password, and deletes nothing', async () => {
    const syncApp = await buildSyncTestApp(testDatabase)
    const { app, db } = syncApp
    const { phone } = await userWithData(syncApp)
    const userId = phone.user.user.id
    const clientIds = await clientIdsOf(db, userId)
    const before = await countsOf(syncApp, userId, clientIds)

    const response = await requestDelete(app, phone.user.cookie, { password: 'niet-het-goede-wachtwoord' })
    expect(response.statusCode).toBe(401)
    expect(response.json<ApiError>().error.code).toBe('wrong_credentials')
    expect(response.cookies).toEqual([])
    expect(await countsOf(syncApp, userId, clientIds)).toEqual(before)
    expect((await me(app, phone.user.cookie)).statusCode).toBe(200)
  })

  it('slows down password guessing: 10 tries per user in 15 minutes, then 429', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const user = await registerUser(app)
    for (let attempt = 0; attempt < 10; attempt++) expect((await requestDelete(app, user.cookie, { password: `fout-${attempt}-xxxxx` })).statusCode).toBe(401)
    const refused = await requestDelete(app, user.cookie, { password: user.password })
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBeDefined()
    expect((await me(app, user.cookie)).statusCode).toBe(200)
  })

  it('answers 401 not_signed_in without a session', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const response = await requestDelete(app, null, { password: 'wat-dan-ook-1234' })
    expect(response.statusCode).toBe(401)
    expect(response.json<ApiError>().error.code).toBe('not_signed_in')
  })

  it.each([
    ['an Origin of another site', { host: HOST, origin: 'https://kwaadaardig.example' }, 403, 'bad_origin'],
    ['Sec-Fetch-Site: cross-site', { host: HOST, 'sec-fetch-site': 'cross-site' }, 403, 'bad_origin'],
    ['a body that is not JSON', { 'content-type': 'text/plain' }, 415, 'unsupported_media_type'],
  ])('refuses a DELETE with %s, and deletes nothing', async (_name, headers, status, code) => {
    const syncApp = await buildSyncTestApp(testDatabase)
    const { app, db } = syncApp
    const user = await registerUser(app)
    const before = await countsOf(syncApp, user.user.id, await clientIdsOf(db, user.user.id))
    const response = await requestDelete(app, user.cookie, { password: user.password }, headers)
    expect(response.statusCode).toBe(status)
    expect(response.json<ApiError>().error.code).toBe(code)
    expect(await countsOf(syncApp, user.user.id, [])).toEqual(before)
    expect((await me(app, user.cookie)).statusCode).toBe(200)
  })

  it('lets a DELETE from its own origin through', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const user = await registerUser(app)
    const response = await requestDelete(app, user.cookie, { password: user.password }, { host: HOST, origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' })
    expect(response.statusCode).toBe(204)
  })

  it.each([
    ['no password', {}],
    ['an extra field', { password: 'x', userId: 'someone-else' }],
    ['a password that is not a string', { password: 12345 }],
  ])('answers 400 invalid_request to a body with %s', async (_name, body) => {
    const { app } = await buildSyncTestApp(testDatabase)
    const user = await registerUser(app)
    const response = await requestDelete(app, user.cookie, body)
    expect(response.statusCode).toBe(400)
    expect(response.json<ApiError>().error.code).toBe('invalid_request')
    expect((await me(app, user.cookie)).statusCode).toBe(200)
  })
})
