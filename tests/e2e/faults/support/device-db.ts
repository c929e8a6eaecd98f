// Reads a tab's `userdata` database with plain IndexedDB, never at a version (so it never upgrades it),
// and closes it at once (so it never holds up another tab's upgrade).
import { expect, type Page } from '@playwright/test'
import type { Mutation } from '../../../../src/shared/sync/protocol'

export interface OutboxSnapshot {
  /** The IndexedDB version: Dexie's schema version × 10. */
  version: number
  /** Outbox entries as stored: id, mutation name and its row key. */
  entries: { id: number; name: string; key: string }[]
  /**
   * Stories whose reading position changed and is not queued yet: the sync engine turns each into a
   * `progress.set` entry when it syncs (progress-flush.ts), so the next push carries them after `entries`.
   */
  dirtyProgress: string[]
}

export function readOutbox(page: Page): Promise<OutboxSnapshot> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((db) => db.name === 'userdata')) return { version: 0, entries: [], dirtyProgress: [] }
    return new Promise<OutboxSnapshot>((resolve, reject) => {
      const open = indexedDB.open('userdata')
      open.onerror = () => reject(open.error)
      open.onsuccess = () => {
        const db = open.result
        const transaction = db.transaction(['outbox', 'progress'])
        const all = transaction.objectStore('outbox').getAll()
        const positions = transaction.objectStore('progress').getAll()
        transaction.oncomplete = () => {
          const entries = (all.result as { id: number; name: string; key: string }[]).map(({ id, name, key }) => ({ id, name, key }))
          const dirtyProgress = (positions.result as { slug: string; isDirty: number }[]).filter((row) => row.isDirty === 1).map((row) => row.slug)
          db.close()
          resolve({ version: db.version, entries, dirtyProgress })
        }
        transaction.onerror = () => {
          db.close()
          reject(transaction.error)
        }
      }
    })
  })
}

/**
 * The push that should carry what the snapshot showed waiting: its outbox entries in order, then one
 * `progress.set` per dirty reading position (queued by the sync engine as it starts the push). Visiting a
 * story may or may not leave a position to send, so a spec reads the snapshot instead of guessing.
 */
export function expectPushCarries(mutations: readonly Mutation[], waiting: OutboxSnapshot): void {
  expect(mutations.slice(0, waiting.entries.length).map((mutation) => mutation.id)).toEqual(waiting.entries.map((entry) => entry.id))
  const positions = mutations.slice(waiting.entries.length).map((mutation) => (mutation.name === 'progress.set' ? (mutation.args as { slug: string }).slug : mutation.name))
  expect(positions.sort()).toEqual([...waiting.dirtyProgress].sort())
}
