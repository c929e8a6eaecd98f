// A black-holed network (a captive portal, a dead Wi-Fi): the server's API takes requests and never
// answers. The app must stay usable, keep a note written meanwhile on the device, stop saying it is
// busy after a while (offline, will retry) and send the note once the network answers again.
import { expect, type Route, test } from '@playwright/test'
import { SCHEMA_VERSION } from '../../../src/shared/sync/protocol'
import { type AppServer, startAppServer } from '../support/app-server'
import { goToNotes, openDevice, register, syncStatus } from '../support/devices'

const API = '**/api/v1/**'

let server: AppServer
test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await server.dispose()
})

test('a note written while every request hangs stays on the device, sync gives up and says so, and it syncs when the network answers', async ({ browser }) => {
  const device = await openDevice(browser)
  const { page, context } = device
  // The page's clock: the request timeout and the retry are fast-forwarded instead of waited for.
  await page.clock.install()
  await register(page, server)
  await goToNotes(page)
  await expect(syncStatus(page)).toHaveText('Alles bewaard', { timeout: 15_000 })

  // From here on every API request hangs: no answer, no error.
  const hanging: Route[] = []
  await context.route(API, (route) => void hanging.push(route))

  await page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  await page.getByLabel('Titel').fill('Geschreven zonder echt internet')
  await page.getByLabel('Notitie', { exact: true }).fill('De wifi in het stadhuis deed alsof hij werkte.')
  await expect(page.getByText('Opgeslagen')).toBeVisible()
  // The sync it set off is stuck in a push that will never be answered (its timeout timer is set by then).
  await expect.poll(() => hanging.some((route) => route.request().url().endsWith('/api/v1/sync/push')), { timeout: 15_000 }).toBe(true)

  // Past the request timeout, sync gives up: it says it waits for a connection, not "busy" for ever.
  await page.clock.fastForward('01:00')
  await expect(syncStatus(page)).toHaveText(/^Wacht op verbinding · \d+ wacht/)

  // The app still works: the note is in the list, marked as not yet sent, and a story opens.
  await goToNotes(page)
  const listed = page.getByRole('listitem').filter({ hasText: 'Geschreven zonder echt internet' })
  await expect(listed).toContainText('Wacht op verzenden')
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Werkvormen' }).click()
  await page.getByRole('link', { name: /^Pre-mortem/ }).first().click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Pre-mortem')

  // The network answers again; the retry (at most the back-off's 5 minutes away) sends the note.
  await context.unroute(API)
  await page.clock.fastForward('05:00')
  await expect(syncStatus(page)).toHaveText('Alles bewaard', { timeout: 15_000 })
  await goToNotes(page)
  await expect(page.getByRole('listitem').filter({ hasText: 'Geschreven zonder echt internet' })).toContainText('Bewaard')

  // And the server has it once.
  const pulled = await context.request.post(`${server.url}/api/v1/sync/pull`, {
    headers: { Origin: server.url },
    data: { clientId: crypto.randomUUID(), cookie: null, schemaVersion: SCHEMA_VERSION },
  })
  expect(pulled.status()).toBe(200)
  const { changes } = (await pulled.json()) as { changes: { type: string; note?: { fields: { title: string; body: string } } }[] }
  const notes = changes.filter((change) => change.type === 'note').map((change) => change.note!.fields)
  expect(notes).toEqual([{ ...notes[0], title: 'Geschreven zonder echt internet', body: 'De wifi in het stadhuis deed alsof hij werkte.' }])
  await context.close()
})
