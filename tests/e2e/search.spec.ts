// Search on the phone in airplane mode: a word from a story's body, in another form and without its
// accent, finds it; her own notes are found too, also one she wrote a moment ago; axe on the results.
import { expect, type Page, test } from '@playwright/test'
import { type AppServer, startAppServer } from './support/app-server'
import { expectNoAxeViolations, fetchMagazine } from './support/checks'
import { addLine } from './support/devices'
import { installThenGoOffline } from './support/pwa'

let server: AppServer

test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await server.dispose()
})

const searchField = (page: Page) => page.getByRole('search').getByRole('searchbox', { name: 'Zoeken in het magazine en je notities' })
const hits = (page: Page) => page.locator('.search-hit')

test('finds a story by a word from its body, in another form and without its accent, offline', async ({ page, request }) => {
  const magazine = await fetchMagazine(request, server.url)
  const story = magazine.items.find((item) => item.slug === 'verhaal-vergunning-in-vijf-weken')!
  // The word is in the body only: "cafébaas"; she types the plural, without the accent.
  expect(story.html).toContain('cafébaas')
  expect(`${story.title} ${story.summary}`).not.toMatch(/caf[eé]/i)

  await installThenGoOffline(page, server, magazine)
  await page.reload()

  await searchField(page).click()
  await page.keyboard.type('cafebazen')
  await expect(page).toHaveURL(/\/zoeken\?q=cafebazen$/)
  await expect(page.getByRole('status').filter({ hasText: 'resultaat' })).toHaveText('1 resultaat voor "cafebazen"')
  const hit = hits(page).first()
  await expect(hit.getByRole('link')).toHaveText(story.title)
  await expect(hit.locator('mark')).toHaveText(['cafébaas'])

  // Two words, one with a typo: the analysis of trust in the neighbourhood is among the results.
  await searchField(page).fill('vertrouwen wijk')
  await expect(hits(page).getByRole('link', { name: 'Resultatenanalyse: Meetlat Vertrouwen' })).toBeVisible()
  await searchField(page).fill('vertrouwne wijk')
  await expect(hits(page).getByRole('link', { name: 'Resultatenanalyse: Meetlat Vertrouwen' })).toBeVisible()

  // The type filter is in the address: a reload keeps it.
  await searchField(page).fill('ideeën')
  await page.getByRole('radio', { name: /^Werkvormen/ }).check()
  await expect(page).toHaveURL(/soort=werkvorm/)
  await page.reload()
  await expect(page.getByRole('radio', { name: /^Werkvormen/ })).toBeChecked()
  await expect(hits(page).locator('.search-hit__type')).not.toHaveText([])
  for (const type of await hits(page).locator('.search-hit__type').allInnerTexts()) expect(type.toLowerCase()).toBe('werkvorm')

  await expectNoAxeViolations(page, ['light', 'dark'])

  // With the filter still on Werkvormen, she is told where the result is.
  await searchField(page).fill('cafebazen')
  await expect(page.getByRole('status').filter({ hasText: 'cafebazen' })).toHaveText('Geen werkvormen gevonden voor "cafebazen". Kies Alles voor het resultaat dat er wel is.')
  await page.getByRole('radio', { name: 'Alles (1)' }).check()
  await expect(hits(page)).toHaveCount(1)
  await hits(page).first().getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(story.title)
})

test('finds her own notes, also one written a moment ago, and not one in the trash', async ({ page, request }) => {
  const magazine = await fetchMagazine(request, server.url)
  await installThenGoOffline(page, server, magazine)

  await page.goto(`${server.url}/zoeken?q=wethouder`)
  await expect(page.getByRole('status').filter({ hasText: 'resulta' })).toBeVisible()
  await expect(page.getByRole('radio', { name: /^Notities/ })).toHaveCount(0)

  await page.goto(`${server.url}/notities`)
  await page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  await expect(page.getByLabel('Titel')).toBeFocused()
  await page.keyboard.type('Sessie met de wijkraad')
  await addLine(page, 'De wethouder schoof onverwacht aan')

  await searchField(page).fill('wethouders')
  await page.getByRole('radio', { name: /^Notities \(1\)/ }).check()
  await expect(hits(page)).toHaveCount(1)
  await expect(hits(page).getByRole('link')).toHaveText('Sessie met de wijkraad')
  await expect(hits(page).locator('.search-hit__type')).toHaveText('Notitie')
  await expect(hits(page).locator('mark')).toHaveText(['wethouder'])
  await hits(page).getByRole('link').click()
  await expect(page.getByLabel('Titel')).toHaveValue('Sessie met de wijkraad')

  await page.getByRole('button', { name: 'Naar de prullenbak' }).click()
  // The app goes back to the list once the note is in the trash: only then does she search again.
  await expect(page).toHaveURL(`${server.url}/notities`)
  await page.goto(`${server.url}/zoeken?q=wijkraad&soort=notitie`)
  await expect(page.getByRole('status').filter({ hasText: 'gevonden' })).toHaveText('Niets gevonden voor "wijkraad".')
})
