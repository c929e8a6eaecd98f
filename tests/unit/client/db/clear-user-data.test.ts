import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { ensureClientId } from '../../../../src/client/db/sync-meta'
import { pendingCount } from '../../../../src/client/db/pending-count'
import { createNote, readNotes, setBookmark } from '../../../../src/client/db/user-actions'
import { clearUserData } from '../../../../src/client/db/userdata'
import { saveProgress } from '../../../../src/client/db/progress-db'
import { createTestUserData } from '../helpers/test-databases'

describe('clearUserData (sign-out, deleted account)', () => {
  it('[C1] leaves a fresh device: no notes, bookmarks, positions or outbox, and a new clientId', async () => {
    const db = createTestUserData()
    const before = await ensureClientId(db)
    await createNote(db, { title: 'Van Anne' })
    await setBookmark(db, 'werkvorm-pre-mortem', true)
    await saveProgress(db, 'verhaal-a', 0.5)

    await clearUserData(db)

    expect(await readNotes(db)).toEqual([])
    expect(await db.bookmarks.count()).toBe(0)
    expect(await db.progress.count()).toBe(0)
    expect(await pendingCount(db)).toBe(0)
    expect(await ensureClientId(db)).not.toBe(before)
  })
})
