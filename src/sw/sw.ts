// The service worker: precaches the app shell, answers every page address with it (deep links work
// offline), and serves magazine images from the cache the page fills. Data lives in IndexedDB, not here.
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute } from 'workbox-routing'
import { CacheFirst } from 'workbox-strategies'
import { CacheableResponsePlugin } from 'workbox-cacheable-response'
import { MAGAZINE_IMAGE_CACHE } from '../shared/content/cache-names'
import { MEDIA_PREFIX } from '../shared/content/routes'
import { BACKGROUND_SYNC_TAG, SYNC_NOW_MESSAGE } from '../shared/sync/background-sync'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] }

precacheAndRoute(self.__WB_MANIFEST)
cleanupOutdatedCaches()

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    denylist: [/^\/api\//, new RegExp(`^${MEDIA_PREFIX}`)],
  }),
)

registerRoute(
  ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith(MEDIA_PREFIX),
  new CacheFirst({ cacheName: MAGAZINE_IMAGE_CACHE, plugins: [new CacheableResponsePlugin({ statuses: [200] })] }),
)

// Prompt-style updates: the new worker waits until the page asks it to take over.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting()
})

// Background Sync only wakes the page's own sync engine; the worker never replays requests itself.
interface SyncEvent extends ExtendableEvent {
  readonly tag: string
}
self.addEventListener('sync', (event) => {
  const { tag } = event as SyncEvent
  if (tag !== BACKGROUND_SYNC_TAG) return
  ;(event as SyncEvent).waitUntil(
    self.clients.matchAll({ type: 'window' }).then((windows) => {
      for (const client of windows) client.postMessage({ type: SYNC_NOW_MESSAGE })
    }),
  )
})
