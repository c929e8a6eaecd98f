// Listening to a story on the train: "Voorlezen" with the device's Dutch voice, the paragraph being read
// highlighted; and what she sees on a device without one (as this machine's headless Chromium).
import { expect, type Page, test } from '@playwright/test'
import { type AppServer, startAppServer } from './support/app-server'
import { expectNoAxeViolations } from './support/checks'
import { installFakeVoices } from './support/fake-speech'

const STORY = '/lezen/verhaal-brieven-die-niemand-snapt'
/** The first paragraph of the story's body, sentence by sentence (content/verhaal-brieven-die-niemand-snapt.md). */
const FIRST_PARAGRAPH = [
  'Marieke Dekkers werkt al twaalf jaar bij de afdeling Werk en Inkomen van een middelgrote gemeente.',
  'Ze kent de regels goed.',
  'Ze weet hoe de systemen werken.',
  'Maar op een dinsdagmiddag in het voorjaar zat ze met een brief in haar hand en dacht ze: ik snap hem zelf ook niet.',
]
const NO_VOICE = 'Voorlezen kan niet: geen Nederlandse stem'

let server: AppServer
test.beforeAll(async () => {
  server = await startAppServer()
})
test.afterAll(async () => {
  await server.dispose()
})

async function openStory(page: Page): Promise<void> {
  await page.goto(`${server.url}${STORY}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('De brief die niemand snapte')
  await expect(page.locator('.prose p').first()).toBeVisible()
}

const spoken = (page: Page) => page.evaluate(() => window.fakeSpeech.spoken)

test('reads the story with the Dutch voice, highlighting the paragraph being read; pauses, goes on and stops', async ({ page }) => {
  await installFakeVoices(page, [{ name: 'Daniel', lang: 'en-GB' }, { name: 'Xander', lang: 'nl-NL' }])
  await openStory(page)
  const paragraphs = page.locator('.prose > p')
  const readAloud = page.locator('.read-aloud')
  await expect(readAloud.getByRole('button')).toHaveText(['Voorlezen'])

  // By keyboard: the focus stays on the button, which now pauses.
  await readAloud.getByRole('button', { name: 'Voorlezen' }).focus()
  await page.keyboard.press('Enter')
  await expect(readAloud.getByRole('button', { name: 'Pauzeren' })).toBeFocused()
  await expect(paragraphs.first()).toHaveClass(/\bis-read-aloud\b/)
  await expect(paragraphs.first()).toHaveAttribute('aria-current', 'true')
  await expect(page.locator('.prose .is-read-aloud')).toHaveCount(1)
  expect(await spoken(page)).toEqual([{ text: FIRST_PARAGRAPH[0], lang: 'nl-NL', voice: 'Xander' }])

  await page.getByRole('button', { name: 'Pauzeren' }).click()
  await expect(page.getByRole('button', { name: 'Verder voorlezen' })).toBeVisible()
  expect(await page.evaluate(() => speechSynthesis.paused)).toBe(true)
  await page.getByRole('button', { name: 'Verder voorlezen' }).click()
  await expect(page.getByRole('button', { name: 'Pauzeren' })).toBeVisible()
  expect(await page.evaluate(() => speechSynthesis.paused)).toBe(false)

  // The voice reaches the end of the first paragraph: the next one is read and highlighted.
  for (let sentence = 0; sentence < FIRST_PARAGRAPH.length; sentence++) await page.evaluate(() => window.fakeSpeech.finishCurrent())
  await expect(paragraphs.nth(1)).toHaveClass(/\bis-read-aloud\b/)
  await expect(paragraphs.first()).not.toHaveClass(/\bis-read-aloud\b/)
  await expect(paragraphs.first()).not.toHaveAttribute('aria-current')
  expect((await spoken(page)).map((utterance) => utterance.text)).toEqual([...FIRST_PARAGRAPH, 'Dit is het verhaal van de Doetank De Heldere Brief.'])

  // Far down the story, pause and stop are still at hand: the line stays at the top of the screen.
  await page.evaluate(() => window.scrollTo({ top: document.documentElement.scrollHeight / 2, behavior: 'instant' }))
  await expect(page.getByRole('button', { name: 'Pauzeren' })).toBeInViewport()
  await expect(page.getByRole('button', { name: 'Stoppen' })).toBeInViewport()

  await page.getByRole('button', { name: 'Stoppen' }).click()
  await expect(page.locator('.prose .is-read-aloud')).toHaveCount(0)
  await expect(readAloud.getByRole('button')).toHaveText(['Voorlezen'])
  await expect(readAloud.getByRole('button', { name: 'Voorlezen' })).toBeFocused()
})

test('stops reading when she leaves the story', async ({ page }) => {
  await installFakeVoices(page, [{ name: 'Xander', lang: 'nl-NL' }])
  await openStory(page)
  await page.getByRole('button', { name: 'Voorlezen' }).click()
  await expect(page.locator('.prose .is-read-aloud')).toHaveCount(1)
  const cancelledBefore = await page.evaluate(() => window.fakeSpeech.cancelled)

  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Verhalen' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Verhalen' })).toBeVisible()
  expect(await page.evaluate(() => window.fakeSpeech.cancelled)).toBeGreaterThan(cancelledBefore)
  await page.evaluate(() => window.fakeSpeech.finishCurrent()).catch(() => undefined)
  expect(await spoken(page)).toHaveLength(1)
})

test('without a Dutch voice there is no button, but a line that says why and how to get one', async ({ page }) => {
  await installFakeVoices(page, [{ name: 'Daniel', lang: 'en-GB' }])
  await openStory(page)

  const why = page.getByText(NO_VOICE)
  await expect(why).toBeVisible()
  await expect(page.getByRole('button', { name: 'Voorlezen' })).toHaveCount(0)
  await why.click()
  await expect(page.getByText('Je kunt er een aanzetten bij Instellingen van je telefoon of computer')).toBeVisible()
  await expectNoAxeViolations(page, ['light', 'dark'])
})

test('in a browser with no voices at all (headless Chromium here) it says so, with no button', async ({ page }) => {
  await openStory(page)
  await expect(page.locator('.read-aloud > *').first()).toBeVisible()
  const hasDutchVoice = await page.evaluate(() => speechSynthesis.getVoices().some((voice) => voice.lang.toLowerCase().startsWith('nl')))
  test.skip(hasDutchVoice, 'this Chromium has a Dutch voice of its own')

  await expect(page.getByText(NO_VOICE)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Voorlezen' })).toHaveCount(0)
})
