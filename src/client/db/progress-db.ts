// Reading positions in `userdata`: one row per story. A position changes on every scroll, so it does not
// write an outbox entry each time: it marks the row dirty, and the sync engine turns the dirty rows
// into one `progress.set` per story when it syncs (see progress-flush.ts).
import { type ProgressRow, type ReadingProgress, type UserDataDb } from './userdata'

function toReadingProgress({ slug, position, updatedAt }: ProgressRow): ReadingProgress {
  return { slug, position, updatedAt }
}

export async function readProgress(db: UserDataDb, slug: string): Promise<ReadingProgress | undefined> {
  const row = await db.progress.get(slug)
  return row && toReadingProgress(row)
}

export async function saveProgress(db: UserDataDb, slug: string, position: number, now = Date.now()): Promise<void> {
  const clamped = Math.min(1, Math.max(0, position))
  await db.progress.put({ slug, position: clamped, updatedAt: now, isDirty: 1 })
}

/** Most recently read first. */
export async function readAllProgress(db: UserDataDb): Promise<ReadingProgress[]> {
  return (await db.progress.orderBy('updatedAt').reverse().toArray()).map(toReadingProgress)
}

export function countDirtyProgress(db: UserDataDb): Promise<number> {
  return db.progress.where('isDirty').equals(1).count()
}

