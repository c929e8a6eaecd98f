import 'fake-indexeddb/auto'
import Dexie from 'dexie'
import { describe, expect, it } from 'vitest'
import { flushDirtyProgress } from '../../../../src/client/db/progress-flush'
import { readAllProgress, readProgress } from '../../../../src/client/db/progress-db'
import { ensureClientId, writeMeta } from '../../../../src/client/db/sync-meta'
import {
  addLine,
  createNote,
  deleteNote,
  noteSyncState,
  pendingKeys,
  purgeNote,
  readBookmarks,
  readConflictCopies,
  readLines,
  readNote,
  readNotes,
  restoreNote,
  saveNote,
  saveProgress,
  setBookmark,
} from '../../../../src/client/db/user-actions'
import { pendingCount } from '../../../../src/client/db/pending-count'
import { UserDataDb } from '../../../../src/client/db/userdata'
import { emptyNoteFields } from '../../../../src/shared/sync/note'
import { makeNoteFields } from '../../../factories/sync-factory'
import { createTestUserData } from '../helpers/test-databases'

async function outboxIds(db: UserDataDb): Promise<number[]> {
  return (await db.outbox.toCollection().primaryKeys()) as number[]
}

describe('[C3] one transaction per action', () => {
  const failingOutbox = () => {
    throw new Error('disk trouble')
  }

  it.each([
    { action: 'setBookmark', run: (db: UserDataDb) => setBookmark(db, 'verhaal-a', true) },
    { action: 'createNote', run: (db: UserDataDb) => createNote(db, makeNoteFields()) },
    { action: 'saveNote', run: (db: UserDataDb) => saveNote(db, crypto.randomUUID(), makeNoteFields()) },
  ])('[C3] $action leaves neither row nor outbox entry when the outbox write fails', async ({ run }) => {
    const db = createTestUserData()
    db.outbox.hook('creating', failingOutbox)

    await expect(run(db)).rejects.toThrow('disk trouble')

    expect(await db.bookmarks.count()).toBe(0)
    expect(await db.notes.count()).toBe(0)
    expect(await db.outbox.count()).toBe(0)
  })

  it('[C3] deleteNote keeps the note out of the trash when its outbox entry fails', async () => {
    const db = createTestUserData()
    const id = await createNote(db, makeNoteFields(), 1000)
    db.outbox.hook('creating', failingOutbox)

    await expect(deleteNote(db, id, 2000)).rejects.toThrow('disk trouble')

    expect((await readNote(db, id))?.deletedAt).toBeNull()
    expect(await db.outbox.count()).toBe(1)
  })

  it('[C3] purgeNote keeps the note when its outbox entry fails', async () => {
    const db = createTestUserData()
    const id = await createNote(db, makeNoteFields(), 1000)
    db.outbox.hook('creating', failingOutbox)

    await expect(purgeNote(db, id)).rejects.toThrow('disk trouble')

    expect(await readNote(db, id)).toBeDefined()
  })

  it('[C2][C3] a failed action does not use up a mutation id', async () => {
    const db = createTestUserData()
    db.outbox.hook('creating', failingOutbox)
    await expect(setBookmark(db, 'verhaal-a', true)).rejects.toThrow()
    db.outbox.hook('creating').unsubscribe(failingOutbox)

    await setBookmark(db, 'verhaal-a', true)

    expect(await outboxIds(db)).toEqual([1])
  })
})

