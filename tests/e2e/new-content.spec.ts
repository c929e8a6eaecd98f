// Editors publish: the next online start downloads only the change and marks the item "nieuw".
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import type { ContentDelta } from '../../src/shared/content/types'
import { type AppServer, startAppServer } from './support/app-server'
import { waitForActiveServiceWorker, waitForContentCursor } from './support/pwa'

let server: AppServer
test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await server.dispose()
})

const NEW_ITEM = `---
type: verhaal
title: Een nieuw verhaal over samen leren
summary: Dit verhaal kwam later in het magazine. De app haalt alleen dit verhaal op.
authors: [Redactie Slimmernetwerk]
themes: [leren]
published: 2026-11-20
---
Collega's uit drie gemeenten leerden van elkaar. Ze spraken elke maand af.
`

test('a new content file shows as "nieuw" after the next sync, and only the change travels', async ({ page, request }) => {
  await page.goto(server.url)
  await expect(page.getByRole('heading', { name: 'Nieuwste' })).toBeVisible()
  await expect(page.locator('.download-progress')).toHaveCount(0)
  await waitForContentCursor(page)
  const { cursor } = (await (await request.get(`${server.url}/api/v1/content`)).json()) as ContentDelta

  writeFileSync(path.join(server.contentDir, 'verhaal-nieuw-samen-leren.md'), NEW_ITEM)
  // The server watches content/: wait until the change is in its delta.
  await expect
    .poll(async () => ((await (await request.get(`${server.url}/api/v1/content?since=${cursor}`)).json()) as ContentDelta).items.length)
    .toBe(1)

  const delta = page.waitForResponse((response) => response.url().includes('/api/v1/content?since='))
  await page.reload()
  const body = (await (await delta).json()) as ContentDelta
  expect(body.full).toBe(false)
  expect(body.items.map((item) => item.slug)).toEqual(['verhaal-nieuw-samen-leren'])

  const fresh = page.getByRole('region', { name: 'Nieuw sinds je laatste bezoek' })
  await expect(fresh.getByRole('link', { name: 'Een nieuw verhaal over samen leren' })).toBeVisible()
  await expect(fresh.getByText('Nieuw', { exact: true })).toBeVisible()

  // Once read, it is no longer new.
  await fresh.getByRole('link', { name: 'Een nieuw verhaal over samen leren' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Een nieuw verhaal over samen leren')
  await page.getByRole('link', { name: 'Overzicht' }).click()
  await expect(page.getByRole('heading', { name: 'Nieuwste' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Nieuw sinds je laatste bezoek' })).toHaveCount(0)
})

test('a failed update keeps the cached magazine and offers a retry', async ({ page }) => {
  await page.goto(server.url)
  await waitForActiveServiceWorker(page)
  await expect(page.getByRole('heading', { name: 'Nieuwste' })).toBeVisible()
  await expect(page.locator('.download-progress')).toHaveCount(0)
  await waitForContentCursor(page)

  await server.stop()
  await page.reload()
  await expect(page.getByRole('alert')).toContainText('Nieuwe verhalen ophalen lukte niet')
  await expect(page.locator('.item-card').first()).toBeVisible()

  await server.start()
  await page.getByRole('button', { name: 'Probeer opnieuw' }).click()
  await expect(page.getByRole('alert')).toHaveCount(0)
})

test.describe('a first visit whose full download fails after the cards', () => {
  // page.route sees the page's own requests; keep the service worker out of the way.
  test.use({ serviceWorkers: 'block' })

  test('shows the cards, says the stories are not there yet, and completes on a retry', async ({ page }) => {
    const isFullDownload = (url: URL) => url.pathname === '/api/v1/content' && url.search === ''
    await page.route(isFullDownload, (route) => route.abort('internetdisconnected'))

    await page.goto(`${server.url}/verhalen`)
    await expect(page.locator('.item-card').first()).toBeVisible()
    await expect(page.getByRole('alert')).toContainText('De lijst staat op je telefoon, maar de verhalen zelf konden nog niet worden gedownload.')

    const first = page.locator('.item-card a').first()
    const title = (await first.textContent())!.trim()
    await first.click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
    await expect(page.getByRole('status').filter({ hasText: 'Dit verhaal kon nog niet worden gedownload.' })).toBeVisible()
    await expect(page.getByText('Niet gevonden')).toHaveCount(0)

    await page.unroute(isFullDownload)
    await page.getByRole('button', { name: 'Probeer opnieuw' }).click()
    await expect(page.locator('.prose')).toBeVisible()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title)
  })
})
