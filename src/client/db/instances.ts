// The app's two databases, opened once. Tests make their own instances instead.
import { MagCacheDb } from './magcache'
import { UserDataDb } from './userdata'

export const magcache = new MagCacheDb()
export const userdata = new UserDataDb()

/**
 * Calls back when a newer version of the app, in another tab, upgrades a database: Dexie then closes
 * it here, and this tab must be reloaded before it can save again (its unsaved work stays in the form).
 */
export function onDatabaseReplaced(callback: () => void): void {
  for (const db of [magcache, userdata]) {
    db.on('versionchange', () => {
      db.close()
      callback()
      // Handled: Dexie need not do anything else.
      return false
    })
  }
}
