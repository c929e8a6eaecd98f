// A full device in Chromium: the magazine leaves the device first, the note is saved after all, she is
// told; notes written before stay. The disk fills where a real one does: IndexedDB's own put() throws
// QuotaExceededError. (CDP's Storage.overrideQuotaForOrigin reports the lower quota but does not enforce
// it for IndexedDB in Chromium 156, so the failure is injected at that boundary instead.)
import { expect, test } from '@playwright/test'
import { type AppServer, startAppServer } from '../support/app-server'
import { fetchMagazine } from '../support/checks'
import { installThenGoOffline } from '../support/pwa'

let server: AppServer
test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await server.dispose()
})

/** The note's fields as IndexedDB holds them (plain indexedDB, not the app's code). */
async function storedTitles(page: import('@playwright/test').Page): Promise<string[]> {
  return page.evaluate(() => new Promise<string[]>((resolve, reject) => {
    const open = indexedDB.open('userdata')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const all = open.result.transaction('notes').objectStore('notes').getAll()
      all.onsuccess = () => {
        open.result.close()
        resolve((all.result as { fields: { title: string } }[]).map((note) => note.fields.title).sort())
      }
    }
  }))
}

/** IndexedDB refuses the next `times` writes to a store of `userdata`, as a full disk does. */
function fillTheDisk({ store, times }: { store: string; times: number }): void {
  const put = IDBObjectStore.prototype.put
  let left = times
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name === store && this.transaction.db.name === 'userdata' && left > 0) {
      left--
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    }
    return put.apply(this, args)
  }
}

/** How many rows a store of the device's IndexedDB holds (plain indexedDB, not the app's code). */
async function rowCount(page: import('@playwright/test').Page, database: string, store: string): Promise<number> {
  return page.evaluate(([database, store]) => new Promise<number>((resolve) => {
    const open = indexedDB.open(database)
    open.onsuccess = () => {
      const count = open.result.transaction(store).objectStore(store).count()
      count.onsuccess = () => {
        open.result.close()
        resolve(count.result)
      }
    }
  }), [database, store] as const)
}

const magazineItems = (page: import('@playwright/test').Page) => rowCount(page, 'magcache', 'items')

/** "Nieuwe notitie" from the list, a title typed, and the note saved. */
async function writeNewNote(page: import('@playwright/test').Page, title: string): Promise<void> {
  await page.goto(`${server.url}/notities`)
  await page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  await page.getByLabel('Titel').fill(title)
  await expect(page.getByText('Opgeslagen')).toBeVisible()
}

test('a full device: the magazine is cleared first, the note is saved, she is told, and earlier notes are intact', async ({ page }) => {
  const magazine = await fetchMagazine(page.request, server.url)
  await installThenGoOffline(page, server, magazine)

  await writeNewNote(page, 'Eerder geschreven')
  await page.goto(`${server.url}/notities`)
  await page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  await expect(page.getByLabel('Titel')).toBeFocused()
  expect(await magazineItems(page)).toBe(magazine.items.length)

  // The disk is full for the next write of a note.
  await page.evaluate(fillTheDisk, { store: 'notes', times: 1 })
  const text = 'De rij bij de balie werd korter.'
  await page.getByLabel('Wat we zagen').fill(text)

  await expect(page.getByText('Om je notitie te bewaren is het tijdschrift van dit apparaat gehaald')).toBeVisible()
  await expect(page.locator('.note-editor__saved')).toHaveText('Opgeslagen')
  expect(await magazineItems(page)).toBe(0)
  expect(await storedTitles(page)).toEqual(['', 'Eerder geschreven'])
  await expect(page.getByLabel('Wat we zagen')).toHaveValue(text)
})

test('a full device when she adds a photo: the magazine is cleared first, the photo is kept, and she is told', async ({ page }) => {
  const magazine = await fetchMagazine(page.request, server.url)
  await installThenGoOffline(page, server, magazine)
  await writeNewNote(page, 'Flip-over van de sessie')
  expect(await magazineItems(page)).toBe(magazine.items.length)

  // The disk is full for the photo's bytes.
  await page.evaluate(fillTheDisk, { store: 'photoFiles', times: 1 })
  await page.locator('input[name="photoGallery"]').setInputFiles('tests/fixtures/photos/flipover.jpg')

  await expect(page.getByText('Foto toegevoegd.')).toBeVisible()
  await expect(page.getByText('Om je notitie te bewaren is het tijdschrift van dit apparaat gehaald')).toBeVisible()
  await expect(page.locator('img.note-photo__image')).toHaveCount(1)
  expect(await magazineItems(page)).toBe(0)
  expect(await storedTitles(page)).toEqual(['Flip-over van de sessie'])
  expect(await rowCount(page, 'userdata', 'photoFiles'), 'the photo\'s bytes are on the device').toBe(1)
})
