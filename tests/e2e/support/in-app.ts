// The app from inside, for the accessibility specs: its router (client-side navigation, the route table
// of the build under test) and its texts in both languages, so that a check can name what she sees.
import { expect, type Page } from '@playwright/test'
import en from '../../../src/client/i18n/en'
import enExtra from '../../../src/client/i18n/en-extra'
import type { Locale } from '../../../src/client/i18n/index'
import nl from '../../../src/client/i18n/nl'
import nlExtra from '../../../src/client/i18n/nl-extra'

const MESSAGES: Record<Locale, object[]> = { nl: [nl, nlExtra], en: [en, enExtra] }

/** A text as the app shows it in that language (core texts first, then the on-demand ones), params filled in. */
export function text(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  for (const messages of MESSAGES[locale]) {
    let node: unknown = messages
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
    if (typeof node !== 'string') continue
    // Plural forms "one | other", chosen by params.n (one is 1 in both languages).
    const [one, other] = node.split(' | ')
    const message = typeof params.n === 'number' && other !== undefined && params.n !== 1 ? other : one!
    return message.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match))
  }
  throw new Error(`no text ${key} in ${locale}`)
}

type RouterLike = {
  push: (to: string) => Promise<unknown>
  resolve: (to: string) => { name?: unknown }
  getRoutes: () => { name?: unknown }[]
}
declare global {
  interface HTMLElement {
    __vue_app__?: { config: { globalProperties: { $router: RouterLike } } }
  }
}

/** Client-side navigation, as a link does it: no reload, the magazine and the session stay as they are. */
export async function pushRoute(page: Page, path: string): Promise<void> {
  await page.evaluate(async (to) => {
    await document.getElementById('app')!.__vue_app__!.config.globalProperties.$router.push(to)
  }, path)
}

/** The name of the route that the built router gives to a path. */
export function routeNameOf(page: Page, path: string): Promise<string> {
  return page.evaluate((to) => String(document.getElementById('app')!.__vue_app__!.config.globalProperties.$router.resolve(to).name), path)
}

/** Every named route of the built router. */
export function routeNames(page: Page): Promise<string[]> {
  return page.evaluate(() => document.getElementById('app')!.__vue_app__!.config.globalProperties.$router.getRoutes().map((route) => String(route.name)))
}

/** Chooses the language the way she does: Instellingen, then the language's radio button. */
export async function chooseLanguage(page: Page, locale: Locale): Promise<void> {
  await pushRoute(page, '/instellingen')
  await page.getByRole('radio', { name: locale === 'en' ? 'English' : 'Nederlands' }).check()
  await expect(page.locator('html')).toHaveAttribute('lang', locale)
  await expect(page.locator('main h1')).toHaveText(text(locale, 'settings.title'))
}
