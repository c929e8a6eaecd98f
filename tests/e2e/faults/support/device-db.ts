// Reads a tab's `userdata` database with plain IndexedDB, never at a version (so it never upgrades it),
// and closes it at once (so it never holds up another tab's upgrade).
import type { Page } from '@playwright/test'

export interface OutboxSnapshot {
  /** The IndexedDB version: Dexie's schema version × 10. */
  version: number
  /** Outbox entries as stored: id, mutation name and its row key. */
  entries: { id: number; name: string; key: string }[]
}

export function readOutbox(page: Page): Promise<OutboxSnapshot> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((db) => db.name === 'userdata')) return { version: 0, entries: [] }
    return new Promise<OutboxSnapshot>((resolve, reject) => {
      const open = indexedDB.open('userdata')
      open.onerror = () => reject(open.error)
      open.onsuccess = () => {
        const db = open.result
        const all = db.transaction('outbox').objectStore('outbox').getAll()
        all.onsuccess = () => {
          const entries = (all.result as { id: number; name: string; key: string }[]).map(({ id, name, key }) => ({ id, name, key }))
          db.close()
          resolve({ version: db.version, entries })
        }
        all.onerror = () => {
          db.close()
          reject(all.error)
        }
      }
    })
  })
}
