// WCAG 2.1 AA by axe-core on every route of the router, in the states a user meets there (filters, empty,
// results, a bookmark, a session running and done, the note editor, signed out and in, a conflict), in
// both colour themes and both languages, at a phone's size (the config's 390×844). One server and one
// page for the sweep, moving by client-side navigation; a route the sweep does not visit fails it.
import { expect, type Page, test } from '@playwright/test'
import type { Locale } from '../../src/client/i18n/index'
import { type AppServer, startAppServer } from './support/app-server'
import { collectAxeViolations } from './support/axe-sweep'
import { expectNoAxeViolations } from './support/checks'
import { ACCOUNT, editBothOffline, openDevice, openNote, register, signIn } from './support/devices'
import { installFakeVoices } from './support/fake-speech'
import { chooseLanguage, pushRoute, routeNameOf, routeNames, text } from './support/in-app'
import { enterState, main, STORY, type Visit, VISITS } from './support/route-states'

let server: AppServer
test.beforeAll(async () => {
  server = await startAppServer()
})
test.afterAll(async () => {
  await server.dispose()
})

/** The conflict test signs up with devices.ts's ACCOUNT on the same server: the sweep has its own address. */
const SWEEP_EMAIL = 'sanne@example.org'

async function visit(page: Page, step: Visit, locale: Locale, violations: string[]): Promise<void> {
  await enterState(page, step, locale)
  await collectAxeViolations(page, `${step.name} [${locale}]`, violations)
  await step.undo?.(page, locale)
}

test('every route, in its states, has no axe violations in both themes and both languages', async ({ page }) => {
  test.setTimeout(240_000)
  const violations: string[] = []
  await page.goto(server.url)
  await expect(page.getByRole('heading', { name: text('nl', 'home.latest') })).toBeVisible()

  const visitedRoutes = new Set<string>()
  for (const locale of ['nl', 'en'] as const) {
    if (locale === 'en') await chooseLanguage(page, 'en')
    for (const step of VISITS) {
      await test.step(`${step.name} [${locale}]`, () => visit(page, step, locale, violations))
      visitedRoutes.add(await routeNameOf(page, step.path))
    }
  }

  // Signed in: register (in English, where the sweep is now), then the account page in both languages.
  await pushRoute(page, '/account')
  await main(page).getByRole('button', { name: text('en', 'account.register') }).click()
  await page.getByLabel(text('en', 'account.displayName')).fill(ACCOUNT.name)
  await page.getByLabel(text('en', 'account.email')).fill(SWEEP_EMAIL)
  await page.getByLabel(text('en', 'account.newPassword')).fill(ACCOUNT.password)
  await main(page).getByRole('button', { name: text('en', 'account.register') }).last().click()
  const signedIn: Visit = { name: 'account, signed in', path: '/account', heading: (l) => text(l, 'account.title'), act: async (p, l) => expect(p.getByText(text(l, 'account.signedInAs', { name: ACCOUNT.name, email: SWEEP_EMAIL }))).toBeVisible() }
  const syncedNotes: Visit = { name: 'notes, synced', path: '/notities', heading: (l) => text(l, 'notes.title'), act: async (p, l) => expect(p.locator('.sync-status__text')).toHaveText(text(l, 'sync.synced')) }
  for (const locale of ['en', 'nl'] as const) {
    if (locale === 'nl') await chooseLanguage(page, 'nl')
    for (const step of [signedIn, syncedNotes]) await test.step(`${step.name} [${locale}]`, () => visit(page, step, locale, violations))
  }

  expect(violations).toEqual([])
  // A route added to the router and not to this sweep fails here.
  expect([...visitedRoutes].sort()).toEqual((await routeNames(page)).sort())
})

test('a note with a conflict copy (Twee versies) has no axe violations in both themes and both languages', async ({ browser }) => {
  const a = await openDevice(browser)
  const b = await openDevice(browser)
  await register(a.page, server)
  await signIn(b.page, server)
  await pushRoute(a.page, '/notities/nieuw')
  await a.page.getByLabel('Titel').fill('Doetank brieven')
  await a.page.getByLabel('Notitie', { exact: true }).fill('Regel een\nRegel twee')
  await expect(a.page.locator('.sync-status__text')).toHaveText('Alles bewaard', { timeout: 15_000 })
  await openNote(b.page, 'Doetank brieven')
  await editBothOffline(
    { device: a, field: 'Notitie', text: 'Regel een\nRegel twee volgens A' },
    { device: b, field: 'Notitie', text: 'Regel een\nRegel twee volgens B' },
  )
  await openNote(a.page, 'Doetank brieven')
  const violations: string[] = []
  for (const locale of ['nl', 'en'] as const) {
    if (locale === 'en') {
      await chooseLanguage(a.page, 'en')
      await a.page.goBack()
    }
    await expect(a.page.getByRole('region', { name: text(locale, 'notes.conflict.title') })).toBeVisible({ timeout: 15_000 })
    await collectAxeViolations(a.page, `conflict [${locale}]`, violations)
  }
  expect(violations).toEqual([])
  await a.context.close()
  await b.context.close()
})

test('the reader while it reads aloud (Voorlezen, the highlighted paragraph) has no axe violations', async ({ page }) => {
  await installFakeVoices(page, [{ name: 'Xander', lang: 'nl-NL' }])
  await page.goto(`${server.url}/lezen/${STORY.slug}`)
  await page.getByRole('button', { name: 'Voorlezen' }).click()
  await expect(page.getByRole('button', { name: 'Pauzeren' })).toBeVisible()
  await expect(page.locator('.prose .is-read-aloud')).toHaveCount(1)
  await expectNoAxeViolations(page, ['light', 'dark'])
})
