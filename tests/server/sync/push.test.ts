// POST /api/v1/sync/push: order, idempotence, gaps and poison mutations ([P1]–[P4]).
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { PushResponse } from '../../../src/shared/sync/protocol'
import { TEST_DATABASES } from '../helpers/test-databases'
import {
  bookmarkSet,
  bookmarksIn,
  buildSyncTestApp,
  clientRow,
  notesIn,
  noteSave,
  progressSet,
  pullAll,
  push,
  pushOk,
  rawMutation,
  signedInDevice,
  storedState,
  userVersion,
} from './sync-helpers'

describe.each(TEST_DATABASES)('sync push on $name', (testDatabase) => {
  it('[P1] applies the mutations of a push in order, with the device’s new lastMutationId', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const noteId = randomUUID()
    const response = await pushOk(app, phone, [
      bookmarkSet(1, 'verhaal-a', true),
      bookmarkSet(2, 'verhaal-a', false),
      bookmarkSet(3, 'verhaal-a', true),
      progressSet(4, 'column-b', 0.25),
      noteSave(5, noteId, 0, { title: 'Eerste' }),
      noteSave(6, noteId, 1, { title: 'Tweede' }),
    ])
    expect(response).toEqual({ lastMutationId: 6, rejected: [] })

    const bookmark = await db.selectFrom('bookmarks').selectAll().where('user_id', '=', phone.user.user.id).executeTakeFirstOrThrow()
    expect(bookmark).toMatchObject({ slug: 'verhaal-a', bookmarked: 1, updated_at: 1_000_003 })
    const note = await db.selectFrom('notes').selectAll().where('user_id', '=', phone.user.user.id).executeTakeFirstOrThrow()
    expect(note.revision).toBe(2)
    expect(JSON.parse(note.fields)).toMatchObject({ title: 'Tweede' })
    expect((await clientRow(db, phone.clientId))?.last_mutation_id).toBe(6)
    // One change version per mutation that changed something.
    expect(await userVersion(db, phone.user.user.id)).toBe(6)

    const pulled = await pullAll(app, phone, null)
    expect(pulled.lastMutationId).toBe(6)
    expect(pulled.cookie).toBe('6')
    expect(bookmarksIn(pulled.changes)).toEqual([{ type: 'bookmark', slug: 'verhaal-a', bookmarked: true, updatedAt: 1_000_003 }])
    expect(notesIn(pulled.changes).map((n) => [n.revision, n.fields.title])).toEqual([[2, 'Tweede']])
  })

  it('[P2] applies a repeated push once: a lost acknowledgement, then the same push again', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const noteId = randomUUID()
    await pushOk(app, phone, [bookmarkSet(1, 'verhaal-a', true), noteSave(2, noteId, 0, { body: 'regel' })])
    const before = await pullAll(app, phone, null)

    // The device toggles the bookmark off and edits the note; the answer is lost, so it sends it all again.
    const batch = [bookmarkSet(3, 'verhaal-a', false), noteSave(4, noteId, 1, { body: 'regel\nnog een' })]
    const first = await pushOk(app, phone, batch)
    const stateAfterFirst = await storedState(db, phone.user.user.id, phone.clientId)
    for (let retry = 0; retry < 3; retry++) {
      expect(await pushOk(app, phone, batch)).toEqual({ lastMutationId: 4, rejected: [] })
    }
    expect(first).toEqual({ lastMutationId: 4, rejected: [] })
    const { client: clientAfterFirst, ...rowsAfterFirst } = stateAfterFirst
    const { client: clientNow, ...rowsNow } = await storedState(db, phone.user.user.id, phone.clientId)
    expect(rowsNow).toEqual(rowsAfterFirst)
    expect(clientNow?.last_mutation_id).toBe(clientAfterFirst?.last_mutation_id)

    // Toggled once: still off. Edited once: one revision more.
    const after = await pullAll(app, phone, before.cookie)
    expect(Number(after.cookie)).toBe(Number(before.cookie) + 2)
    expect(after.lastMutationId).toBe(4)
    expect(bookmarksIn(after.changes)).toEqual([expect.objectContaining({ slug: 'verhaal-a', bookmarked: false })])
    expect(notesIn(after.changes).map((n) => [n.revision, n.fields.body])).toEqual([[2, 'regel\nnog een']])
  })

  it('[P2] skips the acknowledged part of a retry that carries new mutations too', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const noteId = randomUUID()
    await pushOk(app, phone, [noteSave(1, noteId, 0, { body: 'a' }), bookmarkSet(2, 'verhaal-a', true)])
    // The retry repeats 1 and 2 and adds 3 and 4.
    const response = await pushOk(app, phone, [
      noteSave(1, noteId, 0, { body: 'a' }),
      bookmarkSet(2, 'verhaal-a', true),
      bookmarkSet(3, 'verhaal-a', false),
      progressSet(4, 'verhaal-a', 0.5),
    ])
    expect(response).toEqual({ lastMutationId: 4, rejected: [] })
    expect(await userVersion(db, phone.user.user.id)).toBe(4)
    const notes = await db.selectFrom('notes').select(['revision']).where('user_id', '=', phone.user.user.id).execute()
    expect(notes).toEqual([{ revision: 1 }])
    // A push that holds only acknowledged mutations changes nothing and answers the same id.
    expect(await pushOk(app, phone, [bookmarkSet(2, 'verhaal-a', true)])).toEqual({ lastMutationId: 4, rejected: [] })
    expect(await pushOk(app, phone, [])).toEqual({ lastMutationId: 4, rejected: [] })
    expect(await userVersion(db, phone.user.user.id)).toBe(4)
  })

  it('[P1][P2] applies duplicate concurrent pushes of one batch once, and both answer the same lastMutationId', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const noteId = randomUUID()
    let nextId = 1
    let revision = 0
    for (let round = 0; round < 8; round++) {
      const batch = [
        bookmarkSet(nextId, `verhaal-${round}`, true),
        progressSet(nextId + 1, 'column-b', round / 10, 2_000_000 + round),
        noteSave(nextId + 2, noteId, revision, { body: `ronde ${round}` }),
      ]
      nextId += batch.length
      const responses = await Promise.all([push(app, phone, batch), push(app, phone, batch), push(app, phone, batch)])
      for (const response of responses) {
        expect(response.statusCode, response.body).toBe(200)
        expect(response.json<PushResponse>()).toEqual({ lastMutationId: nextId - 1, rejected: [] })
      }
      revision++
      const note = await db.selectFrom('notes').select(['revision', 'fields']).where('user_id', '=', phone.user.user.id).where('id', '=', noteId).executeTakeFirstOrThrow()
      expect(note.revision).toBe(revision)
      expect(JSON.parse(note.fields)).toMatchObject({ body: `ronde ${round}` })
    }
    expect(await userVersion(db, phone.user.user.id)).toBe(nextId - 1)
    expect(await db.selectFrom('note_revisions').select('revision').where('user_id', '=', phone.user.user.id).execute()).toHaveLength(8)
    const conflictCopies = await db.selectFrom('notes').select('id').where('user_id', '=', phone.user.user.id).where('conflict_of', 'is not', null).execute()
    expect(conflictCopies).toEqual([])
  })

  it('[P3] stops the batch at a gap (1, 2, 4 → 2) and a later push with 3, 4 continues', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const response = await pushOk(app, phone, [bookmarkSet(1, 'een'), bookmarkSet(2, 'twee'), bookmarkSet(4, 'vier')])
    expect(response).toEqual({ lastMutationId: 2, rejected: [] })
    const slugs = () => db.selectFrom('bookmarks').select('slug').where('user_id', '=', phone.user.user.id).orderBy('slug').execute()
    expect((await slugs()).map((row) => row.slug)).toEqual(['een', 'twee'])
    expect(await userVersion(db, phone.user.user.id)).toBe(2)
    expect((await pullAll(app, phone, null)).lastMutationId).toBe(2)

    expect(await pushOk(app, phone, [bookmarkSet(3, 'drie'), bookmarkSet(4, 'vier')])).toEqual({ lastMutationId: 4, rejected: [] })
    expect((await slugs()).map((row) => row.slug)).toEqual(['drie', 'een', 'twee', 'vier'])
    expect((await pullAll(app, phone, null)).lastMutationId).toBe(4)
  })

  it('[P3] applies nothing past the first gap when the ids come out of order (2 before 1)', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    expect(await pushOk(app, phone, [bookmarkSet(2, 'twee'), bookmarkSet(1, 'een'), bookmarkSet(3, 'drie')])).toEqual({ lastMutationId: 0, rejected: [] })
    expect(await db.selectFrom('bookmarks').selectAll().where('user_id', '=', phone.user.user.id).execute()).toEqual([])
    expect(await userVersion(db, phone.user.user.id)).toBe(0)

    // With 1 first it applies 1 and 2, then stops at the gap before 4.
    expect(await pushOk(app, phone, [bookmarkSet(1, 'een'), bookmarkSet(2, 'twee'), bookmarkSet(4, 'vier'), bookmarkSet(3, 'drie')])).toEqual({
      lastMutationId: 2,
      rejected: [],
    })
    expect(await pushOk(app, phone, [bookmarkSet(3, 'drie'), bookmarkSet(4, 'vier')])).toEqual({ lastMutationId: 4, rejected: [] })
    const pulled = await pullAll(app, phone, null)
    expect(pulled.lastMutationId).toBe(4)
    expect(bookmarksIn(pulled.changes).map((change) => change.slug)).toEqual(['een', 'twee', 'drie', 'vier'])
  })

  it('[P4] rejects poison mutations mid-batch with a reason, records them, advances lastMutationId and applies the rest', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const response = await pushOk(app, phone, [
      bookmarkSet(1, 'verhaal-a'),
      rawMutation(2, 'bookmark.explode', { slug: 'verhaal-a' }),
      rawMutation(3, 'bookmark.set', { slug: 'verhaal-b', bookmarked: 'ja' }),
      rawMutation(4, 'bookmark.set', { slug: 'verhalen/verhaal-c', bookmarked: true }),
      rawMutation(5, 'progress.set', { slug: 'verhaal-a', position: 2 }),
      rawMutation(6, 'bookmark.set', { slug: 'verhaal-d', bookmarked: true, colour: 'rood' }),
      rawMutation(7, 'constructor', {}),
      rawMutation(8, 'note.save', { id: 'geen-uuid', baseRevision: 0, fields: {} }),
      rawMutation(9, 'bookmark.set', null),
      bookmarkSet(10, 'verhaal-e'),
      progressSet(11, 'verhaal-a', 0.5),
    ])
    expect(response.lastMutationId).toBe(11)
    expect(response.rejected.map((r) => r.id)).toEqual([2, 3, 4, 5, 6, 7, 8, 9])
    const reasons = new Map(response.rejected.map((r) => [r.id, r.reason]))
    expect(reasons.get(2)).toMatch(/unknown mutation "bookmark\.explode"/)
    expect(reasons.get(3)).toMatch(/bookmarked/)
    expect(reasons.get(4)).toMatch(/slug/)
    expect(reasons.get(5)).toMatch(/position/)
    expect(reasons.get(6)).toMatch(/colour/)
    expect(reasons.get(7)).toMatch(/unknown mutation "constructor"/)
    expect(reasons.get(8)).toMatch(/id/)
    expect(reasons.get(9)).toMatch(/args/)

    const recorded = await db.selectFrom('rejected_mutations').selectAll().where('client_id', '=', phone.clientId).orderBy('mutation_id').execute()
    expect(recorded.map((row) => [row.mutation_id, row.reason])).toEqual(response.rejected.map((r) => [r.id, r.reason]))
    expect(recorded.map((row) => row.name)).toEqual(['bookmark.explode', 'bookmark.set', 'bookmark.set', 'progress.set', 'bookmark.set', 'constructor', 'note.save', 'bookmark.set'])

    const bookmarks = await db.selectFrom('bookmarks').select('slug').where('user_id', '=', phone.user.user.id).orderBy('slug').execute()
    expect(bookmarks.map((row) => row.slug)).toEqual(['verhaal-a', 'verhaal-e'])
    const progress = await db.selectFrom('progress').select(['slug', 'position']).where('user_id', '=', phone.user.user.id).execute()
    expect(progress).toEqual([{ slug: 'verhaal-a', position: 0.5 }])
    expect(await userVersion(db, phone.user.user.id)).toBe(3)
    expect((await pullAll(app, phone, null)).lastMutationId).toBe(11)

    // The same push again (its answer was lost): nothing new is applied or recorded, the device moves
    // on, and it hears again that 2 was rejected, with the reason given the first time.
    expect(await pushOk(app, phone, [rawMutation(2, 'bookmark.explode', {}), bookmarkSet(12, 'verhaal-f')])).toEqual({
      lastMutationId: 12,
      rejected: [{ id: 2, reason: reasons.get(2) }],
    })
    expect(await pushOk(app, phone, [bookmarkSet(1, 'verhaal-a'), bookmarkSet(10, 'verhaal-e')])).toEqual({ lastMutationId: 12, rejected: [] })
    expect(await db.selectFrom('rejected_mutations').select('mutation_id').where('client_id', '=', phone.clientId).execute()).toHaveLength(8)
  })

  it('[P4] rejects a batch made only of poison mutations and still advances past it', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const response = await pushOk(app, phone, [rawMutation(1, 'note.teleport', {}), rawMutation(2, 'progress.set', { slug: 'a', position: -0.1 })])
    expect(response.lastMutationId).toBe(2)
    expect(response.rejected.map((r) => r.id)).toEqual([1, 2])
    expect(await userVersion(db, phone.user.user.id)).toBe(0)
    const pulled = await pullAll(app, phone, null)
    expect(pulled).toMatchObject({ lastMutationId: 2, changes: [], cookie: '0' })
  })
})
