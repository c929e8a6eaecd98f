// The magazine as the views see it: the cached items, what is new, and how the download goes.
import { liveQuery } from 'dexie'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ContentItem } from '../../shared/content/types'
import { CONTENT_REFRESH_INTERVAL_MS } from '../constants'
import { magcache } from '../db/instances'
import { allImageUrls, clearMagazine, markItemOpened, readCards, readCursor, readFreshSlugs, readItem } from '../db/magazine-db'
import type { ItemCard } from '../db/magcache'
import type { ContentSyncErrorKind, ContentSyncProgress } from '../sync/content-sync'
import { requestFirstCards } from '../sync/first-cards'

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
  /** The content cursor: undefined until the whole magazine (bodies included) is stored. */
  const cursor = ref<string | undefined>()
  let isStarted = false
  /** On a first visit the cards are asked for at once, while the download code is still loading. */
  let firstCards: Promise<Response | undefined> | undefined

  const isEmpty = computed(() => isLoaded.value && cards.value.length === 0)
  const bySlug = computed(() => new Map(cards.value.map((card) => [card.slug, card])))
  /** The cards of a first download are there, the bodies not yet (still downloading, or that failed). */
  const isPartial = computed(() => isLoaded.value && cards.value.length > 0 && cursor.value === undefined)

  function start(): void {
    if (isStarted) return
    isStarted = true
    firstCards = requestFirstCards(magcache)
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
    liveQuery(() => readCursor(magcache)).subscribe({ next: (value) => (cursor.value = value) })
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
      const [{ syncContent, cardsPainted }, { cacheImages }] = await Promise.all([loadContentSync(), loadImageCache()])
      const cardsResponse = firstCards
      firstCards = undefined
      const result = await syncContent(magcache, { onProgress: (p) => (progress.value = p), onCardsStored: () => cardsPainted(() => cards.value.length > 0), cardsResponse })
      const urls = await allImageUrls(magcache)
      const images = await cacheImages(urls, { onProgress: (done, total) => (progress.value = { phase: 'images', done, total }) })
      imagesFailed.value = images.failed
      if (result.wasFirstDownload) void import('../composables/useStorageInfo').then(({ requestPersistentStorage }) => requestPersistentStorage())
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
    cards, freshSlugs, isLoaded, isSyncing, progress, error, imagesFailed, lastCheckedAt, cursor,
    isEmpty, isPartial, bySlug, start, refresh, item, markOpened, clearCache,
  }
})
