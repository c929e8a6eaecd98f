// Two devices of one person against the real server: what one writes offline reaches the other,
// concurrent edits are merged, and where they overlap both texts stay.
import { expect, test } from '@playwright/test'
import { type AppServer, startAppServer } from './support/app-server'
import { addLine, editBothOffline, goToNotes, openDevice, openNote, register, signIn, syncStatus } from './support/devices'

let server: AppServer
test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await server.dispose()
})

test('a note written offline on one device reaches the other when the network returns', async ({ browser }) => {
  const a = await openDevice(browser)
  const b = await openDevice(browser)
  await register(a.page, server)
  await signIn(b.page, server)

  await a.context.setOffline(true)
  await goToNotes(a.page)
  await a.page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  await a.page.getByLabel('Titel').fill('Sessie in de bibliotheek')
  await a.page.getByLabel('Notitie', { exact: true }).fill('Twaalf bewoners kwamen langs.\nDe vragen gingen vooral over brieven.')
  await expect(a.page.getByText('Opgeslagen')).toBeVisible()
  await expect(syncStatus(a.page)).toHaveText(/Wacht op verbinding · 1 wacht/)

  await a.context.setOffline(false)
  await expect(syncStatus(a.page)).toHaveText('Alles bewaard', { timeout: 15_000 })

  // Device B hears of it through the server's poke, without reloading.
  await goToNotes(b.page)
  await expect(b.page.getByRole('link', { name: 'Sessie in de bibliotheek' })).toBeVisible({ timeout: 15_000 })
  await b.page.getByRole('link', { name: 'Sessie in de bibliotheek' }).click()
  // Exact: while the editor's chunk loads, the list's "Notities zoeken" would match and fail at once (strict mode).
  await expect(b.page.getByLabel('Notitie', { exact: true })).toHaveValue('Twaalf bewoners kwamen langs.\nDe vragen gingen vooral over brieven.')
  await a.context.close()
  await b.context.close()
})

const MERGED = 'Regel een\nRegel twee volgens A en B\nRegel drie\nRegel vier van B'

test('edits on two offline devices are merged, and an overlapping edit keeps both texts until she merges them', async ({ browser }) => {
  const a = await openDevice(browser)
  const b = await openDevice(browser)
  await register(a.page, server)
  await signIn(b.page, server)

  await goToNotes(a.page)
  await a.page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  await a.page.getByLabel('Titel').fill('Doetank brieven')
  await a.page.getByLabel('Notitie', { exact: true }).fill('Regel een\nRegel twee\nRegel drie')
  await expect(syncStatus(a.page)).toHaveText('Alles bewaard', { timeout: 15_000 })
  await openNote(b.page, 'Doetank brieven')

  // One changes the title, the other the body, both offline.
  await editBothOffline(
    { device: a, field: 'Titel', text: 'Doetank heldere brieven' },
    { device: b, field: 'Notitie', text: 'Regel een\nRegel twee\nRegel drie\nRegel vier van B' },
  )

  for (const device of [a, b]) {
    await openNote(device.page, 'Doetank heldere brieven')
    await expect(device.page.getByLabel('Notitie', { exact: true })).toHaveValue('Regel een\nRegel twee\nRegel drie\nRegel vier van B', { timeout: 15_000 })
  }

  // Now both change the same line.
  await editBothOffline(
    { device: a, field: 'Notitie', text: 'Regel een\nRegel twee volgens A\nRegel drie\nRegel vier van B' },
    { device: b, field: 'Notitie', text: 'Regel een\nRegel twee volgens B\nRegel drie\nRegel vier van B' },
  )

  for (const device of [a, b]) {
    await openNote(device.page, 'Doetank heldere brieven')
    const conflict = device.page.getByRole('region', { name: 'Twee versies' })
    await expect(conflict).toBeVisible({ timeout: 15_000 })
    await expect(conflict).toContainText('Regel twee volgens A')
    await expect(conflict).toContainText('Regel twee volgens B')
  }

  // Resolving on one device, with her own merge of the two texts, removes the copy everywhere.
  const conflict = a.page.getByRole('region', { name: 'Twee versies' })
  await conflict.getByRole('group', { name: 'Notitie' }).getByRole('radio', { name: 'Zelf samenvoegen' }).check()
  const merge = conflict.getByLabel('Jouw tekst voor Notitie')
  await expect(merge).toHaveValue(/Regel twee volgens A[\s\S]*Regel twee volgens B/)
  await merge.fill(MERGED)
  await conflict.getByRole('button', { name: 'Bewaar mijn keuzes' }).click()
  await expect(conflict).toHaveCount(0)
  await expect(a.page.getByLabel('Notitie', { exact: true })).toHaveValue(MERGED)
  await expect(b.page.getByRole('region', { name: 'Twee versies' })).toHaveCount(0, { timeout: 15_000 })
  await expect(b.page.getByLabel('Notitie', { exact: true })).toHaveValue(MERGED, { timeout: 15_000 })
  await a.context.close()
  await b.context.close()
})

