// The states of every route a user meets (filters, empty, results, a bookmark, a session running and
// done, the note editor, signed out), each reached by client-side navigation from the one before, in
// either language. The accessibility sweeps (axe, reflow) walk them in order: some states build on
// the one before (the bookmark the "bewaard" state lists), and `undo` takes back what `act` did.
import { expect, type Page } from '@playwright/test'
import type { Locale } from '../../../src/client/i18n/index'
import { pushRoute, text } from './in-app'

export const STORY = { slug: 'verhaal-brieven-die-niemand-snapt', title: 'De brief die niemand snapte' }
export const WERKVORM = { slug: 'werkvorm-pre-mortem', title: 'Pre-mortem: stel je voor dat het mislukt is' }

/** One state of one route: where it is, what its h1 says, what she does there, and what shows it is ready. */
export interface Visit {
  name: string
  path: string
  heading: (locale: Locale) => string | RegExp
  act?: (page: Page, locale: Locale) => Promise<void>
  /** Undoes what act did, so that the next language's pass finds the same states. */
  undo?: (page: Page, locale: Locale) => Promise<void>
}

export const main = (page: Page) => page.locator('main')
const cardsShown = async (page: Page) => expect(main(page).locator('.item-card').first()).toBeVisible()

export const VISITS: Visit[] = [
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

/** Goes to the state: its route, its h1, what she does there. */
export async function enterState(page: Page, step: Visit, locale: Locale): Promise<void> {
  await pushRoute(page, step.path)
  await expect(main(page).locator('h1').first()).toHaveText(step.heading(locale))
  await step.act?.(page, locale)
}