describe('[C2] mutation ids', () => {
  it('[C2] numbers mutations 1, 2, 3… across different actions, in the order they were made', async () => {
    const db = createTestUserData()

    await setBookmark(db, 'verhaal-a', true, 1000)
    const id = await createNote(db, makeNoteFields(), 2000)
    await setBookmark(db, 'verhaal-b', true, 3000)
    await deleteNote(db, id, 4000)
    await restoreNote(db, id, 5000)
    await purgeNote(db, id, 6000)

    const entries = await db.outbox.toArray()
    expect(entries.map((entry) => [entry.id, entry.name])).toEqual([
      [1, 'bookmark.set'],
      [2, 'note.save'],
      [3, 'bookmark.set'],
      [4, 'note.delete'],
      [5, 'note.restore'],
      [6, 'note.purge'],
    ])
    expect(entries.map((entry) => entry.at)).toEqual([1000, 2000, 3000, 4000, 5000, 6000])
  })

  it('[C2] never reuses a number after the outbox drains', async () => {
    const db = createTestUserData()
    await setBookmark(db, 'verhaal-a', true)
    await setBookmark(db, 'verhaal-b', true)
    await db.outbox.clear()

    await setBookmark(db, 'verhaal-c', true)

    expect(await outboxIds(db)).toEqual([3])
  })

  it('[C2] gives one reading position per story one id when the engine queues it', async () => {
    const db = createTestUserData()
    await setBookmark(db, 'verhaal-a', true)
    await saveProgress(db, 'verhaal-a', 0.2, 1000)
    await saveProgress(db, 'verhaal-a', 0.5, 2000)
    await saveProgress(db, 'verhaal-b', 0.9, 3000)

    expect(await flushDirtyProgress(db)).toBe(2)

    const entries = (await db.outbox.toArray()).filter((entry) => entry.name === 'progress.set')
    expect(entries).toEqual([
      { id: 2, name: 'progress.set', args: { slug: 'verhaal-a', position: 0.5 }, at: 2000, key: 'progress:verhaal-a' },
      { id: 3, name: 'progress.set', args: { slug: 'verhaal-b', position: 0.9 }, at: 3000, key: 'progress:verhaal-b' },
    ])
  })
})

describe('[C1] the device id', () => {
  it('[C1] makes one random clientId per database and keeps it', async () => {
    const db = createTestUserData()
    const other = createTestUserData()

    const first = await ensureClientId(db)

    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(await ensureClientId(db)).toBe(first)
    expect(await ensureClientId(other)).not.toBe(first)
  })
})

