// Reading positions in `userdata`: one row per story.
import type { ReadingProgress, UserDataDb } from './userdata'

export function readProgress(db: UserDataDb, slug: string): Promise<ReadingProgress | undefined> {
  return db.progress.get(slug)
}

export async function saveProgress(db: UserDataDb, slug: string, position: number, now = Date.now()): Promise<void> {
  const clamped = Math.min(1, Math.max(0, position))
  await db.progress.put({ slug, position: clamped, updatedAt: now })
}

/** Most recently read first. */
export async function readAllProgress(db: UserDataDb): Promise<ReadingProgress[]> {
  return db.progress.orderBy('updatedAt').reverse().toArray()
}
