// A page whose code cannot load — she has no connection before the app is stored on her device, or an
// update removed the files of the build her tab runs — says so and opens when she tries again, instead
// of an empty screen or a tap that does nothing.
import { expect, test } from '@playwright/test'
import { type AppServer, startAppServer } from './support/app-server'
import { expectNoAxeViolations } from './support/checks'

// No service worker: the app is not on the device yet, so every page's code comes from the network.
test.use({ serviceWorkers: 'block' })

let server: AppServer
test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await server.dispose()
})

const SETTINGS_CODE = /\/assets\/SettingsView-[^/]+\.js$/

test('a page whose code cannot load says so, the other pages still open, and it opens when she tries again', async ({ page, context }) => {
  await page.goto(server.url)
  await expect(page.getByRole('heading', { name: 'Nieuwste' })).toBeVisible()
  await context.route(SETTINGS_CODE, (route) => route.abort('internetdisconnected'))

  const menu = page.getByRole('navigation', { name: 'Hoofdmenu' })
  await menu.getByRole('link', { name: 'Instellingen' }).click()
  const failed = page.getByRole('heading', { level: 1, name: 'Deze pagina kan nu niet laden' })
  await expect(failed).toBeVisible()
  await expect(failed, 'a screen reader hears what happened').toBeFocused()
  await expectNoAxeViolations(page, ['light', 'dark'])

  // The rest of the app is not stuck behind the message.
  await menu.getByRole('link', { name: 'Overzicht' }).click()
  await expect(page.getByRole('heading', { name: 'Nieuwste' })).toBeVisible()
  await expect(failed).toHaveCount(0)

  // A deep link to it fails the same way, and opens once the connection is back.
  await page.goto(`${server.url}/instellingen`)
  await expect(failed).toBeVisible()
  await context.unroute(SETTINGS_CODE)
  await page.getByRole('button', { name: 'Probeer opnieuw' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Instellingen' })).toBeVisible()
  await expect(page).toHaveURL(`${server.url}/instellingen`)
  await expect(failed).toHaveCount(0)
})
