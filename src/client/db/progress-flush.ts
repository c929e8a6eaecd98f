// Turns dirty reading positions into one `progress.set` mutation per story, at sync time. Part of the
// sync engine's work, so it loads with the engine, not with the first page.
import { allocateMutationId } from './sync-meta'
import { progressKey, type UserDataDb } from './userdata'

/**
 * Turns every dirty position into one `progress.set` outbox entry, in one transaction. The entry's `at`
 * is the reading time, which decides on the server which position wins ([R1]). Answers how many.
 */
export function flushDirtyProgress(db: UserDataDb): Promise<number> {
  return db.transaction('rw', [db.progress, db.outbox, db.meta], async () => {
    const dirty = await db.progress.where('isDirty').equals(1).toArray()
    for (const row of dirty) {
      const id = await allocateMutationId(db)
      await db.outbox.add({ id, name: 'progress.set', args: { slug: row.slug, position: row.position }, at: row.updatedAt, key: progressKey(row.slug) })
      await db.progress.update(row.slug, { isDirty: 0 })
    }
    return dirty.length
  })
}