describe('notes', () => {
  it('[N1] createNote stores a never-synced note and queues its save from revision 0', async () => {
    const db = createTestUserData()

    const id = await createNote(db, { title: 'Sessie 1' }, 1000)

    expect(await readNote(db, id)).toEqual({
      id, revision: 0, fields: { ...emptyNoteFields(), title: 'Sessie 1' }, createdAt: 1000, updatedAt: 1000, deletedAt: null, conflictOf: null, conflictDevice: null,
    })
    expect(await db.outbox.toArray()).toEqual([
      { id: 1, name: 'note.save', args: { id, baseRevision: 0, fields: { ...emptyNoteFields(), title: 'Sessie 1' } }, at: 1000, key: `note:${id}` },
    ])
  })

  it('[N1] saveNote takes baseRevision from the revision the row is based on', async () => {
    const db = createTestUserData()
    const id = crypto.randomUUID()
    await db.notes.put({ id, revision: 7, fields: makeNoteFields(), createdAt: 1, updatedAt: 1, deletedAt: null, conflictOf: null, conflictDevice: null })

    await saveNote(db, id, makeNoteFields({ saw: 'Veel mensen liepen door.' }), 2000)

    const [entry] = await db.outbox.toArray()
    expect(entry?.args).toEqual({ id, baseRevision: 7, fields: makeNoteFields({ saw: 'Veel mensen liepen door.' }) })
    expect(await readNote(db, id)).toMatchObject({ revision: 7, createdAt: 1, updatedAt: 2000, fields: { saw: 'Veel mensen liepen door.' } })
  })

  it('[N2][L3] a save made on an older revision than the row has now goes on that revision; the row’s version waits as held back', async () => {
    const db = createTestUserData()
    const id = crypto.randomUUID()
    const pulled = { id, revision: 8, fields: makeNoteFields({ did: 'Van de laptop' }), createdAt: 1, updatedAt: 1500, deletedAt: null, conflictOf: null, conflictDevice: null }
    await db.notes.put(pulled)

    // Her editor loaded revision 7 and she typed on while revision 8 was pulled.
    await saveNote(db, id, makeNoteFields({ saw: 'Veel mensen liepen door.' }), 2000, 7)
    await saveNote(db, id, makeNoteFields({ saw: 'Veel mensen liepen door, en meer.' }), 2100, 7)

    expect((await db.outbox.toArray()).map((entry) => entry.args)).toEqual([{ id, baseRevision: 7, fields: makeNoteFields({ saw: 'Veel mensen liepen door, en meer.' }) }])
    expect(await readNote(db, id)).toMatchObject({ revision: 7, updatedAt: 2100, fields: { saw: 'Veel mensen liepen door, en meer.' } })
    expect(await db.deferred.toArray()).toEqual([{ key: `note:${id}`, change: { type: 'note', note: pulled } }])
  })

  it('[C2] folds saves typed before a push into the one unsent entry, and starts a new one once it was sent', async () => {
    const db = createTestUserData()
    const id = await createNote(db, { title: 'S' }, 1000)
    await saveNote(db, id, makeNoteFields({ title: 'Se' }), 1100)
    await saveNote(db, id, makeNoteFields({ title: 'Ses' }), 1200)

    expect(await db.outbox.toArray()).toEqual([
      { id: 1, name: 'note.save', args: { id, baseRevision: 0, fields: makeNoteFields({ title: 'Ses' }) }, at: 1200, key: `note:${id}` },
    ])

    await writeMeta(db, 'pushedThrough', 1)
    await saveNote(db, id, makeNoteFields({ title: 'Sessie' }), 1300)

    expect(await outboxIds(db)).toEqual([1, 2])
    expect((await db.outbox.get(1))?.args).toMatchObject({ fields: { title: 'Ses' } })
  })

  it('[C2] does not fold a save into one made before a later delete of the same note', async () => {
    const db = createTestUserData()
    const id = await createNote(db, { title: 'A' }, 1000)
    await deleteNote(db, id, 1100)

    await saveNote(db, id, makeNoteFields({ title: 'B' }), 1200)

    expect((await db.outbox.toArray()).map((entry) => entry.name)).toEqual(['note.save', 'note.delete', 'note.save'])
  })

  it('stores plain copies of the fields, so reactive proxies can be saved', async () => {
    const db = createTestUserData()
    const fields = new Proxy(makeNoteFields({ tags: ['buurt'] }), {})

    const id = await createNote(db, fields)

    expect((await readNote(db, id))?.fields.tags).toEqual(['buurt'])
  })

  it('[N5] deleteNote moves the note to the trash, restoreNote takes it out, and an edit restores it too', async () => {
    const db = createTestUserData()
    const id = await createNote(db, makeNoteFields(), 1000)

    await deleteNote(db, id, 2000)
    expect((await readNote(db, id))?.deletedAt).toBe(2000)
    await restoreNote(db, id, 3000)
    expect((await readNote(db, id))?.deletedAt).toBeNull()
    await deleteNote(db, id, 4000)
    await saveNote(db, id, makeNoteFields({ body: 'toch nodig' }), 5000)

    expect((await readNote(db, id))?.deletedAt).toBeNull()
  })

  it('[N5] deleting a note twice or restoring one that is not deleted queues nothing', async () => {
    const db = createTestUserData()
    const id = await createNote(db, makeNoteFields(), 1000)
    await deleteNote(db, id)

    await deleteNote(db, id)
    await restoreNote(db, id)
    await restoreNote(db, id)

    expect((await db.outbox.toArray()).map((entry) => entry.name)).toEqual(['note.save', 'note.delete', 'note.restore'])
  })

  it('[N7] purgeNote removes the local row, drops a held-back server version, and queues the purge', async () => {
    const db = createTestUserData()
    const id = await createNote(db, makeNoteFields(), 1000)
    await db.deferred.put({ key: `note:${id}`, change: { type: 'note-purged', id } })

    await purgeNote(db, id, 2000)

    expect(await readNote(db, id)).toBeUndefined()
    expect(await db.deferred.count()).toBe(0)
    expect((await db.outbox.toArray()).at(-1)).toEqual({ id: 2, name: 'note.purge', args: { id }, at: 2000, key: `note:${id}` })
  })

  it('readNotes lists every note not purged, trash included, most recently changed first', async () => {
    const db = createTestUserData()
    const old = await createNote(db, { title: 'oud' }, 1000)
    const recent = await createNote(db, { title: 'nieuw' }, 3000)
    const trashed = await createNote(db, { title: 'weg' }, 2000)
    const purged = await createNote(db, { title: 'echt weg' }, 2500)
    await deleteNote(db, trashed, 2000)
    await purgeNote(db, purged)

    expect((await readNotes(db)).map((note) => note.id)).toEqual([recent, trashed, old])
  })

  it('[N3] readConflictCopies finds the copies beside a note', async () => {
    const db = createTestUserData()
    const id = await createNote(db, makeNoteFields())
    const copy = { id: crypto.randomUUID(), revision: 1, fields: makeNoteFields(), createdAt: 1, updatedAt: 1, deletedAt: null, conflictOf: id, conflictDevice: 'android' }
    await db.notes.put(copy)

    expect(await readConflictCopies(db, id)).toEqual([copy])
  })
})

