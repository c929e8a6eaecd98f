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

let server: AppServer
test.beforeAll(async () => {
  server = await startAppServer()
})
test.afterAll(async () => {
  await server.dispose()
})

const STORY = { slug: 'verhaal-brieven-die-niemand-snapt', title: 'De brief die niemand snapte' }
/** The conflict test signs up with devices.ts's ACCOUNT on the same server: the sweep has its own address. */
const SWEEP_EMAIL = 'sanne@example.org'
const WERKVORM = { slug: 'werkvorm-pre-mortem', title: 'Pre-mortem: stel je voor dat het mislukt is' }

/** One state of one route: where it is, what its h1 says, what she does there, and what shows it is ready. */
interface Visit {
  name: string
  path: string
  heading: (locale: Locale) => string | RegExp
  act?: (page: Page, locale: Locale) => Promise<void>
  /** Undoes what act did, so that the next language's pass finds the same states. */
  undo?: (page: Page, locale: Locale) => Promise<void>
}

const main = (page: Page) => page.locator('main')
const cardsShown = async (page: Page) => expect(main(page).locator('.item-card').first()).toBeVisible()

const VISITS: Visit[] = [
  { name: 'home', path: '/', heading: (l) => text(l, 'home.title'), act: async (page, l) => expect(page.getByRole('heading', { name: text(l, 'home.latest') })).toBeVisible() },
  ...(['verhaal', 'column', 'analyse'] as const).map((type) => ({
    name: `list of ${type}`,
    path: { verhaal: '/verhalen', column: '/columns', analyse: '/analyses' }[type],
    heading: (l: Locale) => text(l, `typesPlural.${type}`),
    act: cardsShown,
  })),
  { name: 'werkvormen', path: '/werkvormen', heading: (l) => text(l, 'typesPlural.werkvorm'), act: cardsShown },
  {
    name: 'werkvormen, filtered',
    path: '/werkvormen?doel=testen,leren&tijd=30&groep=4',
    heading: (l) => text(l, 'typesPlural.werkvorm'),
    act: async (page, l) => expect(page.getByRole('status').filter({ hasText: text(l, 'werkvormen.count', { n: 3 }) })).toBeVisible(),
  },
  {
    name: 'werkvormen, nothing fits',
    path: '/werkvormen?groep=999',
    heading: (l) => text(l, 'typesPlural.werkvorm'),
    act: async (page, l) => expect(page.getByText(text(l, 'werkvormen.empty'))).toBeVisible(),
  },
  { name: 'bewaard, empty', path: '/bewaard', heading: (l) => text(l, 'bewaard.title'), act: async (page, l) => expect(page.getByRole('heading', { name: text(l, 'bewaard.empty') })).toBeVisible() },
  {
    name: 'reader (verhaal), bookmarked',
    path: `/lezen/${STORY.slug}`,
    heading: () => STORY.title,
    act: async (page, l) => {
      await main(page).getByRole('button', { name: text(l, 'bookmarks.save') }).click()
      await expect(main(page).getByRole('button', { name: text(l, 'bookmarks.saved') })).toHaveAttribute('aria-pressed', 'true')
    },
  },
  {
    name: 'bewaard, with the story',
    path: '/bewaard',
    heading: (l) => text(l, 'bewaard.title'),
    act: async (page) => expect(main(page).getByRole('link', { name: STORY.title })).toBeVisible(),
    undo: async (page, l) => {
      await main(page).getByRole('button', { name: new RegExp(`^${text(l, 'bookmarks.saved')}\\W+${STORY.title}$`) }).click()
      await expect(page.getByRole('heading', { name: text(l, 'bewaard.empty') })).toBeVisible()
    },
  },
  { name: 'reader (column)', path: '/lezen/column-durf-te-stoppen', heading: () => /./ },
  { name: 'reader (analyse)', path: '/lezen/analyse-idee-van-de-straat', heading: () => /./, act: async (page) => expect(page.locator('.analyse-outcome')).toBeVisible() },
  { name: 'reader (werkvorm)', path: `/lezen/${WERKVORM.slug}`, heading: () => WERKVORM.title, act: async (page, l) => expect(page.getByRole('heading', { name: text(l, 'werkvorm.cardTitle') })).toBeVisible() },
  { name: 'session, before the start', path: `/werkvormen/${WERKVORM.slug}/sessie`, heading: () => new RegExp(WERKVORM.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), act: async (page, l) => expect(page.locator('.session-step__count')).toHaveText(new RegExp(`^${text(l, 'session.stepCount', { n: 1, total: '\\d+' })}$`)) },
  {
    name: 'session, running',
    path: `/werkvormen/${WERKVORM.slug}/sessie`,
    heading: () => new RegExp(WERKVORM.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    act: async (page, l) => {
      await page.getByRole('button', { name: text(l, 'session.start'), exact: true }).click()
      await expect(page.getByRole('button', { name: text(l, 'session.pause'), exact: true })).toBeVisible()
    },
  },
  {
    name: 'session, done',
    path: `/werkvormen/${WERKVORM.slug}/sessie`,
    heading: () => new RegExp(WERKVORM.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
    act: async (page, l) => {
      const done = page.getByRole('heading', { name: text(l, 'session.done.title') })
      await expect(async () => {
        if (await done.isVisible()) return
        await page.getByRole('button', { name: new RegExp(`^(${text(l, 'session.next')}|${text(l, 'session.finish')})$`) }).click()
        await expect(done).toBeVisible({ timeout: 500 })
      }).toPass({ timeout: 20_000 })
    },
    undo: async (page, l) => {
      await page.getByRole('button', { name: text(l, 'session.restart') }).click()
      await expect(page.getByRole('button', { name: text(l, 'session.start'), exact: true })).toBeVisible()
    },
  },
  { name: 'notes', path: '/notities', heading: (l) => text(l, 'notes.title'), act: async (page, l) => expect(page.getByRole('button', { name: text(l, 'notes.new') })).toBeVisible() },
  {
    name: 'new note, in the editor',
    path: '/notities/nieuw',
    heading: (l) => new RegExp(`^(${text(l, 'notes.untitled')}|${text(l, 'notes.title')} ${l})$`),
    act: async (page, l) => {
      await page.getByLabel(text(l, 'notes.fields.title'), { exact: true }).fill(`${text(l, 'notes.title')} ${l}`)
      await expect(page.getByText(text(l, 'notes.saved'), { exact: true })).toBeVisible()
    },
  },
  { name: 'notes, with a note', path: '/notities', heading: (l) => text(l, 'notes.title'), act: async (page, l) => expect(main(page).getByRole('link', { name: `${text(l, 'notes.title')} ${l}` })).toBeVisible() },
  { name: 'a note that does not exist', path: '/notities/bestaat-niet', heading: (l) => text(l, 'notFound.title') },
  { name: 'search, no question', path: '/zoeken', heading: (l) => text(l, 'search.title'), act: async (page, l) => expect(page.getByText(text(l, 'search.intro'))).toBeVisible() },
  { name: 'search, results', path: '/zoeken?q=burger', heading: (l) => text(l, 'search.title'), act: async (page) => expect(page.locator('.search-hit').first()).toBeVisible() },
  { name: 'search, nothing found', path: '/zoeken?q=qqzzxx', heading: (l) => text(l, 'search.title'), act: async (page, l) => expect(page.getByText(text(l, 'search.noneHow'))).toBeVisible() },
  { name: 'account, signed out', path: '/account', heading: (l) => text(l, 'account.title'), act: async (page, l) => expect(main(page).getByRole('heading', { name: text(l, 'account.signIn') })).toBeVisible() },
  {
    name: 'account, a failed sign-in',
    path: '/account',
    heading: (l) => text(l, 'account.title'),
    act: async (page, l) => {
      await page.getByLabel(text(l, 'account.email')).fill('niemand@example.org')
      await page.getByLabel(text(l, 'account.password'), { exact: true }).fill('een verkeerd wachtwoord')
      await main(page).getByRole('button', { name: text(l, 'account.signIn') }).last().click()
      await expect(page.locator('.form__error')).toBeVisible()
    },
  },
  {
    name: 'account, register form',
    path: '/account',
    heading: (l) => text(l, 'account.title'),
    act: async (page, l) => {
      await main(page).getByRole('button', { name: text(l, 'account.register') }).click()
      await expect(main(page).getByRole('heading', { name: text(l, 'account.register') })).toBeVisible()
    },
  },
  { name: 'settings', path: '/instellingen', heading: (l) => text(l, 'settings.title') },
  { name: 'accessibility statement', path: '/toegankelijkheid', heading: (l) => text(l, 'a11y.title') },
  { name: 'not found', path: '/bestaat-niet', heading: (l) => text(l, 'notFound.title') },
  { name: 'reader, not found', path: '/lezen/bestaat-niet', heading: (l) => text(l, 'notFound.title') },
  { name: 'session, not found', path: '/werkvormen/bestaat-niet/sessie', heading: (l) => text(l, 'notFound.title') },
]

async function visit(page: Page, step: Visit, locale: Locale, violations: string[]): Promise<void> {
  await pushRoute(page, step.path)
  await expect(main(page).locator('h1').first()).toHaveText(step.heading(locale))
  await step.act?.(page, locale)
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
