// The Doetank notebook in the installed app: a note written offline, closed a moment after the last
// keystroke, is all there when the app opens again offline; the list and the editor pass axe-core.
import { expect, test } from '@playwright/test'
import { type AppServer, startAppServer } from './support/app-server'
import { expectNoAxeViolations, fetchMagazine } from './support/checks'
import { installThenGoOffline, waitForActiveServiceWorker } from './support/pwa'

let server: AppServer
test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await server.dispose()
})

const WERKVORM = 'Pre-mortem: stel je voor dat het mislukt is'

test('a note written offline and closed right after typing is all there when the app opens again offline', async ({ page, context, request }) => {
  const magazine = await fetchMagazine(request, server.url)
  await installThenGoOffline(page, server, magazine)

  await page.goto(`${server.url}/notities`)
  await page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  await expect(page).toHaveURL(/\/notities\/[0-9a-f-]{36}$/)
  await expect(page.getByLabel('Titel')).toBeFocused()
  await page.keyboard.type('Pre-mortem met het loketteam')
  await page.getByLabel('Doetank').fill('Heldere brieven')
  await page.getByLabel('Vraag / wat we geloofden').fill('Als we vooraf bedenken wat mis kan gaan,\ndan gaat de pilot beter.')
  await page.getByLabel('Wat we deden').fill('Tien minuten stil geschreven, daarna gedeeld.')
  await page.getByLabel('Wat we zagen').fill('Iedereen noemde de telefoonlijn.')
  await page.getByRole('radio', { name: 'Bijsturen', exact: true }).check()
  await page.getByText('Werkvorm kiezen').click()
  await page.getByLabel('Zoek een werkvorm').fill('mortem')
  await page.getByRole('checkbox', { name: WERKVORM }).check()
  await expect(page.locator('.note-chip')).toContainText(WERKVORM)

  // The last words, then the app is closed at once: well within 300 ms of the last keystroke.
  const nextStep = page.getByLabel('Volgende stap')
  await nextStep.click()
  await nextStep.pressSequentially('Telefoonlijn testen', { delay: 20 })
  const lastKeystrokeAt = Date.now()
  // Measured when the close is sent, not when Chromium is done with it: on a loaded machine the closing
  // itself can take longer than the autosave's delay, which says nothing about how soon she closed.
  const closing = page.close()
  const closedAfterMs = Date.now() - lastKeystrokeAt
  await closing
  expect(closedAfterMs).toBeLessThan(300)

  const reopened = await context.newPage()
  await reopened.goto(`${server.url}/notities`)
  await reopened.getByRole('link', { name: 'Pre-mortem met het loketteam' }).click()
  await expect(reopened.getByLabel('Titel')).toHaveValue('Pre-mortem met het loketteam')
  await expect(reopened.getByLabel('Doetank')).toHaveValue('Heldere brieven')
  await expect(reopened.getByLabel('Vraag / wat we geloofden')).toHaveValue('Als we vooraf bedenken wat mis kan gaan,\ndan gaat de pilot beter.')
  await expect(reopened.getByLabel('Wat we deden')).toHaveValue('Tien minuten stil geschreven, daarna gedeeld.')
  await expect(reopened.getByLabel('Wat we zagen')).toHaveValue('Iedereen noemde de telefoonlijn.')
  await expect(reopened.getByLabel('Volgende stap')).toHaveValue('Telefoonlijn testen')
  await expect(reopened.getByRole('radio', { name: 'Bijsturen', exact: true })).toBeChecked()
  await expect(reopened.locator('.note-chip')).toContainText(WERKVORM)
})

test('"Gebruik in notitie" on a werkvorm opens a new note linked to it', async ({ page }) => {
  await page.goto(`${server.url}/lezen/werkvorm-pre-mortem`)
  await page.getByRole('link', { name: 'Gebruik in notitie' }).click()
  await expect(page).toHaveURL(/\/notities\/[0-9a-f-]{36}$/)
  await expect(page.getByLabel('Titel')).toBeFocused()
  await expect(page.locator('.note-chip')).toContainText(WERKVORM)
})

