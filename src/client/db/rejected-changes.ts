// [P4] Changes the server refused for good. The engine drops them from the outbox (a device must never
// be stuck behind one), so they are kept here until she has read that they did not reach the server.
import { isGoneReason } from '../../shared/sync/rejections'
import { readMeta, writeMeta } from './sync-meta'
import type { RejectedChange, UserDataDb } from './userdata'

/** Enough to tell her what happened; older ones give way. */
export const REJECTED_KEPT = 20

/**
 * A change to a note or photo that another device deleted for good ("note.delete: no such note"): the
 * next pull removes it here too, so there is nothing she could still lose or do about it.
 */
export function isAboutSomethingGone(change: RejectedChange): boolean {
  return isGoneReason(change.reason)
}

/** Not one she already knows of (a repeated push, its answer lost, hears the same ones again), and not about something gone. */
export function isWorthTelling(change: RejectedChange, known: readonly RejectedChange[]): boolean {
  return !isAboutSomethingGone(change) && !known.some((entry) => entry.id === change.id)
}

/** Adds the refusals worth telling her about, once each. */
export function recordRejected(db: UserDataDb, rejected: RejectedChange[]): Promise<void> {
  return db.transaction('rw', db.meta, async () => {
    const known = (await readMeta(db, 'rejected')) ?? []
    const added = rejected.filter((entry) => isWorthTelling(entry, known))
    if (added.length === 0) return
    await writeMeta(db, 'rejected', [...known, ...added].sort((a, b) => a.id - b.id).slice(-REJECTED_KEPT))
  })
}

export async function readRejected(db: UserDataDb): Promise<RejectedChange[]> {
  return (await readMeta(db, 'rejected')) ?? []
}

/** She has read them ("Begrepen"). */
export async function clearRejected(db: UserDataDb): Promise<void> {
  await db.meta.delete('rejected')
}
