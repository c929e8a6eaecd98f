// Preparing a session on the train: find werkvormen by goal, time and group size offline, keep two, find them under Bewaard.
import { expect, type Page, test } from '@playwright/test'
import type { ContentDelta } from '../../src/shared/content/types'
import { type AppServer, startAppServer } from './support/app-server'
import { expectNoAxeViolations, fetchMagazine, imageCount } from './support/checks'
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

/** From content/: goal testen or leren, durationMin ≤ 30 and groupMin ≤ 4 ≤ groupMax, shortest first. */
const TESTEN_LEREN_30_MIN_4_PEOPLE = [
  'Het leerlogboek: één experiment, één kaart',
  'Pre-mortem: stel je voor dat het mislukt is',
  'Prototype op papier: snel iets om te testen',
]

function cardTitles(page: Page) {
  return page.locator('main .item-card__title')
}

test('offline, filters the werkvormen to a known set, keeps the filter on reload, and finds two bookmarks under Bewaard', async ({ page, context }) => {
  const werkvormCount = magazine.items.filter((item) => item.type === 'werkvorm').length
  await page.goto(server.url)
  await waitForActiveServiceWorker(page)
  await waitForMagazineDownload(page, { items: magazine.items.length, images: imageCount(magazine) })
  await server.stop()
  await context.setOffline(true)

  await page.goto(`${server.url}/werkvormen`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Werkvormen')
  await expect(cardTitles(page)).toHaveCount(werkvormCount)

  await page.getByRole('checkbox', { name: /^Testen/ }).check()
  await page.getByRole('checkbox', { name: /^Leren/ }).check()
  await page.getByLabel('Past in').selectOption('30')
  await page.getByLabel('Aantal mensen').fill('4')

  await expect(page).toHaveURL(`${server.url}/werkvormen?doel=testen,leren&tijd=30&groep=4`)
  await expect(cardTitles(page)).toHaveText(TESTEN_LEREN_30_MIN_4_PEOPLE)
  await expect(page.getByRole('status').filter({ hasText: 'passen' })).toHaveText('3 werkvormen passen')

  await page.reload()
  await expect(cardTitles(page)).toHaveText(TESTEN_LEREN_30_MIN_4_PEOPLE)
  await expect(page.getByRole('checkbox', { name: /^Testen/ })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: /^Leren/ })).toBeChecked()
  await expect(page.getByRole('checkbox', { name: /^Verkennen/ })).not.toBeChecked()
  await expect(page.getByLabel('Past in')).toHaveValue('30')
  await expect(page.getByLabel('Aantal mensen')).toHaveValue('4')

  // Keep two: they move to the top, under "Bewaard".
  for (const title of [TESTEN_LEREN_30_MIN_4_PEOPLE[2]!, TESTEN_LEREN_30_MIN_4_PEOPLE[0]!]) {
    const toggle = page.getByRole('button', { name: new RegExp(`Bewaren.*${title.slice(0, 20)}`) })
    await toggle.click()
  }
  const kept = page.getByRole('region', { name: 'Bewaard' })
  await expect(kept.locator('.item-card__title')).toHaveText([TESTEN_LEREN_30_MIN_4_PEOPLE[0]!, TESTEN_LEREN_30_MIN_4_PEOPLE[2]!])
  await expect(kept.getByRole('button', { pressed: true })).toHaveCount(2)
  await expect(page.getByRole('region', { name: 'Andere werkvormen' }).locator('.item-card__title')).toHaveText([TESTEN_LEREN_30_MIN_4_PEOPLE[1]!])

  await page.getByRole('link', { name: 'Alles wat je bewaard hebt' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bewaard')
  const werkvormen = page.getByRole('region', { name: 'Werkvormen' })
  await expect(werkvormen.locator('.item-card__title')).toHaveText([TESTEN_LEREN_30_MIN_4_PEOPLE[0]!, TESTEN_LEREN_30_MIN_4_PEOPLE[2]!])

  // Still there after a reload, offline.
  await page.reload()
  await expect(page.getByRole('region', { name: 'Werkvormen' }).locator('.item-card__title')).toHaveCount(2)
})

test('a filter that nothing fits says so, and "Wis filters" brings all werkvormen back', async ({ page }) => {
  const werkvormCount = magazine.items.filter((item) => item.type === 'werkvorm').length
  await page.goto(`${server.url}/werkvormen?doel=besluiten&groep=40`)
  await expect(page.getByText('Geen enkele werkvorm past')).toBeVisible()
  await expect(cardTitles(page)).toHaveCount(0)

  await page.getByRole('button', { name: 'Wis filters' }).click()
  await expect(page).toHaveURL(`${server.url}/werkvormen`)
  await expect(cardTitles(page)).toHaveCount(werkvormCount)
})

for (const colorScheme of ['light', 'dark'] as const) {
  test(`werkvormen and bewaard have no axe violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme })

    await page.goto(`${server.url}/bewaard`)
    await expect(page.getByRole('heading', { name: 'Je hebt nog niets bewaard' })).toBeVisible()
    await expectNoAxeViolations(page)

    await page.goto(`${server.url}/werkvormen?doel=testen&tijd=45`)
    await expect(cardTitles(page).first()).toBeVisible()
    await page.getByRole('button', { name: /Bewaren.*Pre-mortem/ }).click()
    await expect(page.getByRole('region', { name: 'Bewaard' }).getByRole('button', { pressed: true })).toBeVisible()
    await expectNoAxeViolations(page)

    await page.getByRole('link', { name: 'Alles wat je bewaard hebt' }).click()
    await expect(page.getByRole('region', { name: 'Werkvormen' }).getByRole('button', { pressed: true })).toBeVisible()
    await expectNoAxeViolations(page)
  })
}
