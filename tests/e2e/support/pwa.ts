// Helpers for driving the installed app: wait for the service worker and for the magazine download.
import { expect, type Page } from '@playwright/test'
import type { ContentDelta } from '../../../src/shared/content/types'
import { imageCount } from './checks'

/** Waits until a service worker is *activated* (not only registered or ready). */
export async function waitForActiveServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready
    const worker = registration.active!
    if (worker.state === 'activated') return
    await new Promise<void>((resolve) => {
      worker.addEventListener('statechange', () => {
        if (worker.state === 'activated') resolve()
      })
    })
  })
}

/** Waits until the magazine and all its images are on the device. */
export async function waitForMagazineDownload(page: Page, expected: { items: number; images: number }): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const exists = (await indexedDB.databases()).some((db) => db.name === 'magcache')
          const items = !exists ? 0 : await new Promise<number>((resolve) => {
            const open = indexedDB.open('magcache')
            open.onsuccess = () => {
              const db = open.result
              if (!db.objectStoreNames.contains('items')) return resolve(0)
              const count = db.transaction('items').objectStore('items').count()
              count.onsuccess = () => resolve(count.result)
              count.onerror = () => resolve(0)
            }
            open.onerror = () => resolve(0)
          })
          const names = await caches.keys()
          const imageCache = names.find((name) => name.startsWith('magazine-images'))
          const images = imageCache ? (await (await caches.open(imageCache)).keys()).length : 0
          return { items, images }
        }),
      { timeout: 30_000 },
    )
    .toEqual(expected)
}

/**
 * Waits until the whole magazine is stored (the content cursor is written). A first download shows the
 * cards before that, so a visible list does not mean that the bodies are there yet.
 */
export async function waitForContentCursor(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          if (!(await indexedDB.databases()).some((db) => db.name === 'magcache')) return undefined
          return new Promise<string | undefined>((resolve) => {
            const open = indexedDB.open('magcache')
            open.onsuccess = () => {
              const db = open.result
              if (!db.objectStoreNames.contains('meta')) return resolve(undefined)
              const get = db.transaction('meta').objectStore('meta').get('cursor')
              get.onsuccess = () => resolve((get.result as { value?: string } | undefined)?.value)
              get.onerror = () => resolve(undefined)
            }
            open.onerror = () => resolve(undefined)
          })
        }),
      { timeout: 30_000 },
    )
    .toEqual(expect.any(String))
}

/**
 * Airplane mode after an install: the app opened online until its service worker is active and the
 * whole magazine (images too) is on the device, then the server stopped and the network off.
 */
export async function installThenGoOffline(page: Page, server: { url: string; stop: () => Promise<void> }, magazine: ContentDelta): Promise<void> {
  await page.goto(server.url)
  await waitForActiveServiceWorker(page)
  await waitForMagazineDownload(page, { items: magazine.items.length, images: imageCount(magazine) })
  await server.stop()
  await page.context().setOffline(true)
}
