// The app installed in a Chromium profile, as a phone has it after a first visit: the benches that time
// cold starts (notes editor, search) install once, stop the server, then start new browsers on the profile.
import { type BrowserContext, type CDPSession, chromium, devices, type Page } from '@playwright/test'
import { imageUrls } from '../src/shared/content/image-urls'
import type { ContentDelta } from '../src/shared/content/types'
import { withTimeout } from './util'

const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
export const INSTALL_STEP_TIMEOUT_MS = 30_000

/** A new browser process on the profile: a Pixel 7 at 390×844, Dutch, headless. */
export async function launchProfile(profileDir: string, chromePath: string): Promise<BrowserContext> {
  const { userAgent, deviceScaleFactor, isMobile, hasTouch } = devices['Pixel 7']
  const context = await withTimeout(
    chromium.launchPersistentContext(profileDir, {
      userAgent,
      deviceScaleFactor,
      isMobile,
      hasTouch,
      executablePath: chromePath,
      headless: true,
      viewport: { width: 390, height: 844 },
      locale: 'nl-NL',
      serviceWorkers: 'allow',
      args: BROWSER_ARGS,
    }),
    60_000,
    'Chromium launch',
  )
  // tsx keeps function names by wrapping inner functions in __name(…): the functions sent to the page need it there.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn' })
  return context
}

/**
 * A new browser process on the profile, offline, the page's CPU slowed `cpuSlowdown`× before it navigates:
 * a cold start of the installed app on a mid-range phone in airplane mode. `prepare` adds init scripts.
 */
export async function startOfflineSlowed(
  profileDir: string,
  chromePath: string,
  options: { cpuSlowdown: number; prepare?: (page: Page) => Promise<unknown> },
): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession }> {
  const context = await launchProfile(profileDir, chromePath)
  try {
    await context.setOffline(true)
    const page = context.pages()[0] ?? (await context.newPage())
    await options.prepare?.(page)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuSlowdown })
    // A second CDP session on the page undoes setOffline for the page (navigator.onLine was true again,
    // seen with Chromium 156): say "offline" on this session too. setOffline still covers the worker.
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 })
    return { context, page, cdp }
  } catch (error) {
    await context.close()
    throw error
  }
}

/** The figures mean nothing unless the service worker served the page with the network off. */
export async function assertOfflineUnderWorker(page: Page): Promise<void> {
  const state = await page.evaluate(() => ({ isControlled: navigator.serviceWorker.controller !== null, isOnline: navigator.onLine }))
  if (!state.isControlled || state.isOnline) throw new Error(`expected an offline page under the service worker, got ${JSON.stringify(state)}`)
}

/** Online: the service worker installed and in control, the magazine (images too) stored. */
export async function installAppOnProfile(profileDir: string, chromePath: string, origin: string): Promise<void> {
  const delta = (await (await fetch(`${origin}/api/v1/content`)).json()) as ContentDelta
  const expected = { items: delta.items.length, images: imageUrls(delta.items).length }

  const context = await launchProfile(profileDir, chromePath)
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await page.goto(`${origin}/`)
    await withTimeout(page.evaluate(waitForActivatedWorker), INSTALL_STEP_TIMEOUT_MS, 'service worker activation')
    // The first load is not controlled by the worker it installed.
    await page.reload()
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: INSTALL_STEP_TIMEOUT_MS })
    const deadline = Date.now() + 60_000
    let stored = await page.evaluate(magazineStored)
    while (!(stored.hasCursor && stored.items === expected.items && stored.images >= expected.images)) {
      if (Date.now() > deadline) throw new Error(`the magazine was not stored within 60 s: ${JSON.stringify(stored)}, expected ${JSON.stringify(expected)}`)
      await page.waitForTimeout(250)
      stored = await page.evaluate(magazineStored)
    }
  } finally {
    await context.close()
  }
}

function waitForActivatedWorker(): Promise<void> {
  return navigator.serviceWorker.ready.then((registration) => {
    const worker = registration.active!
    if (worker.state === 'activated') return
    return new Promise<void>((resolve) => {
      worker.addEventListener('statechange', () => {
        if (worker.state === 'activated') resolve()
      })
    })
  })
}

/** The app's "magazine stored" signal: the content cursor is written once every item is (see tests/e2e/support/pwa.ts). */
async function magazineStored(): Promise<{ hasCursor: boolean; items: number; images: number }> {
  const exists = (await indexedDB.databases()).some((db) => db.name === 'magcache')
  const fromCache = !exists
    ? { hasCursor: false, items: 0 }
    : await new Promise<{ hasCursor: boolean; items: number }>((resolve) => {
      const open = indexedDB.open('magcache')
      open.onerror = () => resolve({ hasCursor: false, items: 0 })
      open.onsuccess = () => {
        const db = open.result
        if (!db.objectStoreNames.contains('meta') || !db.objectStoreNames.contains('items')) {
          db.close()
          return resolve({ hasCursor: false, items: 0 })
        }
        const tx = db.transaction(['meta', 'items'])
        const cursor = tx.objectStore('meta').get('cursor')
        const count = tx.objectStore('items').count()
        tx.oncomplete = () => {
          db.close()
          resolve({ hasCursor: typeof (cursor.result as { value?: unknown } | undefined)?.value === 'string', items: count.result })
        }
        tx.onerror = () => {
          db.close()
          resolve({ hasCursor: false, items: 0 })
        }
      }
    })
  const imageCache = (await caches.keys()).find((name) => name.startsWith('magazine-images'))
  const images = imageCache ? (await (await caches.open(imageCache)).keys()).length : 0
  return { ...fromCache, images }
}
