// On a first visit, asks for the magazine's cards at once, while the download code is still loading:
// the lists can show before the whole magazine has arrived. Tiny on purpose: it loads with the page.
import { CONTENT_API_PATH } from '../../shared/content/routes'
import { readCursor } from '../db/magazine-db'
import type { MagCacheDb } from '../db/magcache'

/** The cards answer when the cache is empty, else (or offline) undefined. */
export async function requestFirstCards(db: MagCacheDb, doFetch: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<Response | undefined> {
  try {
    if ((await readCursor(db)) !== undefined) return undefined
    return await doFetch(`${CONTENT_API_PATH}?view=cards`, { headers: { Accept: 'application/json' }, cache: 'no-cache' })
  } catch {
    return undefined
  }
}
