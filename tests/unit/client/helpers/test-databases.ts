// The client's IndexedDB databases for Node tests: each call gives the current test its own empty database in
// fake IndexedDB, closed and deleted when the test finishes, so no table is shared between tests.
import 'fake-indexeddb/auto'
import { onTestFinished } from 'vitest'
import { MagCacheDb } from '../../../../src/client/db/magcache'
import { UserDataDb } from '../../../../src/client/db/userdata'

export function createTestMagCache(): MagCacheDb {
  const db = new MagCacheDb(`test-magcache-${crypto.randomUUID()}`)
  onTestFinished(() => db.delete())
  return db
}

export function createTestUserData(): UserDataDb {
  const db = new UserDataDb(`test-userdata-${crypto.randomUUID()}`)
  onTestFinished(() => db.delete())
  return db
}
