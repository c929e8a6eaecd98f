// The photos of a note on the device ([A1]–[A5]): facts, bytes and outbox written together, removals that
// leave no bytes behind, and what the sync status counts as waiting.
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import {
  addPhoto,
  markPhotoRefused,
  markPhotoUploaded,
  readPhotoFile,
  readPhotos,
  readPhotoUploads,
  removePhoto,
  retryPhotoUpload,
  setPhotoAlt,
} from '../../../../src/client/db/photo-actions'
import { writeMeta } from '../../../../src/client/db/sync-meta'
import { pendingCount } from '../../../../src/client/db/pending-count'
import { createNote, noteSyncState, pendingKeys, purgeNote } from '../../../../src/client/db/user-actions'
import { clearUserData, type UserDataDb } from '../../../../src/client/db/userdata'
import type { PreparedPhotoFile } from '../../../../src/client/media/photo-prepare'
import { applyPullPage } from '../../../../src/client/sync/apply-pull'
import { makeNotePhoto, notePhotoChange, pngBytes, sha256Hex } from '../../../factories/photo-factory'
import { makePullResponse, notePurgedChange } from '../../../factories/sync-factory'
import { createTestUserData } from '../helpers/test-databases'

function prepared(seed = 1): PreparedPhotoFile {
  const bytes = pngBytes(seed)
  return { blob: new Blob([new Uint8Array(bytes)], { type: 'image/png' }), hash: sha256Hex(bytes), mime: 'image/png', width: 1, height: 1 }
}

async function outboxNames(db: UserDataDb): Promise<string[]> {
  return (await db.outbox.toArray()).map((entry) => entry.name)
}

