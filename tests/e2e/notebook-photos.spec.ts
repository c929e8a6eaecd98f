// A whole Doetank session offline on a phone — the learning card, quick lines and a photo of the
// flip-over — is there after the app was closed, and on the laptop once the server is back ([A1]–[A3]).
import { expect, type Page, test } from '@playwright/test'
import { PHOTO_MAX_BYTES } from '../../src/shared/sync/note-photo'
import { type AppServer, startAppServer } from './support/app-server'
import { expectNoAxeViolations, fetchMagazine, imageCount } from './support/checks'
import { addLine, openDevice, openNote, register, signIn, syncStatus } from './support/devices'
import { waitForActiveServiceWorker, waitForMagazineDownload } from './support/pwa'

const FLIPOVER = 'tests/fixtures/photos/flipover.jpg'
const NOT_A_PHOTO = 'tests/fixtures/photos/geen-foto.txt'
const TITLE = 'Sessie loket bibliotheek'
const ALT = 'Flip-over met drie vragen en een geel briefje'

let server: AppServer
test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await server.dispose()
})

/**
 * The photo as the page shows it (decoded, its size and text alternative) and the bytes behind it as the
 * device stores them in `userdata`: their length, their SHA-256, and the hash the photo names.
 */
async function shownPhoto(page: Page) {
  const image = page.locator('img.note-photo__image').first()
  await expect(image).toBeVisible()
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0)
  const shown = await image.evaluate((img: HTMLImageElement) => ({ width: img.naturalWidth, height: img.naturalHeight, alt: img.alt }))
  const stored = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('userdata')
      open.onsuccess = () => resolve(open.result)
      open.onerror = () => reject(open.error)
    })
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll()
        request.onsuccess = () => resolve(request.result as T[])
        request.onerror = () => reject(request.error)
      })
    const [photo] = await all<{ hash: string }>('photos')
    const [file] = await all<{ hash: string; data: ArrayBuffer }>('photoFiles')
    db.close()
    const digest = await crypto.subtle.digest('SHA-256', file!.data)
    return { named: photo!.hash, bytes: file!.data.byteLength, sha256: [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('') }
  })
  expect(stored.sha256, 'the stored bytes are the ones the photo names').toBe(stored.named)
  return { ...shown, bytes: stored.bytes, sha256: stored.sha256 }
}

test('a session written offline on the phone, with lines and a photo, survives closing the app and reaches the laptop', async ({ browser, request }) => {
  const magazine = await fetchMagazine(request, server.url)
  const phone = await openDevice(browser)
  await phone.page.goto(server.url)
  await waitForActiveServiceWorker(phone.page)
  await waitForMagazineDownload(phone.page, { items: magazine.items.length, images: imageCount(magazine) })
  await register(phone.page, server)

  // The session: no server, no network.
  await server.stop()
  await phone.context.setOffline(true)
  await phone.page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Notities' }).click()
  await phone.page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  await expect(phone.page.getByLabel('Titel')).toBeFocused()
  await phone.page.keyboard.type(TITLE)
  await phone.page.getByLabel('Doetank').fill('Buurtloket')
  await phone.page.getByLabel('Wat we zagen').fill('Veel vragen over één formulier.')
  await addLine(phone.page, 'Start met 12 mensen')
  await addLine(phone.page, 'Pauze: koffie')
  await phone.page.locator('input[name="photoGallery"]').setInputFiles(FLIPOVER)
  await expect(phone.page.getByText('Foto toegevoegd.')).toBeVisible()
  const taken = await shownPhoto(phone.page)
  // Downscaled on the phone: 2400×1800 became 1600×1200, in a format the server takes.
  expect({ width: taken.width, height: taken.height }).toEqual({ width: 1600, height: 1200 })
  expect(taken.bytes).toBeLessThanOrEqual(PHOTO_MAX_BYTES)
  await phone.page.getByLabel('Wat staat er op de foto?').fill(ALT)
  await phone.page.getByLabel('Wat staat er op de foto?').blur()
  await expect(phone.page.getByText('Opgeslagen')).toBeVisible()
  await expect(phone.page.locator('img.note-photo__image')).toHaveAttribute('alt', ALT)

  // A file that is no photo says so, and nothing else changes.
  await phone.page.locator('input[name="photoGallery"]').setInputFiles(NOT_A_PHOTO)
  await expect(phone.page.locator('.note-photos [role="alert"]')).toHaveText('Dit bestand is geen foto. Kies een foto (JPEG, PNG, WebP of HEIC).')
  await expect(phone.page.locator('img.note-photo__image')).toHaveCount(1)

  // The app is closed, and opened again: still offline.
  await phone.page.close()
  const reopened = await phone.context.newPage()
  await reopened.goto(`${server.url}/notities`)
  await openNote(reopened, TITLE)
  await expect(reopened.getByLabel('Doetank')).toHaveValue('Buurtloket')
  await expect(reopened.getByLabel('Wat we zagen')).toHaveValue('Veel vragen over één formulier.')
  await expect(reopened.getByRole('region', { name: 'Logboek' }).getByRole('listitem')).toHaveText([/Start met 12 mensen/, /Pauze: koffie/])
  expect(await shownPhoto(reopened)).toEqual({ ...taken, alt: ALT })
  await expect(syncStatus(reopened)).toHaveText(/Wacht op verbinding/)

  // The server is back: everything, the photo's bytes too, goes up.
  await server.start()
  await phone.context.setOffline(false)
  await expect(syncStatus(reopened)).toHaveText('Alles bewaard', { timeout: 20_000 })

  const laptop = await openDevice(browser)
  await signIn(laptop.page, server)
  await openNote(laptop.page, TITLE)
  await expect(laptop.page.getByLabel('Wat we zagen')).toHaveValue('Veel vragen over één formulier.')
  await expect(laptop.page.getByRole('region', { name: 'Logboek' }).getByRole('listitem')).toHaveText([/Start met 12 mensen/, /Pauze: koffie/])
  // The very bytes the phone made, fetched from the server and kept on the laptop.
  expect(await shownPhoto(laptop.page)).toEqual({ ...taken, alt: ALT })

  // Removed on the laptop: gone from the phone too.
  await laptop.page.getByRole('button', { name: 'Foto verwijderen' }).click()
  await laptop.page.getByRole('button', { name: 'Ja, verwijderen' }).click()
  await expect(laptop.page.locator('.note-photo')).toHaveCount(0)
  await expect(syncStatus(laptop.page)).toHaveText('Alles bewaard', { timeout: 20_000 })
  await reopened.reload()
  await expect(reopened.getByLabel('Titel')).toHaveValue(TITLE)
  await expect(reopened.locator('.note-photo')).toHaveCount(0, { timeout: 20_000 })
  await phone.context.close()
  await laptop.context.close()
})

test('the editor with a photo has no axe violations, in light and dark', async ({ page }) => {
  await page.goto(`${server.url}/notities/nieuw`)
  // The note is made and the address names it: a failure here says whether making it or showing it failed.
  await expect(page).toHaveURL(/\/notities\/[0-9a-f-]{36}$/)
  await page.getByLabel('Titel').fill('Toegankelijke foto')
  await page.locator('input[name="photoGallery"]').setInputFiles(FLIPOVER)
  await expect(page.getByText('Foto toegevoegd.')).toBeVisible()
  await page.getByLabel('Wat staat er op de foto?').fill(ALT)
  await page.getByRole('button', { name: 'Foto verwijderen' }).click()
  await expect(page.getByRole('button', { name: 'Ja, verwijderen' })).toBeVisible()
  await expectNoAxeViolations(page, ['light', 'dark'])
})
