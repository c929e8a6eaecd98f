// The magazine as the views see it: the cached items, what is new, and how the download goes.
import { liveQuery } from 'dexie'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ContentItem } from '../../shared/content/types'
import { requestPersistentStorage } from '../composables/useStorageInfo'
import { CONTENT_REFRESH_INTERVAL_MS } from '../constants'
import { magcache } from '../db/instances'
import { allImageUrls, clearMagazine, markItemOpened, readCards, readFreshSlugs, readItem } from '../db/magazine-db'
import type { ItemCard } from '../db/magcache'
import type { ContentSyncErrorKind, ContentSyncProgress } from '../sync/content-sync'

// The download code loads right after the first paint, in parallel with reading the cache.
const loadContentSync = () => import('../sync/content-sync')
const loadImageCache = () => import('../sync/image-cache')

export type MagazineErrorKind = ContentSyncErrorKind | 'unknown'

export const useMagazineStore = defineStore('magazine', () => {
  const cards = shallowRef<ItemCard[]>([])
  const freshSlugs = shallowRef<Set<string>>(new Set())
  /** True once the cache has been read: before that, "empty" means "not read yet". */
  const isLoaded = ref(false)
  const isSyncing = ref(false)
  const progress = ref<ContentSyncProgress | null>(null)
  const error = ref<MagazineErrorKind | null>(null)
  const imagesFailed = ref(0)
  const lastCheckedAt = ref<number | null>(null)
  let isStarted = false

  const isEmpty = computed(() => isLoaded.value && cards.value.length === 0)
  const bySlug = computed(() => new Map(cards.value.map((card) => [card.slug, card])))

  function start(): void {
    if (isStarted) return
    isStarted = true
    liveQuery(() => readCards(magcache)).subscribe({
      next: (rows) => {
        cards.value = rows
        isLoaded.value = true
      },
      error: () => {
        isLoaded.value = true
        error.value = 'unknown'
      },
    })
    liveQuery(() => readFreshSlugs(magcache)).subscribe({ next: (slugs) => (freshSlugs.value = slugs) })
    void refresh()
    window.addEventListener('online', () => void refresh())
    setInterval(() => {
      if (document.visibilityState === 'visible' && navigator.onLine) void refresh()
    }, CONTENT_REFRESH_INTERVAL_MS)
  }

  async function refresh(): Promise<void> {
    if (isSyncing.value) return
    isSyncing.value = true
    error.value = null
    try {
      const [{ syncContent }, { cacheImages }] = await Promise.all([loadContentSync(), loadImageCache()])
      const result = await syncContent(magcache, { onProgress: (p) => (progress.value = p) })
      const urls = await allImageUrls(magcache)
      const images = await cacheImages(urls, { onProgress: (done, total) => (progress.value = { phase: 'images', done, total }) })
      imagesFailed.value = images.failed
      if (result.wasFirstDownload) void requestPersistentStorage()
      lastCheckedAt.value = Date.now()
    } catch (caught) {
      const { ContentSyncError } = await loadContentSync().catch(() => ({ ContentSyncError: undefined }))
      error.value = ContentSyncError && caught instanceof ContentSyncError ? caught.kind : 'unknown'
    } finally {
      isSyncing.value = false
      progress.value = null
    }
  }

  function item(slug: string): Promise<ContentItem | undefined> {
    return readItem(magcache, slug)
  }

  function markOpened(slug: string): Promise<void> {
    return markItemOpened(magcache, slug)
  }

  /** Frees space; the magazine downloads again on the next refresh. */
  async function clearCache(): Promise<void> {
    await clearMagazine(magcache)
    await (await loadImageCache()).clearImageCache()
  }

  return {
    cards, freshSlugs, isLoaded, isSyncing, progress, error, imagesFailed, lastCheckedAt,
    isEmpty, bySlug, start, refresh, item, markOpened, clearCache,
  }
})