describe('photos on the device', () => {
  it('[A1][C3] adds facts, bytes and the outbox entry together, or none of them', async () => {
    const db = createTestUserData()
    const noteId = await createNote(db, { title: 'Sessie' })
    const photo = await addPhoto(db, noteId, prepared(), 5_000)
    expect(await readPhotos(db, noteId)).toEqual([photo])
    expect(photo).toMatchObject({ noteId, mime: 'image/png', alt: '', at: 5_000, removed: false })
    const file = await readPhotoFile(db, photo.hash)
    expect(file).toMatchObject({ needsUpload: 1, bytes: photo.bytes })
    expect(new Uint8Array(file!.data)).toEqual(new Uint8Array(pngBytes(1)))
    const entry = (await db.outbox.toArray()).at(-1)!
    expect(entry).toMatchObject({ name: 'note.addPhoto', key: `photo:${noteId}:${photo.id}`, at: 5_000 })
    expect(entry.args).toEqual({ noteId, id: photo.id, hash: photo.hash, mime: 'image/png', bytes: photo.bytes, width: 1, height: 1, alt: '' })

    // The outbox refuses the write: nothing of the photo stays.
    db.outbox.hook('creating', () => {
      throw new Error('disk trouble')
    })
    await expect(addPhoto(db, noteId, prepared(2))).rejects.toThrow('disk trouble')
    expect(await readPhotos(db, noteId)).toHaveLength(1)
    expect(await readPhotoFile(db, prepared(2).hash)).toBeUndefined()
  })

  it('[A4] folds alt text typed in quick succession into one unsent entry, and starts a new one once sent', async () => {
    const db = createTestUserData()
    const noteId = await createNote(db)
    const photo = await addPhoto(db, noteId, prepared())
    await setPhotoAlt(db, photo.id, 'Flip', 6_000)
    await setPhotoAlt(db, photo.id, 'Flip-over', 6_500)
    expect(await outboxNames(db)).toEqual(['note.save', 'note.addPhoto', 'note.setPhotoAlt'])
    expect((await db.outbox.toArray()).at(-1)).toMatchObject({ args: { id: photo.id, alt: 'Flip-over' }, at: 6_500 })
    await writeMeta(db, 'pushedThrough', 3)
    await setPhotoAlt(db, photo.id, 'Flip-over met ideeën', 7_000)
    expect(await outboxNames(db)).toEqual(['note.save', 'note.addPhoto', 'note.setPhotoAlt', 'note.setPhotoAlt'])
    expect((await readPhotos(db, noteId))[0]).toMatchObject({ alt: 'Flip-over met ideeën', altAt: 7_000 })
  })

  it('[A5] a removed photo leaves no bytes behind, unless another photo shows the same picture', async () => {
    const db = createTestUserData()
    const noteId = await createNote(db)
    const first = await addPhoto(db, noteId, prepared(3))
    const second = await addPhoto(db, noteId, prepared(3))
    await removePhoto(db, first.id)
    expect(await readPhotoFile(db, first.hash)).toBeDefined()
    await removePhoto(db, second.id)
    expect(await readPhotoFile(db, first.hash)).toBeUndefined()
    expect(await readPhotos(db, noteId)).toEqual([])
    expect((await outboxNames(db)).filter((name) => name === 'note.removePhoto')).toHaveLength(2)
  })

  it('[A5][N7] purging a note, here or on another device, takes its photos and bytes with it', async () => {
    const db = createTestUserData()
    const here = await createNote(db)
    const there = await createNote(db)
    const photoHere = await addPhoto(db, here, prepared(4))
    const photoThere = await addPhoto(db, there, prepared(5))
    await purgeNote(db, here)
    expect(await readPhotos(db, here)).toEqual([])
    expect(await readPhotoFile(db, photoHere.hash)).toBeUndefined()
    await applyPullPage(db, makePullResponse({ lastMutationId: 1000, changes: [notePurgedChange(there)] }))
    expect(await readPhotos(db, there)).toEqual([])
    expect(await readPhotoFile(db, photoThere.hash)).toBeUndefined()
  })

  it('[A2] counts bytes still to send as waiting, shows the note as queued, and lists them for upload', async () => {
    const db = createTestUserData()
    const noteId = await createNote(db)
    const photo = await addPhoto(db, noteId, prepared())
    // The pull acknowledged every mutation: only the bytes still wait.
    await applyPullPage(db, makePullResponse({ lastMutationId: 1000 }))
    expect(await pendingCount(db)).toBe(1)
    const keys = await pendingKeys(db)
    expect(noteSyncState({ id: noteId, revision: 1, conflictOf: null }, keys, true)).toBe('queued')
    expect((await readPhotoUploads(db)).map((task) => task.photo.id)).toEqual([photo.id])

    await markPhotoRefused(db, photo.hash, 'quota')
    expect(await readPhotoUploads(db)).toEqual([])
    // Refused is not lost: it still counts as only on this device.
    expect(await pendingCount(db)).toBe(1)
    await retryPhotoUpload(db, photo.hash)
    expect(await readPhotoUploads(db)).toHaveLength(1)

    await markPhotoUploaded(db, photo.hash)
    expect(await pendingCount(db)).toBe(0)
    expect(noteSyncState({ id: noteId, revision: 1, conflictOf: null }, await pendingKeys(db), true)).toBe('synced')
  })

  it('[A1][A5][L3] applies pulled photos and their removal, but holds back one with a pending alt text', async () => {
    const db = createTestUserData()
    const noteId = await createNote(db)
    const fromLaptop = makeNotePhoto({ noteId, alt: 'Van de laptop' })
    await applyPullPage(db, makePullResponse({ lastMutationId: 1000, changes: [notePhotoChange(fromLaptop)] }))
    expect(await readPhotos(db, noteId)).toEqual([fromLaptop])
    // Bytes are fetched when shown, not with the pull.
    expect(await readPhotoFile(db, fromLaptop.hash)).toBeUndefined()

    await setPhotoAlt(db, fromLaptop.id, 'Hier geschreven')
    await applyPullPage(db, makePullResponse({ lastMutationId: 0, changes: [notePhotoChange({ ...fromLaptop, alt: 'Ouder' })] }))
    expect((await readPhotos(db, noteId))[0]?.alt).toBe('Hier geschreven')

    await applyPullPage(db, makePullResponse({ lastMutationId: 2000, changes: [notePhotoChange({ ...fromLaptop, removed: true })] }))
    expect(await readPhotos(db, noteId)).toEqual([])
  })

  it('[C1] signing out leaves no photo on the device', async () => {
    const db = createTestUserData()
    const noteId = await createNote(db)
    const photo = await addPhoto(db, noteId, prepared())
    await clearUserData(db)
    expect(await readPhotos(db, noteId)).toEqual([])
    expect(await readPhotoFile(db, photo.hash)).toBeUndefined()
  })
})
