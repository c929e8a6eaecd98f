// Whose data a request reaches: the session's user only, and a clientId belongs to one user ([C1]).
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import type { ApiError } from '../../../src/shared/api-error'
import { AUTH_PATHS } from '../../../src/shared/auth'
import { TEST_DATABASES } from '../helpers/test-databases'
import {
  bookmarkSet,
  bookmarksIn,
  buildSyncTestApp,
  clientRow,
  deviceOf,
  EVENTS_URL,
  noteDelete,
  notePurge,
  noteSave,
  notesIn,
  progressSet,
  pull,
  pullAll,
  push,
  pushOk,
  signedInDevice,
  storedState,
} from './sync-helpers'

describe.each(TEST_DATABASES)('sync isolation between users on $name', (testDatabase) => {
  it('[C1] refuses a push with another user’s clientId with 403 client_not_yours, and stores nothing', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const anna = await signedInDevice(app)
    await pushOk(app, anna, [bookmarkSet(1, 'verhaal-a'), noteSave(2, randomUUID(), 0, { body: 'van Anna' })])
    const annaBefore = await storedState(db, anna.user.user.id, anna.clientId)

    const bram = deviceOf((await signedInDevice(app)).user, { clientId: anna.clientId })
    const bramBefore = await storedState(db, bram.user.user.id, bram.clientId)
    for (const mutations of [[bookmarkSet(3, 'verhaal-b')], [bookmarkSet(1, 'verhaal-b')], []]) {
      const response = await push(app, bram, mutations)
      expect(response.statusCode).toBe(403)
      expect(response.json<ApiError>().error.code).toBe('client_not_yours')
    }
    expect(await storedState(db, anna.user.user.id, anna.clientId)).toEqual(annaBefore)
    const bramAfter = await storedState(db, bram.user.user.id, bram.clientId)
    expect({ ...bramAfter, client: undefined, rejected: undefined }).toEqual({ ...bramBefore, client: undefined, rejected: undefined })
    expect(bramAfter.version).toBeUndefined()
    expect((await clientRow(db, anna.clientId))?.user_id).toBe(anna.user.user.id)
  })

  it('[C1] refuses a pull with another user’s clientId with 403, and shows none of that user’s data', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const anna = await signedInDevice(app)
    await pushOk(app, anna, [bookmarkSet(1, 'verhaal-geheim'), noteSave(2, randomUUID(), 0, { body: 'Dagboek van Anna' })])
    const bram = deviceOf((await signedInDevice(app)).user, { clientId: anna.clientId })
    for (const cookie of [null, '0', '1']) {
      const response = await pull(app, bram, cookie)
      expect(response.statusCode).toBe(403)
      expect(response.json<ApiError>().error.code).toBe('client_not_yours')
      expect(response.body).not.toContain('geheim')
      expect(response.body).not.toContain('Dagboek')
    }
  })

  it('[C1] gives a new clientId to the first of two users who push with it at once', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    for (let round = 0; round < 5; round++) {
      const clientId = randomUUID()
      const anna = deviceOf((await signedInDevice(app)).user, { clientId })
      const bram = deviceOf((await signedInDevice(app)).user, { clientId })
      const responses = await Promise.all([push(app, anna, [bookmarkSet(1, 'verhaal-a')]), push(app, bram, [bookmarkSet(1, 'verhaal-b')])])
      expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 403])
      const owner = responses[0]!.statusCode === 200 ? anna : bram
      const refused = owner === anna ? bram : anna
      expect((await clientRow(db, clientId))?.user_id).toBe(owner.user.user.id)
      expect((await storedState(db, refused.user.user.id, clientId)).bookmarks).toEqual([])
    }
  })

  it('[C1] never shows a user another user’s rows, also for the same slugs and note ids', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const anna = await signedInDevice(app)
    const bram = await signedInDevice(app)
    const noteId = randomUUID()
    await pushOk(app, anna, [bookmarkSet(1, 'verhaal-a', true), progressSet(2, 'verhaal-a', 0.7), noteSave(3, noteId, 0, { title: 'Van Anna', body: 'Geheim' })])
    const annaBefore = await pullAll(app, { ...anna }, null)

    // Bram aims at Anna's note id: delete, purge and an edit "from" her revision.
    const attempt = await pushOk(app, bram, [noteDelete(1, noteId), notePurge(2, noteId), bookmarkSet(3, 'verhaal-a', false), noteSave(4, noteId, 1, { title: 'Van Bram' })])
    expect(attempt.rejected.map((r) => r.id)).toEqual([1, 2])

    const annaAfter = await pullAll(app, { ...anna }, null)
    expect(annaAfter).toEqual(annaBefore)
    expect(notesIn(annaAfter.changes)).toEqual([expect.objectContaining({ id: noteId, revision: 1, deletedAt: null, fields: expect.objectContaining({ title: 'Van Anna', body: 'Geheim' }) })])
    expect(bookmarksIn(annaAfter.changes)).toEqual([expect.objectContaining({ slug: 'verhaal-a', bookmarked: true })])

    // Bram's note with that id is his own, built on nothing of Anna's.
    const bramPulled = await pullAll(app, bram, null)
    expect(JSON.stringify(bramPulled)).not.toContain('Geheim')
    expect(JSON.stringify(bramPulled)).not.toContain('Van Anna')
    expect(notesIn(bramPulled.changes)).toEqual([expect.objectContaining({ id: noteId, conflictOf: null, fields: expect.objectContaining({ title: 'Van Bram', body: '' }) })])
    expect(bramPulled.changes.filter((c) => c.type === 'progress')).toEqual([])
    // A cookie from Anna's far larger history gives Bram only his own rows again.
    const annaNotes = await db.selectFrom('notes').select('id').where('user_id', '=', anna.user.user.id).execute()
    expect(annaNotes).toHaveLength(1)
    expect(await pullAll(app, { ...bram }, '999')).toEqual(bramPulled)
  })

  it('[C1] answers 401 not_signed_in to push, pull and events without a live session, and stores nothing', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const anna = await signedInDevice(app)
    const empty = await storedState(db, anna.user.user.id, anna.clientId)
    const loggedOut = await app.inject({ method: 'POST', url: AUTH_PATHS.logout, cookies: { [SESSION_COOKIE]: anna.user.cookie } })
    expect(loggedOut.statusCode).toBe(204)

    for (const sessionCookie of [null, 'x'.repeat(43), anna.user.cookie]) {
      const pushed = await push(app, anna, [bookmarkSet(1, 'verhaal-a')], { sessionCookie })
      expect(pushed.statusCode).toBe(401)
      expect(pushed.json<ApiError>().error.code).toBe('not_signed_in')
      const pulled = await pull(app, anna, null, { sessionCookie })
      expect(pulled.statusCode).toBe(401)
      expect(pulled.json<ApiError>().error.code).toBe('not_signed_in')
      const events = await app.inject({
        url: `${EVENTS_URL}?clientId=${anna.clientId}`,
        cookies: sessionCookie === null ? {} : { [SESSION_COOKIE]: sessionCookie },
      })
      expect(events.statusCode).toBe(401)
      expect(events.json<ApiError>().error.code).toBe('not_signed_in')
    }
    expect(await storedState(db, anna.user.user.id, anna.clientId)).toEqual(empty)
  })
})
