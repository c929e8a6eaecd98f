// WCAG 1.4.10 and 1.4.4: every route, in the states a user meets there, on a 320px-wide phone and with
// the text at 200% (the phone's font size setting, as the app's rem-based CSS sees it) at 390px: no
// sideways scrolling, no control or heading cut off or pushed past the edge. Dutch, whose long words
// are the hard case, and English.
import { expect, type Page, test } from '@playwright/test'
import type { Locale } from '../../src/client/i18n/index'
import { type AppServer, startAppServer } from './support/app-server'
import { chooseLanguage, text } from './support/in-app'
import { findReflowProblems } from './support/reflow'
import { enterState, VISITS } from './support/route-states'

let server: AppServer
test.beforeAll(async () => {
  server = await startAppServer()
})
test.afterAll(async () => {
  await server.dispose()
})

const SETUPS = [
  { name: '320px wide', viewport: { width: 320, height: 640 }, textSize: '100%' },
  { name: 'text at 200%', viewport: { width: 390, height: 844 }, textSize: '200%' },
] as const

async function setTextSize(page: Page, size: string): Promise<void> {
  await page.evaluate((value) => document.documentElement.style.setProperty('font-size', value === '100%' ? '' : `calc(${value} * var(--snw-text-scale, 1))`), size)
}

for (const setup of SETUPS) {
  test(`every route reflows, ${setup.name}: no sideways scrolling, nothing cut off`, async ({ page }) => {
    test.setTimeout(180_000)
    await page.setViewportSize(setup.viewport)
    await page.goto(server.url)
    await expect(page.getByRole('heading', { name: text('nl', 'home.latest') })).toBeVisible()
    await setTextSize(page, setup.textSize)
    const problems: string[] = []
    for (const locale of ['nl', 'en'] as const satisfies Locale[]) {
      if (locale === 'en') {
        await chooseLanguage(page, 'en')
        await setTextSize(page, setup.textSize)
      }
      for (const step of VISITS) {
        await test.step(`${step.name} [${locale}]`, async () => {
          await enterState(page, step, locale)
          for (const problem of await findReflowProblems(page)) problems.push(`${step.name} [${locale}]: ${problem}`)
          await step.undo?.(page, locale)
        })
      }
    }
    expect(problems).toEqual([])
  })
}
