// Keyboard only (WCAG 2.1.1, 2.4.3, 2.4.7): she reads a story, bookmarks it, writes a note and runs a
// werkvorm with Tab, Enter, Space and typing, never a click. Every control on her way shows its focus,
// and after each move to another page focus starts at that page's heading.
import { expect, test } from '@playwright/test'
import { type AppServer, startAppServer } from './support/app-server'
import { text } from './support/in-app'
import { expectFocusOn, tabTo } from './support/keyboard'

let server: AppServer
test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await server.dispose()
})

const STORY = 'De brief die niemand snapte'
const WERKVORM = 'Pre-mortem: stel je voor dat het mislukt is'

test('reading, bookmarking, writing a note and running a werkvorm, with the keyboard only', async ({ page }) => {
  test.setTimeout(150_000)
  await page.goto(server.url)
  await expect(page.getByRole('heading', { name: text('nl', 'home.latest') })).toBeVisible()
  const main = page.locator('main')
  const nav = page.getByRole('navigation', { name: text('nl', 'nav.label') })
  const heading = main.locator('h1').first()

  // The first stop is the skip link; it goes past the header to the page itself.
  await page.keyboard.press('Tab')
  await expectFocusOn(page.getByRole('link', { name: 'Ga naar de inhoud' }))
  await page.keyboard.press('Enter')
  await expectFocusOn(main)

  // Reading: to the list of stories (focus starts at its heading), then the story, and focus is on its title.
  await tabTo(page, main.getByRole('link', { name: 'Verhalen' }), 10)
  await page.keyboard.press('Enter')
  await expect(heading).toHaveText('Verhalen')
  await expectFocusOn(heading)
  await tabTo(page, main.getByRole('link', { name: STORY }).first())
  await page.keyboard.press('Enter')
  await expect(heading).toHaveText(STORY)
  await expectFocusOn(heading)

  // Bookmarking, with Space.
  await tabTo(page, main.getByRole('button', { name: /^Bewaren/ }), 20)
  await page.keyboard.press('Space')
  await expect(main.getByRole('button', { name: /^Bewaard/ })).toHaveAttribute('aria-pressed', 'true')

  // Writing a note: a new note starts in its title; the other fields and the quick line are Tab stops.
  await tabTo(page, nav.getByRole('link', { name: 'Notities' }), 150)
  await page.keyboard.press('Enter')
  await expectFocusOn(heading)
  await tabTo(page, main.getByRole('button', { name: 'Nieuwe notitie' }), 20)
  await page.keyboard.press('Enter')
  await expectFocusOn(page.getByLabel('Titel'))
  await page.keyboard.type('Doetank met het toetsenbord')
  await tabTo(page, page.getByLabel('Notitie', { exact: true }), 40)
  await page.keyboard.type('We deden alles zonder muis.')
  await expect(page.getByText('Opgeslagen')).toBeVisible()
  await tabTo(page, page.getByLabel('Snelle regel'), 40)
  await page.keyboard.type('Eerste regel van het logboek')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('region', { name: 'Logboek' }).getByRole('listitem')).toHaveText(['Eerste regel van het logboek'].map((line) => new RegExp(line)))

  // Running a werkvorm: from the list to its card, then the session, step by step to the end.
  await tabTo(page, nav.getByRole('link', { name: 'Werkvormen' }), 150)
  await page.keyboard.press('Enter')
  await expectFocusOn(heading)
  await tabTo(page, main.getByRole('link', { name: WERKVORM }).first(), 120)
  await page.keyboard.press('Enter')
  await expect(heading).toHaveText(WERKVORM)
  await tabTo(page, main.getByRole('link', { name: 'Start sessie' }), 60)
  await page.keyboard.press('Enter')
  await tabTo(page, main.getByRole('button', { name: 'Start', exact: true }), 30)
  await page.keyboard.press('Space')
  // Starting puts focus on the pause button, in reach of the step buttons.
  await expectFocusOn(main.getByRole('button', { name: 'Pauze', exact: true }))
  const done = main.getByRole('heading', { name: text('nl', 'session.done.title') })
  // Focus stays on "Volgende" after each step (its label turns into "Afronden" at the last one), so she
  // moves on by pressing Enter again.
  const next = main.getByRole('button', { name: /^(Volgende|Afronden)$/ })
  await tabTo(page, next, 10)
  for (let step = 0; step < 20 && !(await done.isVisible()); step++) {
    await expectFocusOn(next)
    await page.keyboard.press('Enter')
  }
  await expect(done).toBeVisible()
  await expectFocusOn(done)
})
