// Three tabs of the app on one device (one browser context: one `userdata`, one clientId), each making
// changes at about the same time. Only one tab syncs at a time (Web Locks, design §2): on the wire there
// is never more than one push of this device in flight, every change reaches the server, and every tab
// shows the same notes afterwards.
import { expect, type Page, test } from '@playwright/test'
import { type AppServer, startAppServer } from '../support/app-server'
import { goToNotes, syncStatus } from '../support/devices'
import { readOutbox } from './support/device-db'
import { installSignedIn, typeQuickLines } from './support/pending-work'
import { PushWire } from './support/push-wire'
import { countByText, openServerReader, type ServerReader } from './support/server-rows'

let server: AppServer
let reader: ServerReader | undefined
test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await reader?.dispose()
  await server.dispose()
})

/** Long enough on the wire that a second tab's push, were it sent meanwhile, would overlap it. */
const PUSH_HOLD_MS = 400

async function startNote(page: Page, title: string): Promise<void> {
  await goToNotes(page)
  await page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  await page.getByLabel('Titel').fill(title)
  await expect(page.getByText('Opgeslagen')).toBeVisible()
}

test('three tabs on one device: at most one push in flight, every change on the server, the same notes in every tab', async ({ page, context }) => {
  test.setTimeout(120_000)
  await installSignedIn(page, server)
  const wire = await PushWire.on(context)
  wire.passThrough({ holdMs: PUSH_HOLD_MS })
  const tabs = [page, await context.newPage(), await context.newPage()]
  for (const tab of tabs.slice(1)) await tab.goto(`${server.url}/notities`)

  // Each tab writes its own note, then they add lines in turns, so their syncs keep crossing.
  const titles = tabs.map((_, index) => `Tabblad ${index + 1}`)
  for (const [index, tab] of tabs.entries()) await startNote(tab, titles[index]!)
  const lines: string[] = []
  for (let round = 1; round <= 3; round++) {
    for (const [index, tab] of tabs.entries()) {
      const line = `tabblad ${index + 1} regel ${round}`
      lines.push(line)
      await typeQuickLines(tab, [line])
    }
  }

  for (const tab of tabs) await expect(syncStatus(tab)).toHaveText('Alles bewaard', { timeout: 30_000 })
  await expect.poll(async () => (await readOutbox(page)).entries).toEqual([])
  expect(wire.sent.length).toBeGreaterThan(1)
  expect(wire.maxInFlight).toBe(1)

  reader = await openServerReader(server.url)
  const rows = await reader.read()
  expect(rows.notes.map((note) => note.fields.title).sort()).toEqual([...titles].sort())
  expect([...countByText(rows.lines).entries()].sort()).toEqual(lines.map((line) => [line, 1]).sort())
  for (const tab of tabs) {
    await goToNotes(tab)
    for (const title of titles) await expect(tab.getByRole('link', { name: title })).toBeVisible()
  }
})
