import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { readProgress } from '../../../../src/client/db/progress-db'
import { readMeta, writeMeta } from '../../../../src/client/db/sync-meta'
import { addLine, createNote, deleteNote, readLines, readNote, saveNote, saveProgress, setBookmark } from '../../../../src/client/db/user-actions'
import type { UserDataDb } from '../../../../src/client/db/userdata'
import { flushDirtyProgress } from '../../../../src/client/db/progress-flush'
import { applyPullPage } from '../../../../src/client/sync/apply-pull'
import {
  bookmarkChange,
  makeNoteFields,
  makePullResponse,
  makeSyncedNote,
  noteChange,
  noteLineChange,
  notePurgedChange,
  progressChange,
} from '../../../factories/sync-factory'
import { createTestUserData } from '../helpers/test-databases'

async function outboxIds(db: UserDataDb): Promise<number[]> {
  return (await db.outbox.toCollection().primaryKeys()) as number[]
}

describe('[C4] acknowledgement', () => {
  it('[C4] drops outbox entries only up to the lastMutationId the pull answered', async () => {
    const db = createTestUserData()
    for (const slug of ['a', 'b', 'c', 'd']) await setBookmark(db, `verhaal-${slug}`, true)

    await applyPullPage(db, makePullResponse({ lastMutationId: 2 }))

    expect(await outboxIds(db)).toEqual([3, 4])
  })

  it('[C4] stores the cookie and lastMutationId with the page', async () => {
    const db = createTestUserData()

    const result = await applyPullPage(db, makePullResponse({ cookie: '42', lastMutationId: 0 }))

    expect(await readMeta(db, 'cookie')).toBe('42')
    expect(await readMeta(db, 'lastMutationId')).toBe(0)
    expect(result).toEqual({ acknowledged: 0, applied: 0, deferred: 0 })
  })

  it('[C4][L3] changes nothing when applying the page fails half-way', async () => {
    const db = createTestUserData()
    await setBookmark(db, 'verhaal-a', true)
    db.notes.hook('creating', () => {
      throw new Error('disk trouble')
    })

    const page = makePullResponse({ cookie: '9', lastMutationId: 1, changes: [bookmarkChange('verhaal-b'), noteChange(makeSyncedNote())] })
    await expect(applyPullPage(db, page)).rejects.toThrow('disk trouble')

    expect(await outboxIds(db)).toEqual([1])
    expect(await readMeta(db, 'cookie')).toBeUndefined()
    expect(await db.bookmarks.get('verhaal-b')).toBeUndefined()
  })
})

describe('[L3] rows with pending mutations', () => {
  it('[L3] does not overwrite a note with pending mutations, and applies the server version once they are acknowledged', async () => {
    const db = createTestUserData()
    const id = await createNote(db, makeNoteFields({ title: 'Mijn versie' }), 1000)
    const server = makeSyncedNote({ id, revision: 4, fields: makeNoteFields({ title: 'Versie van de server' }), updatedAt: 900 })

    const first = await applyPullPage(db, makePullResponse({ cookie: '1', lastMutationId: 0, changes: [noteChange(server)] }))

    expect(first).toMatchObject({ applied: 0, deferred: 1 })
    expect((await readNote(db, id))?.fields.title).toBe('Mijn versie')
    expect(await db.deferred.get(`note:${id}`)).toEqual({ key: `note:${id}`, change: noteChange(server) })

    // The server acknowledged the save but had nothing newer for this note.
    const second = await applyPullPage(db, makePullResponse({ cookie: '1', lastMutationId: 1 }))

    expect(second).toMatchObject({ acknowledged: 1, applied: 1 })
    expect(await readNote(db, id)).toEqual(server)
    expect(await db.deferred.count()).toBe(0)
  })

  it('[L3] a bookmark change waits for the pending bookmark.set', async () => {
    const db = createTestUserData()
    await setBookmark(db, 'werkvorm-a', false, 2000)

    await applyPullPage(db, makePullResponse({ lastMutationId: 0, changes: [bookmarkChange('werkvorm-a', true, 1000)] }))
    expect((await db.bookmarks.get('werkvorm-a'))?.bookmarked).toBe(0)

    await applyPullPage(db, makePullResponse({ lastMutationId: 1, changes: [bookmarkChange('werkvorm-a', false, 2000)] }))
    expect(await db.bookmarks.get('werkvorm-a')).toEqual({ slug: 'werkvorm-a', bookmarked: 0, updatedAt: 2000 })
    expect(await db.deferred.count()).toBe(0)
  })

  it('[L3] a held-back version is dropped when a newer change for its row comes in the page that acknowledges', async () => {
    const db = createTestUserData()
    const id = await createNote(db, makeNoteFields({ title: 'A' }), 1000)
    const stale = makeSyncedNote({ id, revision: 1, fields: makeNoteFields({ title: 'oud' }) })
    const fresh = makeSyncedNote({ id, revision: 2, fields: makeNoteFields({ title: 'nieuw' }) })
    await applyPullPage(db, makePullResponse({ lastMutationId: 0, changes: [noteChange(stale)] }))

    await applyPullPage(db, makePullResponse({ lastMutationId: 1, changes: [noteChange(fresh)] }))

    expect(await readNote(db, id)).toEqual(fresh)
    expect(await db.deferred.count()).toBe(0)
  })

  it('[L3] keeps holding back while some of the row\'s mutations are still pending', async () => {
    const db = createTestUserData()
    const id = await createNote(db, makeNoteFields(), 1000)
    await deleteNote(db, id, 2000)
    await applyPullPage(db, makePullResponse({ lastMutationId: 0, changes: [noteChange(makeSyncedNote({ id }))] }))

    await applyPullPage(db, makePullResponse({ lastMutationId: 1 }))

    expect((await readNote(db, id))?.deletedAt).toBe(2000)
    expect(await db.deferred.count()).toBe(1)
  })

  it('[L3][N8] an edit typed after an acknowledged save waits with its own base: the row keeps its text', async () => {
    const db = createTestUserData()
    const id = await createNote(db, makeNoteFields({ body: 'regel 1' }), 1000)
    await writeMeta(db, 'pushedThrough', 1) // the save was sent…
    await saveNote(db, id, makeNoteFields({ body: 'regel 1 en meer' }), 2000) // …and she typed on
    const server = makeSyncedNote({ id, revision: 1, fields: makeNoteFields({ body: 'regel 1' }) })

    await applyPullPage(db, makePullResponse({ lastMutationId: 1, changes: [noteChange(server)] }))

    expect(await readNote(db, id)).toMatchObject({ revision: 0, updatedAt: 2000, fields: { body: 'regel 1 en meer' } })
    // The server merges it against this device's previous save ([N8]), so base 0 is right.
    expect(await db.outbox.toArray()).toEqual([
      { id: 2, name: 'note.save', args: { id, baseRevision: 0, fields: makeNoteFields({ body: 'regel 1 en meer' }) }, at: 2000, key: `note:${id}` },
    ])
    expect(await db.deferred.get(`note:${id}`)).toEqual({ key: `note:${id}`, change: noteChange(server) })
  })
})

