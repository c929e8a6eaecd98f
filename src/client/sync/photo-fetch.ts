// [A3] The bytes of a photo taken on another device, fetched when the photo is shown (not before: a
// phone on a data plan need not carry every flip-over of the laptop), checked against the photo's hash,
// and kept in `userdata` so the photo shows offline from then on.
import { readPhotoFile, storeFetchedPhotoFile } from '../db/photo-actions'
import type { NotePhotoRow, UserDataDb } from '../db/userdata'
import { sha256Hex } from '../media/photo-prepare'
import { fetchPhoto, type SyncApiOptions, SyncHttpError } from './sync-api'

/** Fetches at most one copy of each photo at a time, however many views ask for it. */
const inFlight = new Map<string, Promise<Blob>>()

/** The photo's bytes: from this device, else from the server. Throws a SyncHttpError when neither has them. */
export function loadPhotoBlob(db: UserDataDb, photo: NotePhotoRow, options: SyncApiOptions = {}): Promise<Blob> {
  const key = `${db.name}:${photo.hash}`
  const running = inFlight.get(key)
  if (running) return running
  const loading = (async () => {
    const local = await readPhotoFile(db, photo.hash)
    if (local) return new Blob([local.data], { type: local.mime })
    const blob = await fetchPhoto(photo.id, options)
    if ((await sha256Hex(blob)) !== photo.hash) throw new SyncHttpError('invalid', 'The server sent other bytes than this photo names')
    await storeFetchedPhotoFile(db, photo, await blob.arrayBuffer())
    return new Blob([blob], { type: photo.mime })
  })().finally(() => inFlight.delete(key))
  inFlight.set(key, loading)
  return loading
}