test('text shared from another app (the share target) lands in a new note, offline too', async ({ page, context, request }) => {
  const manifest = (await (await request.get(`${server.url}/manifest.webmanifest`)).json()) as {
    share_target?: { action: string; method: string; params: Record<string, string> }
    shortcuts?: { name: string; url: string }[]
  }
  expect(manifest.share_target).toEqual({ action: '/notities/nieuw', method: 'GET', params: { title: 'title', text: 'text', url: 'url' } })
  expect(manifest.shortcuts?.find((shortcut) => shortcut.name === 'Nieuwe notitie')?.url).toBe('/notities/nieuw')

  await page.goto(server.url)
  await waitForActiveServiceWorker(page)
  await server.stop()
  await context.setOffline(true)
  const shared = new URLSearchParams({ title: 'Nieuwe regels voor het loket', text: 'Lezen voor de Doetank', url: 'https://example.nl/regels' })
  await page.goto(`${server.url}${manifest.share_target!.action}?${shared}`)
  await expect(page).toHaveURL(/\/notities\/[0-9a-f-]{36}$/)
  await expect(page.getByLabel('Titel')).toHaveValue('Nieuwe regels voor het loket')
  await expect(page.getByLabel('Notitie', { exact: true })).toHaveValue('Lezen voor de Doetank\n\nhttps://example.nl/regels')
  // Back does not make a second note: the new-note address replaced itself.
  await page.getByRole('link', { name: '← Notities' }).click()
  await expect(page.getByRole('link', { name: 'Nieuwe regels voor het loket' })).toHaveCount(1)
})

test('the list finds notes by Doetank, werkvorm and text, and keeps the filters on reload', async ({ page }) => {
  for (const [title, doetank] of [['Brieven testen', 'Heldere brieven'], ['Loket in de bieb', 'Buurtloket']] as const) {
    await page.goto(`${server.url}/notities/nieuw`)
    await page.getByLabel('Titel').fill(title)
    await page.getByLabel('Doetank').fill(doetank)
    await page.getByLabel('Wat we zagen').fill(title === 'Loket in de bieb' ? 'Veel vragen over één formulier.' : 'Korte zinnen werken.')
    await expect(page.getByText('Opgeslagen')).toBeVisible()
  }
  await page.goto(`${server.url}/notities`)
  await page.getByLabel('Zoek in je notities').fill('EEN FORMULIER')
  await expect(page.getByRole('link', { name: 'Loket in de bieb' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Brieven testen' })).toHaveCount(0)
  await page.reload()
  await expect(page.getByLabel('Zoek in je notities')).toHaveValue('EEN FORMULIER')
  await expect(page.getByRole('link', { name: 'Brieven testen' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Filters wissen' }).click()
  await page.getByRole('combobox', { name: 'Doetank' }).selectOption('Heldere brieven')
  await expect(page.getByRole('link', { name: 'Brieven testen' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Loket in de bieb' })).toHaveCount(0)
  await expect(page).toHaveURL(/doetank=Heldere/)
})

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the notes list and the editor have no axe violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme })
    await page.goto(`${server.url}/lezen/werkvorm-pre-mortem`)
    await page.getByRole('link', { name: 'Gebruik in notitie' }).click()
    await page.getByLabel('Titel').fill('Toegankelijke notitie')
    await page.getByLabel('Doetank').fill('Heldere brieven')
    await page.getByLabel('Tags').fill('pilot,')
    await page.getByRole('radio', { name: 'Doorgaan', exact: true }).check()
    await page.getByText('Werkvorm kiezen').click()
    await expect(page.getByText('Opgeslagen')).toBeVisible()
    await expectNoAxeViolations(page)

    await page.getByRole('link', { name: '← Notities' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Notities' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Toegankelijke notitie' })).toBeVisible()
    await page.getByLabel('Zoek in je notities').fill('toegankelijk')
    await expect(page.getByText('1 notitie gevonden')).toBeVisible()
    await expectNoAxeViolations(page)
  })
}
