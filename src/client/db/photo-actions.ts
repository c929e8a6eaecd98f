// What the reader does with the photos of her notes ([A1]–[A5] in shared/sync/SPEC.md): the facts and the
// outbox entry in one Dexie transaction ([C3]), the bytes beside them in `photoFiles`, kept until they
// are on the server. Also the reads the editor and the sync engine need.
import type { MutationArgs } from '../../shared/sync/mutations'
import { comparePhotos, PHOTO_ALT_MAX_CHARS } from '../../shared/sync/note-photo'
import type { PreparedPhotoFile } from '../media/photo-prepare'
import { allocateMutationId, readMeta } from './sync-meta'
import { type NotePhotoRow, type PhotoFileRow, type PhotoUploadRefusal, photoKey, type UserDataDb } from './userdata'


function cleanAlt(alt: string): string {
  return String(alt).slice(0, PHOTO_ALT_MAX_CHARS)
}

/** [A1] Adds the photo to the note: facts, bytes and outbox entry in one transaction. Answers its row. */
export async function addPhoto(db: UserDataDb, noteId: string, prepared: PreparedPhotoFile, now = Date.now()): Promise<NotePhotoRow> {
  // Read before the transaction: awaiting anything but Dexie inside it would end it.
  const data = await prepared.blob.arrayBuffer()
  const photo: NotePhotoRow = {
    id: crypto.randomUUID(),
    noteId,
    hash: prepared.hash,
    mime: prepared.mime,
    bytes: data.byteLength,
    width: prepared.width,
    height: prepared.height,
    alt: '',
    at: now,
    altAt: now,
    removed: false,
  }
  return db.transaction('rw', [db.photos, db.photoFiles, db.outbox, db.meta], async () => {
    const file = await db.photoFiles.get(photo.hash)
    if (!file) await db.photoFiles.put({ hash: photo.hash, data, mime: photo.mime, bytes: photo.bytes, needsUpload: 1 })
    await db.photos.add(photo)
    const { id, noteId: note, hash, mime, bytes, width, height, alt } = photo
    const args: MutationArgs['note.addPhoto'] = { noteId: note, id, hash, mime, bytes, width, height, alt }
    await db.outbox.add({ id: await allocateMutationId(db), name: 'note.addPhoto', args, at: now, key: photoKey(noteId, photo.id) })
    return photo
  })
}

/**
 * [A4] What is on the photo. Changes typed in quick succession share one outbox entry while it has
 * never been sent (as note saves do), so the alt text is not pushed once per keystroke.
 */
export function setPhotoAlt(db: UserDataDb, id: string, alt: string, now = Date.now()): Promise<void> {
  const text = cleanAlt(alt)
  return db.transaction('rw', [db.photos, db.outbox, db.meta], async () => {
    const photo = await db.photos.get(id)
    if (!photo || photo.alt === text) return
    await db.photos.put({ ...photo, alt: text, altAt: now })
    const key = photoKey(photo.noteId, id)
    const last = await db.outbox.where('key').equals(key).last()
    const pushedThrough = (await readMeta(db, 'pushedThrough')) ?? 0
    if (last && last.name === 'note.setPhotoAlt' && last.id > pushedThrough) {
      await db.outbox.update(last.id, { args: { id, alt: text }, at: now })
    } else {
      await db.outbox.add({ id: await allocateMutationId(db), name: 'note.setPhotoAlt', args: { id, alt: text }, at: now, key })
    }
  })
}

/** [A5] Gone from the note here at once, and on every device after the next sync. */
export function removePhoto(db: UserDataDb, id: string, now = Date.now()): Promise<void> {
  return db.transaction('rw', [db.photos, db.photoFiles, db.outbox, db.meta, db.deferred], async () => {
    const photo = await db.photos.get(id)
    if (!photo) return
    await db.photos.delete(id)
    await dropUnnamedFiles(db, [photo.hash])
    const key = photoKey(photo.noteId, id)
    // A held-back server version of this photo must not bring it back once the removal is acknowledged.
    await db.deferred.delete(key)
    await db.outbox.add({ id: await allocateMutationId(db), name: 'note.removePhoto', args: { id }, at: now, key })
  })
}

/**
 * [A5] Deletes the bytes of these hashes where no photo names them any more. Call inside a transaction
 * over `photos` and `photoFiles`.
 */
