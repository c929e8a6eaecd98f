// Owns the `userdata` IndexedDB database: what the reader made herself (reading positions for now).
// Never cleared by the app to make space; opened with strict durability so a write survives a crash.
import Dexie, { type EntityTable } from 'dexie'

export interface ReadingProgress {
  slug: string
  /** How far down the story she scrolled, 0 to 1. */
  position: number
  updatedAt: number
}

export class UserDataDb extends Dexie {
  progress!: EntityTable<ReadingProgress, 'slug'>

  constructor(name = 'userdata') {
    super(name, { chromeTransactionDurability: 'strict' })
    this.version(1).stores({
      progress: 'slug, updatedAt',
    })
  }
}
