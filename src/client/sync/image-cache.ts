// Keeps every image of the magazine in Cache Storage, so that stories show their images offline.
// The page fills the cache itself (the service worker only reads it): the very first visit, before the
// worker controls the page, is exactly when the images must be fetched.
import { MAGAZINE_IMAGE_CACHE } from '../../shared/content/cache-names'

export interface CacheImagesOptions {
  onProgress?: (done: number, total: number) => void
  /** Parallel downloads: a few, to be kind to a slow connection. */
  concurrency?: number
}

/** Downloads missing images and drops cached ones no item uses any more. Answers how many failed. */
export async function cacheImages(urls: string[], options: CacheImagesOptions = {}): Promise<{ failed: number }> {
  if (typeof caches === 'undefined') return { failed: 0 }
  const { onProgress, concurrency = 4 } = options
  const cache = await caches.open(MAGAZINE_IMAGE_CACHE)
  const wanted = new Set(urls.map((url) => new URL(url, location.href).href))
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request)
  }
  const missing: string[] = []
  for (const url of wanted) if (!(await cache.match(url))) missing.push(url)

  let done = urls.length - missing.length
  let failed = 0
  onProgress?.(done, urls.length)
  const queue = [...missing]
  const worker = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      try {
        await cache.add(url)
      } catch {
        failed++
      }
      onProgress?.(++done, urls.length)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, missing.length) }, worker))
  return { failed }
}

export async function clearImageCache(): Promise<void> {
  if (typeof caches !== 'undefined') await caches.delete(MAGAZINE_IMAGE_CACHE)
}
