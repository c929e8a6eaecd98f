// The app's two databases, opened once. Tests make their own instances instead.
import { MagCacheDb } from './magcache'
import { UserDataDb } from './userdata'

export const magcache = new MagCacheDb()
export const userdata = new UserDataDb()
