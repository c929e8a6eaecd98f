// Faults around a new release. Build A (dist/) is installed on the device with work waiting in its
// outbox; then build B is deployed (the same app with one more `userdata` schema version, see
// support/build-b.vite.config.ts):
// 1. the service worker updates while a push is on the wire: nothing is lost or added twice, and the
//    page runs B afterwards;
// 2. a second tab opens B and upgrades the database while the first tab, still on A, has a push in
//    flight: the outbox is kept, the old tab is told to reload, and the changes reach the server once.
import { readFileSync } from 'node:fs'
import { expect, type Page, test } from '@playwright/test'
import { type AppServer, startAppServer } from '../support/app-server'
import { syncStatus } from '../support/devices'
import { type AppBuild, buildB, entryScript } from './support/build-b'
import { addUserdataVersion, highestUserdataVersion } from './support/build-b-patch'
import { expectPushCarries, readOutbox } from './support/device-db'
import { installSignedIn, makePendingWork, type PendingWork } from './support/pending-work'
import { PushWire } from './support/push-wire'
import { countByText, openServerReader, type ServerReader } from './support/server-rows'

let server: AppServer
let reader: ServerReader | undefined
let appB: AppBuild
test.beforeAll(() => {
  test.setTimeout(180_000)
  appB = buildB()
})
test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await reader?.dispose()
  reader = undefined
  await server.dispose()
})

/** The IndexedDB version of `userdata` once build B has opened it (Dexie stores its version × 10). */
function userdataVersionOfB(): number {
  return highestUserdataVersion(addUserdataVersion(readFileSync('src/client/db/userdata.ts', 'utf8'))) * 10
}

/** The entry script the page was loaded with: which build it runs. */
function runningBuild(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector('script[type="module"][src]')?.getAttribute('src') ?? null)
}

/** Deploys build B: the server restarts on the same port and database, serving B's files. */
async function deployB(): Promise<void> {
  await server.stop()
  await server.start({ env: { DIST_DIR: appB.distDir } })
}

/** Everything she made is on the server, each line once, and nothing else. */
async function expectAllOnServerOnce(work: PendingWork): Promise<void> {
  reader = await openServerReader(server.url)
  const rows = await reader.read()
  expect([...countByText(rows.lines).entries()].filter(([, count]) => count !== 1)).toEqual([])
  expect(rows.lines.map((line) => line.text).sort()).toEqual([...work.lines].sort())
  expect(rows.notes.map((note) => ({ title: note.fields.title, body: note.fields.body }))).toEqual(work.notes.map(({ title, body }) => ({ title, body })))
  expect(rows.bookmarks.sort()).toEqual([...work.bookmarks].sort())
}

test('[C2][P2] the service worker updates while a push is on the wire: no change lost, none twice, the page runs the new build', async ({ page, context }) => {
  test.setTimeout(150_000)
  await installSignedIn(page, server)
  expect(await runningBuild(page)).toBe(entryScript('dist'))
  const work = await makePendingWork(page, server, { tag: 'update', noteCount: 1, linesPerNote: 5, bookmarkCount: 1 })
  const waiting = await readOutbox(page)

  const wire = await PushWire.on(context)
  await deployB()
  await context.setOffline(false)
  const inFlight = await wire.next()
  expectPushCarries(inFlight.body.mutations, waiting)

  // While the push waits on the wire, the app finds the new version and she taps "Vernieuwen".
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.update()
  })
  await expect(page.getByText('Nieuwe versie beschikbaar.')).toBeVisible({ timeout: 30_000 })
  const reloaded = page.waitForEvent('load')
  await page.getByRole('button', { name: 'Vernieuwen' }).click()
  await reloaded
  expect(await runningBuild(page)).toBe(appB.entryScript)

  // The old page's push reaches the server after all, but its answer has no page left to go to.
  expect((await inFlight.forward()).ok()).toBe(true)
  await inFlight.abort()

  // Build B opens the database at its new version with the outbox as it was, and pushes it again with
  // the same ids: the server skips what it already has.
  const retried = await wire.next()
  expect(retried.ids).toEqual(inFlight.ids)
  wire.passThrough()
  await retried.answer(await retried.forward())
  await expect(syncStatus(page)).toHaveText('Alles bewaard', { timeout: 30_000 })
  const outbox = await readOutbox(page)
  expect(outbox).toEqual({ version: userdataVersionOfB(), entries: [], dirtyProgress: [] })
  await expectAllOnServerOnce(work)
})

test('[C4][P2] a new build in a second tab upgrades the database while the old tab has a push in flight: outbox kept, old tab told to reload, changes on the server once', async ({ page: oldTab, context }) => {
  test.setTimeout(150_000)
  await installSignedIn(oldTab, server)
  const work = await makePendingWork(oldTab, server, { tag: 'upgrade', noteCount: 1, linesPerNote: 5, bookmarkCount: 1 })
  const waiting = await readOutbox(oldTab)

  const wire = await PushWire.on(context)
  await deployB()
  await context.setOffline(false)
  const inFlight = await wire.next()
  expectPushCarries(inFlight.body.mutations, waiting)

  // The second tab loads build B from the network (not from the old tab's service worker, which would
  // serve A) and opens the database at B's version: Dexie asks the old tab to let go of it.
  const newTab = await context.newPage()
  const cdp = await context.newCDPSession(newTab)
  await cdp.send('Network.enable')
  await cdp.send('Network.setBypassServiceWorker', { bypass: true })
  await newTab.goto(`${server.url}/notities`)
  expect(await runningBuild(newTab)).toBe(appB.entryScript)
  await expect(oldTab.getByRole('alert')).toContainText('De app is in een ander tabblad bijgewerkt. Vernieuw deze pagina om verder te gaan.')

  // The database was upgraded with every waiting change still in the outbox.
  const upgraded = await readOutbox(newTab)
  // (The old tab queued the dirty reading positions as it started its push.)
  expect(upgraded.version).toBe(userdataVersionOfB())
  expect(upgraded.entries.map((entry) => entry.id)).toEqual(inFlight.ids)
  expect(upgraded.dirtyProgress).toEqual([])
  await expect(newTab.getByRole('link', { name: new RegExp(work.notes[0]!.title) })).toBeVisible()

  // The old tab's push reaches the server and its answer reaches the old tab, which can no longer
  // write that down: the new tab pushes the same changes again, and the server skips them ([P2]).
  wire.passThrough()
  await inFlight.answer(await inFlight.forward())
  await expect(syncStatus(newTab)).toHaveText('Alles bewaard', { timeout: 30_000 })
  await expect.poll(async () => (await readOutbox(newTab)).entries).toEqual([])
  expect(wire.maxInFlight).toBe(1)
  expect(new Set(wire.sent.flatMap((push) => push.mutations.map((mutation) => mutation.id)))).toEqual(new Set(inFlight.ids))
  await expectAllOnServerOnce(work)

  // She reloads the old tab as asked (its service worker may still serve A, which opens B's database
  // as it is).
  await oldTab.getByRole('button', { name: 'Vernieuwen' }).click()
  await oldTab.waitForLoadState('load')
  await expect(oldTab.getByRole('alert')).toHaveCount(0)
  // It was on her note: the note is back, as the server and the new tab have it.
  await expect(oldTab.getByLabel('Titel')).toHaveValue(work.notes[0]!.title)
  await expect(oldTab.getByLabel('Notitie', { exact: true })).toHaveValue(work.notes[0]!.body)
  await expect(syncStatus(oldTab)).toHaveText('Alles bewaard')
})
