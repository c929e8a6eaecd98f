// WCAG 2.1 AA by axe-core on the main pages, at a phone's size, in both colour themes.
import { expect, test } from '@playwright/test'
import { type AppServer, startAppServer } from './support/app-server'
import { expectNoAxeViolations } from './support/checks'
import { installFakeVoices } from './support/fake-speech'

let server: AppServer
test.beforeAll(async () => {
  server = await startAppServer()
})
test.afterAll(async () => {
  await server.dispose()
})

const pages = [
  { name: 'home', path: '/', heading: 'Nieuwste' },
  { name: 'list', path: '/verhalen', heading: 'Verhalen' },
  { name: 'reader (verhaal)', path: '/lezen/verhaal-brieven-die-niemand-snapt', heading: 'De brief die niemand snapte' },
  { name: 'reader (werkvorm)', path: '/lezen/werkvorm-pre-mortem', heading: 'Zo doe je het' },
  { name: 'reader (analyse)', path: '/lezen/analyse-idee-van-de-straat', heading: 'Resultaat van de Doetank' },
  { name: 'settings', path: '/instellingen', heading: 'Instellingen' },
  { name: 'notes', path: '/notities', heading: 'Notities' },
  { name: 'account', path: '/account', heading: 'Account' },
  { name: 'accessibility statement', path: '/toegankelijkheid', heading: 'Toegankelijkheidsverklaring' },
  { name: 'not found', path: '/lezen/bestaat-niet', heading: 'Niet gevonden' },
  { name: 'search', path: '/zoeken?q=burger', heading: 'Zoeken' },
]

for (const colorScheme of ['light', 'dark'] as const) {
  for (const { name, path, heading } of pages) {
    test(`${name} has no axe violations (${colorScheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme })
      await page.goto(`${server.url}${path}`)
      await expect(page.getByRole('heading', { name: heading }).first()).toBeVisible()
      await expectNoAxeViolations(page, [colorScheme])
    })
  }
}

test('the note editor has no axe violations', async ({ page }) => {
  await page.goto(`${server.url}/notities`)
  await page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  await page.getByLabel('Titel').fill('Toegankelijke notitie')
  await expect(page.getByText('Opgeslagen')).toBeVisible()
  await expectNoAxeViolations(page)
})

test('the reader while it reads aloud (Voorlezen, the highlighted paragraph) has no axe violations', async ({ page }) => {
  await installFakeVoices(page, [{ name: 'Xander', lang: 'nl-NL' }])
  await page.goto(`${server.url}/lezen/verhaal-brieven-die-niemand-snapt`)
  await page.getByRole('button', { name: 'Voorlezen' }).click()
  await expect(page.getByRole('button', { name: 'Pauzeren' })).toBeVisible()
  await expect(page.locator('.prose .is-read-aloud')).toHaveCount(1)
  await expectNoAxeViolations(page, ['light', 'dark'])
})