describe('[B1] bookmarks', () => {
  it('[B1] setBookmark writes the register and queues it; a removal stays as a tombstone', async () => {
    const db = createTestUserData()

    await setBookmark(db, 'werkvorm-a', true, 1000)
    await setBookmark(db, 'werkvorm-b', true, 2000)
    await setBookmark(db, 'werkvorm-a', false, 3000)

    expect(await db.bookmarks.get('werkvorm-a')).toEqual({ slug: 'werkvorm-a', bookmarked: 0, updatedAt: 3000 })
    expect((await readBookmarks(db)).map((row) => row.slug)).toEqual(['werkvorm-b'])
    expect((await db.outbox.toArray()).map((entry) => entry.args)).toEqual([
      { slug: 'werkvorm-a', bookmarked: true },
      { slug: 'werkvorm-b', bookmarked: true },
      { slug: 'werkvorm-a', bookmarked: false },
    ])
  })
})

describe('reading progress', () => {
  it('[R1] saveProgress marks the row dirty and queues nothing', async () => {
    const db = createTestUserData()

    await saveProgress(db, 'verhaal-a', 0.4, 1000)

    expect(await db.progress.get('verhaal-a')).toEqual({ slug: 'verhaal-a', position: 0.4, updatedAt: 1000, isDirty: 1 })
    expect(await readProgress(db, 'verhaal-a')).toEqual({ slug: 'verhaal-a', position: 0.4, updatedAt: 1000 })
    expect(await db.outbox.count()).toBe(0)
  })

  it('[R1] flushing clears the dirty mark, and a later scroll marks it again', async () => {
    const db = createTestUserData()
    await saveProgress(db, 'verhaal-a', 0.4, 1000)

    await flushDirtyProgress(db)
    expect((await db.progress.get('verhaal-a'))?.isDirty).toBe(0)
    expect(await flushDirtyProgress(db)).toBe(0)

    await saveProgress(db, 'verhaal-a', 0.6, 2000)
    expect((await db.progress.get('verhaal-a'))?.isDirty).toBe(1)
  })

  it('keeps reading positions from before sync existed, marked to be sent', async () => {
    const name = `test-userdata-${crypto.randomUUID()}`
    const v1 = new Dexie(name)
    v1.version(1).stores({ progress: 'slug, updatedAt' })
    await v1.table('progress').put({ slug: 'verhaal-a', position: 0.3, updatedAt: 1000 })
    v1.close()

    const db = new UserDataDb(name)
    try {
      expect(await readAllProgress(db)).toEqual([{ slug: 'verhaal-a', position: 0.3, updatedAt: 1000 }])
      expect((await db.progress.get('verhaal-a'))?.isDirty).toBe(1)
      expect(await db.notes.count()).toBe(0)
    } finally {
      await db.delete()
    }
  })
})

describe('pending changes for the UI', () => {
  it('pendingCount counts outbox entries and dirty reading positions; pendingKeys names the rows', async () => {
    const db = createTestUserData()
    const id = await createNote(db, makeNoteFields())
    await setBookmark(db, 'werkvorm-a', true)
    await setBookmark(db, 'werkvorm-a', false)
    await saveProgress(db, 'verhaal-a', 0.5)

    expect(await pendingCount(db)).toBe(4)
    expect(await pendingKeys(db)).toEqual(new Set([`note:${id}`, 'bookmark:werkvorm-a']))
  })

  it.each([
    { note: { revision: 0, conflictOf: null }, isQueued: true, hasAccount: false, state: 'local' },
    { note: { revision: 0, conflictOf: null }, isQueued: true, hasAccount: true, state: 'queued' },
    { note: { revision: 3, conflictOf: null }, isQueued: true, hasAccount: true, state: 'queued' },
    { note: { revision: 3, conflictOf: null }, isQueued: false, hasAccount: true, state: 'synced' },
    { note: { revision: 0, conflictOf: null }, isQueued: false, hasAccount: true, state: 'local' },
    { note: { revision: 1, conflictOf: 'other-note' }, isQueued: false, hasAccount: true, state: 'conflict' },
  ] as const)('noteSyncState: revision $note.revision, queued $isQueued, account $hasAccount → $state', ({ note, isQueued, hasAccount, state }) => {
    const id = 'a0000000-0000-4000-8000-000000000000'
    const keys = new Set(isQueued ? [`note:${id}`] : [])

    expect(noteSyncState({ id, ...note }, keys, hasAccount)).toBe(state)
  })
})

