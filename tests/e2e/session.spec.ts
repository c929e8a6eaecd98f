// Session mode on the phone in a Doetank: offline, a werkvorm's steps with a timer that survives leaving.
import { expect, test } from '@playwright/test'
import type { ContentDelta, WerkvormItem } from '../../src/shared/content/types'
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

test('runs a werkvorm offline step by step, and is still on step 2 after leaving and coming back', async ({ page, context }) => {
  const werkvorm = magazine.items.find((item): item is WerkvormItem => item.slug === 'werkvorm-stille-brainstorm')!
  const [first, second] = werkvorm.steps
  await page.goto(server.url)
  await waitForActiveServiceWorker(page)
  await waitForMagazineDownload(page, { items: magazine.items.length, images: imageCount(magazine) })

  await server.stop()
  await context.setOffline(true)
  // The clock runs as usual, and jumps forward when the test says so.
  await page.clock.install()

  await page.goto(`${server.url}/lezen/${werkvorm.slug}`)
  await page.getByRole('link', { name: 'Start sessie' }).click()
  await expect(page).toHaveURL(`${server.url}/werkvormen/${werkvorm.slug}/sessie`)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(werkvorm.title)
  const stepCount = page.locator('.session-step__count')
  const stepClock = page.locator('.session-clock__step time')
  await expect(stepCount).toHaveText(`Stap 1 van ${werkvorm.steps.length}`)
  await expect(page.getByRole('heading', { level: 2, name: first!.title })).toBeVisible()
  await expect(stepClock).toHaveText(`${first!.minutes}:00`)

  await page.getByRole('button', { name: 'Start' }).click()
  await page.clock.fastForward('01:00')
  await expect(stepClock).toHaveText(`${first!.minutes - 1}:00`)
  await page.clock.fastForward(`0${first!.minutes - 1}:00`)
  await expect(page.locator('.session-clock')).toContainText('De tijd is om')
  await expect(page.getByRole('status').filter({ hasText: `De tijd van stap 1 is om: ${first!.title}` })).toBeAttached()

  await page.getByRole('button', { name: 'Volgende' }).click()
  await expect(stepCount).toHaveText(`Stap 2 van ${werkvorm.steps.length}`)
  await expect(page.getByRole('heading', { level: 2, name: second!.title })).toBeVisible()
  await expect(stepClock).toHaveText(`${second!.minutes}:00`)
  await page.clock.fastForward('01:00')
  await expect(stepClock).toHaveText(`${second!.minutes - 1}:00`)

  // She leaves for the werkvorm's page, and comes back half a minute later: the timer ran on.
  await page.getByRole('link', { name: 'Terug naar de werkvorm' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(werkvorm.title)
  await page.clock.fastForward('00:30')
  await page.getByRole('link', { name: 'Start sessie' }).click()
  await expect(stepCount).toHaveText(`Stap 2 van ${werkvorm.steps.length}`)
  await expect(stepClock).toHaveText(`${second!.minutes - 2}:30`)
  await expect(page.getByRole('button', { name: 'Pauze' })).toBeVisible()

  // Also after the app was closed and opened again.
  await page.reload()
  await expect(stepCount).toHaveText(`Stap 2 van ${werkvorm.steps.length}`)
  await expect(page.getByText('Je scherm blijft aan zolang deze pagina open is.').or(page.getByText('Je scherm kan uit gaan.'))).toBeVisible()
  await expectNoAxeViolations(page, ['light', 'dark'])

  const note = page.getByRole('link', { name: 'Notitie bij deze sessie' })
  const href = new URL((await note.getAttribute('href'))!, server.url)
  expect(href.pathname).toBe('/notities/nieuw')
  expect(href.searchParams.get('werkvorm')).toBe(werkvorm.slug)
  expect(href.searchParams.get('titel')).toMatch(new RegExp(`^${werkvorm.title} \\d{1,2} [a-z]+ \\d{4}$`))

  for (let step = 2; step < werkvorm.steps.length; step++) await page.getByRole('button', { name: 'Volgende' }).click()
  await page.getByRole('button', { name: 'Afronden' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Klaar!' })).toBeFocused()
  await expectNoAxeViolations(page, ['light', 'dark'])
})

test('an unknown werkvorm, or an item that is no werkvorm, says "niet gevonden" with a way back', async ({ page }) => {
  await page.goto(server.url)
  await waitForMagazineDownload(page, { items: magazine.items.length, images: imageCount(magazine) })
  const verhaal = magazine.items.find((item) => item.type === 'verhaal')!

  for (const slug of ['bestaat-niet', verhaal.slug]) {
    await page.goto(`${server.url}/werkvormen/${slug}/sessie`)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Niet gevonden')
    await expect(page.getByText('Deze werkvorm staat niet (meer) in het magazine.')).toBeVisible()
  }
  await page.getByRole('link', { name: 'Naar de startpagina' }).click()
  await expect(page.getByRole('heading', { name: 'Nieuwste' })).toBeVisible()
})
