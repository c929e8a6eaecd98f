// Devices of one person for the e2e specs: a browser context each, signing up and in, the sync status,
// and the notes list. In-app navigation works offline without a service worker round trip.
import { type Browser, type BrowserContext, expect, type Page } from '@playwright/test'
import type { AppServer } from './app-server'

export const ACCOUNT = { name: 'Anne de Vries', email: 'anne@example.org', password: 'een lange zin als wachtwoord' }

export async function openDevice(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' })
  const page = await context.newPage()
  return { context, page }
}

export async function register(page: Page, server: AppServer): Promise<void> {
  await page.goto(`${server.url}/account`)
  await page.getByRole('button', { name: 'Account maken' }).click()
  await page.getByLabel('Je naam').fill(ACCOUNT.name)
  await page.getByLabel('E-mailadres').fill(ACCOUNT.email)
  await page.getByLabel('Nieuw wachtwoord').fill(ACCOUNT.password)
  await page.getByRole('button', { name: 'Account maken' }).last().click()
  await expect(page.getByText(`Je bent ingelogd als ${ACCOUNT.name}`)).toBeVisible()
}

export async function signIn(page: Page, server: AppServer): Promise<void> {
  await page.goto(`${server.url}/account`)
  await page.getByLabel('E-mailadres').fill(ACCOUNT.email)
  await page.getByLabel('Wachtwoord').fill(ACCOUNT.password)
  await page.getByRole('button', { name: 'Inloggen' }).last().click()
  await expect(page.getByText(`Je bent ingelogd als ${ACCOUNT.name}`)).toBeVisible()
}

export function syncStatus(page: Page) {
  return page.locator('.sync-status__text')
}

export interface OfflineEdit {
  device: { context: BrowserContext; page: Page }
  field: 'Titel' | 'Notitie'
  text: string
}

/** Both devices go offline, each saves its edit, then A comes back and syncs, then B. */
export async function editBothOffline(first: OfflineEdit, second: OfflineEdit): Promise<void> {
  for (const { device } of [first, second]) await device.context.setOffline(true)
  for (const { device, field, text } of [first, second]) {
    await device.page.getByLabel(field, { exact: true }).fill(text)
    await expect(device.page.getByText('Opgeslagen')).toBeVisible()
  }
  for (const { device } of [first, second]) {
    await device.context.setOffline(false)
    await expect(syncStatus(device.page)).toHaveText('Alles bewaard', { timeout: 15_000 })
  }
}

/** In-app navigation: works offline without a service worker round trip. */
export async function goToNotes(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Notities' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Notities' })).toBeVisible()
}

export async function openNote(page: Page, title: string): Promise<void> {
  await goToNotes(page)
  await page.getByRole('link', { name: title }).click()
  await expect(page.getByLabel('Titel')).toHaveValue(title)
}

/** [N9] Adds a quick-log line with Enter; it shows in the timeline at once. */
export async function addLine(page: Page, text: string): Promise<void> {
  const input = page.getByLabel('Snelle regel')
  await input.fill(text)
  await input.press('Enter')
  await expect(input).toHaveValue('')
  await expect(page.getByRole('region', { name: 'Logboek' }).getByRole('listitem').filter({ hasText: text })).toBeVisible()
}