describe('applying changes', () => {
  it('[N1] puts a pulled note as the row', async () => {
    const db = createTestUserData()
    const note = makeSyncedNote({ revision: 3, deletedAt: 5000 })

    await applyPullPage(db, makePullResponse({ changes: [noteChange(note)] }))

    expect(await readNote(db, note.id)).toEqual(note)
  })

  it('[N7] note-purged deletes the local note', async () => {
    const db = createTestUserData()
    const note = makeSyncedNote()
    await applyPullPage(db, makePullResponse({ cookie: '1', changes: [noteChange(note)] }))

    await applyPullPage(db, makePullResponse({ cookie: '2', changes: [notePurgedChange(note.id)] }))

    expect(await readNote(db, note.id)).toBeUndefined()
  })

  it('[N7] a purge waits while this device still has an edit of the note pending', async () => {
    const db = createTestUserData()
    const id = await createNote(db, makeNoteFields())

    await applyPullPage(db, makePullResponse({ changes: [notePurgedChange(id)] }))

    expect(await readNote(db, id)).toBeDefined()
  })

  it('[B1] a bookmark change writes the register, a removal as a tombstone', async () => {
    const db = createTestUserData()

    await applyPullPage(db, makePullResponse({ changes: [bookmarkChange('werkvorm-a', true, 1000), bookmarkChange('werkvorm-b', false, 2000)] }))

    expect(await db.bookmarks.toArray()).toEqual([
      { slug: 'werkvorm-a', bookmarked: 1, updatedAt: 1000 },
      { slug: 'werkvorm-b', bookmarked: 0, updatedAt: 2000 },
    ])
  })

  it.each([
    { local: { position: 0.8, updatedAt: 3000, isDirty: 1 }, expected: { position: 0.8, updatedAt: 3000, isDirty: 1 }, why: 'keeps a later dirty local position' },
    { local: { position: 0.8, updatedAt: 1000, isDirty: 1 }, expected: { position: 0.3, updatedAt: 2000, isDirty: 0 }, why: 'takes the server position over an earlier dirty one' },
    { local: { position: 0.8, updatedAt: 3000, isDirty: 0 }, expected: { position: 0.3, updatedAt: 2000, isDirty: 0 }, why: 'takes the server position over a clean one' },
    { local: undefined, expected: { position: 0.3, updatedAt: 2000, isDirty: 0 }, why: 'stores a position read on another device' },
  ] as const)('[R1] $why', async ({ local, expected }) => {
    const db = createTestUserData()
    if (local) await db.progress.put({ slug: 'verhaal-a', ...local })

    await applyPullPage(db, makePullResponse({ changes: [progressChange('verhaal-a', 0.3, 2000)] }))

    expect(await db.progress.get('verhaal-a')).toEqual({ slug: 'verhaal-a', ...expected })
  })

  it('[R1][L3] a held-back position is applied after acknowledgement, unless she read on since', async () => {
    const db = createTestUserData()
    await saveProgress(db, 'verhaal-a', 0.5, 2000)
    await flushDirtyProgress(db)
    await applyPullPage(db, makePullResponse({ lastMutationId: 0, changes: [progressChange('verhaal-a', 0.2, 1000)] }))
    expect((await readProgress(db, 'verhaal-a'))?.position).toBe(0.5)
    await saveProgress(db, 'verhaal-a', 0.7, 3000)

    await applyPullPage(db, makePullResponse({ lastMutationId: 1 }))

    expect(await db.progress.get('verhaal-a')).toEqual({ slug: 'verhaal-a', position: 0.7, updatedAt: 3000, isDirty: 1 })
  })
})