test('[N9] quick-log lines added offline on two devices to the same note: both show all lines in time order', async ({ browser }) => {
  const a = await openDevice(browser)
  const b = await openDevice(browser)
  await register(a.page, server)
  await signIn(b.page, server)

  await goToNotes(a.page)
  await a.page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  await a.page.getByLabel('Titel').fill('Sessie met de Doetank')
  await expect(syncStatus(a.page)).toHaveText('Alles bewaard', { timeout: 15_000 })
  await openNote(b.page, 'Sessie met de Doetank')

  // Both offline; the lines interleave in time: A, B, A, B.
  await a.context.setOffline(true)
  await b.context.setOffline(true)
  await addLine(a.page, 'A: start met twaalf mensen')
  await addLine(b.page, 'B: eerste ronde klaar')
  await addLine(a.page, 'A: pauze')
  await addLine(b.page, 'B: afsluiting')
  await expect(syncStatus(a.page)).toHaveText(/Wacht op verbinding · 2 wachten/)

  await a.context.setOffline(false)
  await expect(syncStatus(a.page)).toHaveText('Alles bewaard', { timeout: 15_000 })
  await b.context.setOffline(false)
  await expect(syncStatus(b.page)).toHaveText('Alles bewaard', { timeout: 15_000 })

  const all = ['A: start met twaalf mensen', 'B: eerste ronde klaar', 'A: pauze', 'B: afsluiting']
  for (const device of [a, b]) {
    const timeline = device.page.getByRole('region', { name: 'Logboek' }).getByRole('listitem')
    await expect(timeline).toHaveText(all.map((text) => new RegExp(`^\\d{2}:\\d{2}\\s*${text}$`)), { timeout: 15_000 })
    await expect(timeline.first().locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
  }
  await a.context.close()
  await b.context.close()
})

test('a bookmark set on one device shows on the other', async ({ browser }) => {
  const a = await openDevice(browser)
  const b = await openDevice(browser)
  await register(a.page, server)
  await signIn(b.page, server)

  await a.page.goto(`${server.url}/lezen/werkvorm-pre-mortem`)
  const toggle = a.page.getByRole('button', { name: /Bewaren/ })
  await toggle.click()
  await expect(a.page.getByRole('button', { name: /Bewaard/ })).toHaveAttribute('aria-pressed', 'true')
  await expect(syncStatus(a.page)).toHaveText('Alles bewaard', { timeout: 15_000 })

  await b.page.goto(`${server.url}/lezen/werkvorm-pre-mortem`)
  await expect(b.page.getByRole('button', { name: /Bewaard/ })).toHaveAttribute('aria-pressed', 'true', { timeout: 15_000 })
  await a.context.close()
  await b.context.close()
})