describe('[N9] quick-log lines', () => {
  it('[C3][N9] addLine writes the line and its note.addLine entry in one transaction, keyed by the line', async () => {
    const db = createTestUserData()
    const noteId = await createNote(db, makeNoteFields({ title: 'Sessie' }), 1000)

    const line = await addLine(db, noteId, '  Start met 12 mensen  ', 2000)

    expect(line).toEqual({ id: expect.any(String), noteId, text: 'Start met 12 mensen', at: 2000 })
    expect(await readLines(db, noteId)).toEqual([line])
    const entry = (await db.outbox.toArray()).at(-1)
    expect(entry).toMatchObject({ name: 'note.addLine', args: { noteId, id: line!.id, text: 'Start met 12 mensen' }, at: 2000, key: `line:${noteId}:${line!.id}` })
    // The note's own save entry is untouched: a line never folds into or holds back the note's saves.
    expect((await db.outbox.toArray()).map((row) => row.name)).toEqual(['note.save', 'note.addLine'])
    expect(noteSyncState({ id: noteId, revision: 3, conflictOf: null }, await pendingKeys(db), true)).toBe('queued')
  })

  it('[C3][N9] writes neither the line nor its outbox entry when the transaction fails', async () => {
    const db = createTestUserData()
    const noteId = await createNote(db, makeNoteFields(), 1000)
    db.outbox.hook('creating', () => {
      throw new Error('disk full')
    })

    await expect(addLine(db, noteId, 'Weg?', 2000)).rejects.toThrow('disk full')

    expect(await readLines(db, noteId)).toEqual([])
    expect(await outboxIds(db)).toEqual([1])
  })

  it('[N9] ignores blank lines, and readLines gives the note’s lines in time order, ties by id', async () => {
    const db = createTestUserData()
    expect(await addLine(db, 'note-a', '   ', 1000)).toBeUndefined()
    const late = await addLine(db, 'note-a', 'Later', 3000)
    const early = await addLine(db, 'note-a', 'Vroeg', 1000)
    const tieA = await addLine(db, 'note-a', 'Tegelijk', 2000)
    const tieB = await addLine(db, 'note-a', 'Ook tegelijk', 2000)
    await addLine(db, 'note-b', 'Andere notitie', 1500)

    const ties = [tieA!, tieB!].sort((a, b) => (a.id < b.id ? -1 : 1))
    expect((await readLines(db, 'note-a')).map((line) => line.id)).toEqual([early!.id, ...ties.map((line) => line.id), late!.id])
  })

  it('[N9][N7] purging a note deletes its lines on this device', async () => {
    const db = createTestUserData()
    const noteId = await createNote(db, makeNoteFields(), 1000)
    await addLine(db, noteId, 'Eén', 2000)
    await purgeNote(db, noteId, 3000)
    expect(await readLines(db, noteId)).toEqual([])
  })

  it('[N9] upgrading a version-2 database keeps its notes and pulls everything once more (lines were not sent before)', async () => {
    const name = `test-userdata-${crypto.randomUUID()}`
    const v2 = new Dexie(name)
    v2.version(1).stores({ progress: 'slug, updatedAt' })
    v2.version(2).stores({ progress: 'slug, updatedAt, isDirty', bookmarks: 'slug', notes: 'id, updatedAt, conflictOf', outbox: 'id, key', deferred: 'key', meta: 'key' })
    await v2.table('meta').bulkPut([{ key: 'cookie', value: '42' }, { key: 'clientId', value: 'apparaat-1' }])
    await v2.table('notes').put({ id: 'n1', updatedAt: 1 })
    v2.close()

    const db = new UserDataDb(name)
    try {
      expect(await db.meta.get('cookie')).toBeUndefined()
      expect(await db.meta.get('clientId')).toEqual({ key: 'clientId', value: 'apparaat-1' })
      expect(await db.notes.count()).toBe(1)
      expect(await db.lines.count()).toBe(0)
    } finally {
      await db.delete()
    }
  })
})
