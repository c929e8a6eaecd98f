// The session ends on the server while the device is offline (a password change on another device
// signs every other session out, [auth]): the outbox is kept, she is told to sign in again, and after she
// does everything syncs once. Another account signing in on that device gets none of the first one's data.
import { type BrowserContext, expect, type Page, test } from '@playwright/test'
import { type AppServer, startAppServer } from '../support/app-server'
import { ACCOUNT, goToNotes, openDevice, register, signIn, syncStatus } from '../support/devices'

let server: AppServer
test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await server.dispose()
})

const NEW_PASSWORD = 'een nieuwe lange zin als wachtwoord'

/** The rows of a store of the device's `userdata`, read with plain IndexedDB. */
function countRows(page: Page, store: 'outbox' | 'notes'): Promise<number> {
  return page.evaluate((name) => new Promise<number>((resolve, reject) => {
    const open = indexedDB.open('userdata')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const count = open.result.transaction(name).objectStore(name).count()
      count.onsuccess = () => {
        open.result.close()
        resolve(count.result)
      }
    }
  }), store)
}

async function writeNote(page: Page, title: string): Promise<void> {
  await goToNotes(page)
  await page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  await expect(page.getByLabel('Titel')).toBeFocused()
  await page.getByLabel('Titel').fill(title)
  await expect(page.getByText('Opgeslagen')).toBeVisible()
}

async function changePasswordElsewhere(context: BrowserContext): Promise<void> {
  const answer = await context.request.post(`${server.url}/api/v1/auth/password`, {
    data: { currentPassword: ACCOUNT.password, newPassword: NEW_PASSWORD },
    headers: { Origin: server.url },
  })
  expect(answer.status()).toBe(204)
}

test('the session ends while offline: the note waits, she signs in again, and it syncs once', async ({ browser }) => {
  const phone = await openDevice(browser)
  const laptop = await openDevice(browser)
  await register(phone.page, server)
  await signIn(laptop.page, server)
  await expect(syncStatus(phone.page)).toHaveText('Alles bewaard')

  await phone.context.setOffline(true)
  await writeNote(phone.page, 'Geschreven in de trein')
  await expect(syncStatus(phone.page)).toHaveText(/Wacht op verbinding · \d+ wacht/)
  const waiting = await countRows(phone.page, 'outbox')
  expect(waiting).toBeGreaterThan(0)

  await changePasswordElsewhere(laptop.context)
  await phone.context.setOffline(false)
  await phone.page.evaluate(() => window.dispatchEvent(new Event('online')))

  await expect(syncStatus(phone.page)).toHaveText(/^Log opnieuw in · \d+ wacht/, { timeout: 15_000 })
  expect(await countRows(phone.page, 'outbox')).toBe(waiting)
  await phone.page.getByRole('link', { name: 'Inloggen' }).first().click()
  await expect(phone.page.getByRole('alert')).toContainText('Je bent uitgelogd. Log opnieuw in')
  await phone.page.getByLabel('E-mailadres').fill(ACCOUNT.email)
  await phone.page.getByLabel('Wachtwoord').fill(NEW_PASSWORD)
  await phone.page.getByRole('button', { name: 'Inloggen' }).last().click()

  await expect(syncStatus(phone.page)).toHaveText('Alles bewaard', { timeout: 15_000 })
  expect(await countRows(phone.page, 'outbox')).toBe(0)
  // The laptop's own session is the one that changed the password: it stays, and sees the note once.
  await laptop.page.reload()
  await goToNotes(laptop.page)
  await expect(laptop.page.getByRole('link', { name: 'Geschreven in de trein' })).toHaveCount(1, { timeout: 15_000 })
})

test('another account signing in where the session ended gets none of the unsent notes, and they stay', async ({ browser, request }) => {
  const phone = await openDevice(browser)
  await register(phone.page, server)
  await phone.context.setOffline(true)
  await writeNote(phone.page, 'Van Anne')
  const waiting = await countRows(phone.page, 'outbox')
  const laptop = await browser.newContext()
  await laptop.request.post(`${server.url}/api/v1/auth/login`, { data: { email: ACCOUNT.email, password: ACCOUNT.password }, headers: { Origin: server.url } })
  await changePasswordElsewhere(laptop)
  await laptop.close()
  await phone.context.setOffline(false)
  await phone.page.evaluate(() => window.dispatchEvent(new Event('online')))
  await expect(syncStatus(phone.page)).toHaveText(/^Log opnieuw in · \d+ wacht/, { timeout: 15_000 })

  // A colleague with an account of her own signs in on this phone.
  const colleague = { displayName: 'Bram Jansen', email: 'bram@example.org', password: 'nog een lange zin als wachtwoord' }
  expect((await request.post(`${server.url}/api/v1/auth/register`, { data: colleague, headers: { Origin: server.url } })).status()).toBe(201)
  await phone.page.goto(`${server.url}/account`)
  await phone.page.getByLabel('E-mailadres').fill(colleague.email)
  await phone.page.getByLabel('Wachtwoord').fill(colleague.password)
  await phone.page.getByRole('button', { name: 'Inloggen' }).last().click()

  await expect(phone.page.getByRole('alert').filter({ hasText: ACCOUNT.email })).toContainText('nog wijzigingen van')
  expect(await countRows(phone.page, 'outbox')).toBe(waiting)
  expect(await countRows(phone.page, 'notes')).toBe(1)
  // Nothing of Anne's reached Bram's account.
  const bram = await browser.newContext()
  await bram.request.post(`${server.url}/api/v1/auth/login`, { data: { email: colleague.email, password: colleague.password }, headers: { Origin: server.url } })
  const pulled = await bram.request.post(`${server.url}/api/v1/sync/pull`, { data: { clientId: crypto.randomUUID(), cookie: null, schemaVersion: 3 }, headers: { Origin: server.url } })
  expect(pulled.status()).toBe(200)
  expect(((await pulled.json()) as { changes: unknown[] }).changes).toEqual([])
  await bram.close()
})
