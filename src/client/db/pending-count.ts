// How many of her changes wait to reach the server: the outbox, reading positions not sent yet, and
// photos whose bytes are not uploaded yet. A module of its own: the sync status on every page counts
// them, and the first page should not download the note actions (user-actions.ts) to do so.
import { countDirtyProgress } from './progress-db'
import type { UserDataDb } from './userdata'

/** Bytes that are only on this device: they count as waiting, so signing out warns before losing them. */
export function countPhotoUploads(db: UserDataDb): Promise<number> {
  return db.photoFiles.where('needsUpload').equals(1).count()
}

export function pendingCount(db: UserDataDb): Promise<number> {
  return db.transaction('r', [db.outbox, db.progress, db.photoFiles], async () => (await db.outbox.count()) + (await countDirtyProgress(db)) + (await countPhotoUploads(db)))
}