export async function dropUnnamedFiles(db: UserDataDb, hashes: readonly string[]): Promise<void> {
  for (const hash of new Set(hashes)) {
    if ((await db.photos.where('hash').equals(hash).count()) === 0) await db.photoFiles.delete(hash)
  }
}

/** [A5] A note's photos leave with it (a purge here, or one pulled from another device). Inside a transaction over photos and photoFiles. */
export async function dropPhotosOfNote(db: UserDataDb, noteId: string): Promise<void> {
  const photos = await db.photos.where('noteId').equals(noteId).toArray()
  await db.photos.bulkDelete(photos.map((photo) => photo.id))
  await dropUnnamedFiles(db, photos.map((photo) => photo.hash))
}

/** [A1] The note's photos in the order she took them. */
export async function readPhotos(db: UserDataDb, noteId: string): Promise<NotePhotoRow[]> {
  return (await db.photos.where('noteId').equals(noteId).toArray()).sort(comparePhotos)
}

/** Every photo on the device, per note (for the notes list and the export). */
export async function readAllPhotos(db: UserDataDb): Promise<NotePhotoRow[]> {
  return (await db.photos.toArray()).sort(comparePhotos)
}

export function readPhotoFile(db: UserDataDb, hash: string): Promise<PhotoFileRow | undefined> {
  return db.photoFiles.get(hash)
}

/** [A3] Keeps bytes fetched from the server (already on the server: nothing to send). */
export async function storeFetchedPhotoFile(db: UserDataDb, photo: Pick<NotePhotoRow, 'hash' | 'mime'>, data: ArrayBuffer): Promise<void> {
  await db.transaction('rw', [db.photos, db.photoFiles], async () => {
    // Removed meanwhile: nothing names these bytes any more.
    if ((await db.photos.where('hash').equals(photo.hash).count()) === 0) return
    if (await db.photoFiles.get(photo.hash)) return
    await db.photoFiles.put({ hash: photo.hash, data, mime: photo.mime, bytes: data.byteLength, needsUpload: 0 })
  })
}

export interface PhotoUploadTask {
  photo: NotePhotoRow
  file: PhotoFileRow
}

/**
 * [A2] Bytes still to send, each with a photo that names them (its id is the upload's address). Bytes
 * the server refused for good wait until she asks again (retryPhotoUpload).
 */
export async function readPhotoUploads(db: UserDataDb): Promise<PhotoUploadTask[]> {
  return db.transaction('r', [db.photos, db.photoFiles], async () => {
    const files = await db.photoFiles.where('needsUpload').equals(1).toArray()
    const tasks: PhotoUploadTask[] = []
    for (const file of files) {
      if (file.uploadRefusal) continue
      const photo = (await db.photos.where('hash').equals(file.hash).sortBy('at'))[0]
      if (photo) tasks.push({ photo, file })
    }
    return tasks
  })
}

/** [A2] The server has the bytes (or no photo wants them any more). */
export async function markPhotoUploaded(db: UserDataDb, hash: string): Promise<void> {
  await db.photoFiles.where('hash').equals(hash).modify((file) => {
    file.needsUpload = 0
    delete file.uploadRefusal
  })
}

/** [A2] Refused for good: kept on the device, not sent again until she asks. */
export async function markPhotoRefused(db: UserDataDb, hash: string, refusal: PhotoUploadRefusal): Promise<void> {
  await db.photoFiles.where('hash').equals(hash).modify((file) => {
    file.uploadRefusal = refusal
  })
}

/** "Opnieuw proberen": send the bytes again at the next sync. */
export async function retryPhotoUpload(db: UserDataDb, hash: string): Promise<void> {
  await db.photoFiles.where('hash').equals(hash).modify((file) => {
    delete file.uploadRefusal
  })
}


/** The keys ('photo:<noteId>:<id>') of photos whose bytes are still to send: their notes show as queued. */
export async function photoUploadKeys(db: UserDataDb): Promise<string[]> {
  const hashes = (await db.photoFiles.where('needsUpload').equals(1).primaryKeys()) as string[]
  if (hashes.length === 0) return []
  const photos = await db.photos.where('hash').anyOf(hashes).toArray()
  return photos.map((photo) => photoKey(photo.noteId, photo.id))
}
