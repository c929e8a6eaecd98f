// The product's main promise: once installed, every item opens in airplane mode, images included.
import { expect, test } from '@playwright/test'
import type { ContentDelta } from '../../src/shared/content/types'
import { type AppServer, startAppServer } from './support/app-server'
import { fetchMagazine, imageCount } from './support/checks'
import { waitForActiveServiceWorker, waitForMagazineDownload } from './support/pwa'

let server: AppServer
let magazine: ContentDelta

test.beforeEach(async ({ request }) => {
  server = await startAppServer()
  magazine = await fetchMagazine(request, server.url)
})
test.afterEach(async () => {
  await server.dispose()
})

test('opens every item by its address offline, with its images, after the server is gone', async ({ page, context }) => {
  expect(magazine.items.length).toBeGreaterThanOrEqual(40)
  await page.goto(server.url)
  await waitForActiveServiceWorker(page)
  await waitForMagazineDownload(page, { items: magazine.items.length, images: imageCount(magazine) })

  await server.stop()
  await context.setOffline(true)

  for (const item of magazine.items) {
    await page.goto(`${server.url}/lezen/${item.slug}`)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(item.title)
    const firstParagraph = /<p>([^<]{20,80})/.exec(item.html)?.[1]
    if (firstParagraph) await expect(page.locator('.prose')).toContainText(firstParagraph.replace(/&quot;/g, '"').replace(/&amp;/g, '&').slice(0, 30))
    if (item.type === 'werkvorm') {
      await expect(page.locator('.werkvorm-card__steps > li')).toHaveCount(item.steps.length)
    }
    const images = page.locator('main img')
    for (let i = 0; i < (await images.count()); i++) {
      await images.nth(i).scrollIntoViewIfNeeded()
      await expect.poll(() => images.nth(i).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    }
  }

  await page.goto(`${server.url}/werkvormen`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Werkvormen')
  await expect(page.locator('.item-card')).toHaveCount(magazine.items.filter((i) => i.type === 'werkvorm').length)
  await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible()
})

test('an unknown address offline shows "niet gevonden" with a way back', async ({ page, context }) => {
  await page.goto(server.url)
  await waitForActiveServiceWorker(page)
  await waitForMagazineDownload(page, { items: magazine.items.length, images: imageCount(magazine) })
  await server.stop()
  await context.setOffline(true)

  await page.goto(`${server.url}/lezen/bestaat-niet`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Niet gevonden')
  await page.getByRole('link', { name: 'Naar de startpagina' }).click()
  await expect(page.getByRole('heading', { name: 'Nieuwste' })).toBeVisible()
})

test('the reading position survives a reload and the story shows under "Verder lezen"', async ({ page }) => {
  const longest = [...magazine.items].sort((a, b) => b.readingMinutes - a.readingMinutes)[0]!
  await page.goto(`${server.url}/lezen/${longest.slug}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(longest.title)
  // On a first visit the header shows from the card before the body has landed.
  await expect(page.locator('.prose')).toBeVisible()
  const target = await page.evaluate(() => {
    const top = Math.round((document.documentElement.scrollHeight - innerHeight) * 0.5)
    window.scrollTo(0, top)
    return top
  })
  // The position is saved shortly after scrolling stops.
  await page.waitForTimeout(800)
  await page.reload()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(longest.title)
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(target * 0.9)
  expect(await page.evaluate(() => window.scrollY)).toBeLessThan(target * 1.1)

  await page.getByRole('link', { name: 'Overzicht' }).click()
  const continueSection = page.getByRole('region', { name: 'Verder lezen' })
  await expect(continueSection.getByRole('link', { name: longest.title })).toBeVisible()
})