describe('[N9] quick-log lines', () => {
  it('[N9][L3] puts pulled lines even while the note and a line of this device have pending mutations', async () => {
    const db = createTestUserData()
    const noteId = await createNote(db, makeNoteFields({ title: 'Mijn versie' }), 1000)
    const mine = await addLine(db, noteId, 'Van dit apparaat', 3000)
    const theirs = noteLineChange({ noteId, text: 'Van de laptop', at: 2000 })
    const own = noteLineChange({ noteId, id: mine!.id, text: 'Van dit apparaat', at: 3000 })

    const result = await applyPullPage(db, makePullResponse({ lastMutationId: 0, changes: [theirs, own] }))

    expect(result).toMatchObject({ applied: 2, deferred: 0 })
    expect((await readLines(db, noteId)).map((line) => line.text)).toEqual(['Van de laptop', 'Van dit apparaat'])
    expect(await db.deferred.count()).toBe(0)
    // The note's own pending save still holds its server version back ([L3]); lines do not.
    expect(await db.outbox.count()).toBe(2)
    expect((await readNote(db, noteId))?.fields.title).toBe('Mijn versie')
  })

  it('[N9][N7] a pulled purge deletes the note’s lines, and leaves other notes’ lines alone', async () => {
    const db = createTestUserData()
    await applyPullPage(db, makePullResponse({ changes: [noteChange(makeSyncedNote({ id: 'n1' })), noteLineChange({ noteId: 'n1' }), noteLineChange({ noteId: 'n2', text: 'blijft' })] }))

    await applyPullPage(db, makePullResponse({ changes: [notePurgedChange('n1')] }))

    expect(await readLines(db, 'n1')).toEqual([])
    expect((await readLines(db, 'n2')).map((line) => line.text)).toEqual(['blijft'])
  })

  // Found by the sync fuzz: a held-back purge overtaken by the note's revival never deleted the lines.
  it('[N9][N7][L3] a purge held back behind a pending edit deletes the note’s lines as it arrives: a revival that overtakes it keeps them gone', async () => {
    const db = createTestUserData()
    await applyPullPage(db, makePullResponse({ cookie: '1', changes: [noteChange(makeSyncedNote({ id: 'n1' })), noteLineChange({ noteId: 'n1', text: 'weg' })] }))
    await saveNote(db, 'n1', makeNoteFields({ title: 'In de trein getypt' }))

    await applyPullPage(db, makePullResponse({ cookie: '3', changes: [notePurgedChange('n1')] }))
    expect(await readLines(db, 'n1')).toEqual([])
    expect((await readNote(db, 'n1'))?.fields.title).toBe('In de trein getypt')

    // The edit revived the note on the server; that version overtakes the held-back purge.
    const revived = makeSyncedNote({ id: 'n1', revision: 2, fields: makeNoteFields({ title: 'In de trein getypt' }) })
    await applyPullPage(db, makePullResponse({ cookie: '4', lastMutationId: 1, changes: [noteChange(revived)] }))
    expect(await readNote(db, 'n1')).toEqual(revived)
    expect(await readLines(db, 'n1')).toEqual([])
  })

  it('[N9][N7][L3] a held-back purge applied once its note’s mutations are acknowledged leaves the lines the server stored after it', async () => {
    const db = createTestUserData()
    await applyPullPage(db, makePullResponse({ cookie: '1', changes: [noteChange(makeSyncedNote({ id: 'n1' })), noteLineChange({ noteId: 'n1', text: 'weg' })] }))
    await deleteNote(db, 'n1')
    const after = noteLineChange({ noteId: 'n1', text: 'na de purge' })

    await applyPullPage(db, makePullResponse({ cookie: '3', changes: [notePurgedChange('n1'), after] }))
    // The delete is refused for good (the note is purged, [P4]) and acknowledged: the purge applies now.
    await applyPullPage(db, makePullResponse({ cookie: '3', lastMutationId: 1 }))

    expect(await readNote(db, 'n1')).toBeUndefined()
    expect((await readLines(db, 'n1')).map((line) => line.text)).toEqual(['na de purge'])
  })
})
