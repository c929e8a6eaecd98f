// [P4] Changes the real server refused for good are kept on the device until she has read about them.
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { clearRejected, readRejected, recordRejected, REJECTED_KEPT } from '../../../../src/client/db/rejected-changes'
import { createNote, deleteNote, purgeNote, setBookmark } from '../../../../src/client/db/user-actions'
import { expectSynced, twoDevices } from '../helpers/sync-server'
import { createTestUserData } from '../helpers/test-databases'

describe('rejected changes', () => {
  it('keeps what the server refused, once, even when a repeated push hears it again', async () => {
    const { a } = await twoDevices()
    await setBookmark(a.db, 'Geen Geldige Slug!', true)
    await setBookmark(a.db, 'werkvorm-stille-brainstorm', true)
    await expectSynced(a)

    await recordRejected(a.db, a.rejected)
    await recordRejected(a.db, a.rejected)

    expect(await readRejected(a.db)).toEqual([{ id: 1, name: 'bookmark.set', reason: expect.stringContaining('slug') }])
    await clearRejected(a.db)
    expect(await readRejected(a.db)).toEqual([])
  })

  it('does not tell her about a change to a note another device deleted for good', async () => {
    const { a, b } = await twoDevices()
    const id = await createNote(a.db, { title: 'Retro' })
    await expectSynced(a)
    await expectSynced(b)
    await deleteNote(b.db, id)
    await purgeNote(b.db, id)
    await expectSynced(b)

    await deleteNote(a.db, id)
    await expectSynced(a)

    expect(a.rejected).toEqual([expect.objectContaining({ name: 'note.delete', reason: 'note.delete: no such note' })])
    await recordRejected(a.db, a.rejected)
    expect(await readRejected(a.db)).toEqual([])
  })

  it(`keeps the newest ${REJECTED_KEPT}, in mutation order`, async () => {
    const db = createTestUserData()
    const refusals = Array.from({ length: REJECTED_KEPT + 5 }, (_, index) => ({ id: index + 1, name: 'note.save', reason: 'note.save: fields.title too long' }))
    await recordRejected(db, refusals.slice(10).reverse())
    await recordRejected(db, refusals.slice(0, 10))

    expect((await readRejected(db)).map((change) => change.id)).toEqual(refusals.slice(-REJECTED_KEPT).map((change) => change.id))
  })
})
