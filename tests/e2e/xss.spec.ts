// The XSS sweep in a real Chromium: the payloads of tests/server/security/xss-payloads.ts in her display
// name, a note's title, fields, tag, quick lines and photo description, in a search, and in a story's
// Markdown and front matter. On every page she opens — the note list, the note (also on a second
// device, from the server), the search results, the story, the werkvorm — no dialog opens, the strict
// policy reports no violation, nothing is fetched from the payloads' host, the payloads read as text, and
// the DOM holds no on* attribute and no address with a script scheme. The policy's header is on the HTML.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { type BrowserContext, expect, type Page, test } from '@playwright/test'
import { EVIL_HOST, inSentence, XSS_PAYLOADS } from '../server/security/xss-payloads'
import { type AppServer, startAppServer } from './support/app-server'
import { fetchMagazine } from './support/checks'
import { ACCOUNT, goToNotes, openDevice, syncStatus } from './support/devices'
import { typeQuickLines } from './faults/support/pending-work'

const FLIPOVER = 'tests/fixtures/photos/flipover.jpg'
const DISPLAY_NAME = '<img src=x onerror=alert(1)> Anne'
const NOTE_TITLE = 'Wijkraad <script>alert(1)</script> "><img src=x onerror=alert(1)>'
const STORY_SLUG = 'verhaal-xss-proef'
const STORY_TITLE = 'Kwaadaardige proef <script>alert(1)</script>'
const WERKVORM_SLUG = 'werkvorm-xss-proef'
/** In the story's body only: what the search looks for. */
const STORY_WORD = 'kwaadaardigheid'
/** The note's text fields, each with a payload of its own (the labels are the editor's). */
const NOTE_FIELDS: [label: string, text: string][] = [
  ['Vraag / wat we geloofden', '<svg onload=alert(1)>'],
  ['Wat we deden', '<iframe src="javascript:alert(1)"></iframe>'],
  ['Wat we zagen', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ['Wat ging minder goed', '[klik](javascript:alert(1))'],
  ['Volgende stap', '<a href="jav&#x09;ascript:alert(1)">klik</a>'],
  ['Notitie', XSS_PAYLOADS.join('\n')],
  ['Doetank', '"><script>alert(1)</script>'],
]
/** The Doetank field's label holds its hint too. */
const noteField = (page: Page, label: string) => page.getByLabel(label, { exact: label !== 'Doetank' })
const TAG = '<img src=x onerror=alert(1)>'
const PHOTO_ALT = '" onerror="alert(1)" data-x="<script>alert(1)</script>'
/** Quick-log lines are one line each. */
const LINES = XSS_PAYLOADS.filter((payload) => !payload.includes('\n'))

const yaml = (text: string) => JSON.stringify(text)

function writeHostileContent(contentDir: string): void {
  const body = [`Een proef met ${STORY_WORD}.`, ...XSS_PAYLOADS, ...XSS_PAYLOADS.map(inSentence), ...XSS_PAYLOADS.map((payload) => `- ${payload.replace(/\n/g, ' ')}`)].join('\n\n')
  writeFileSync(
    path.join(contentDir, `${STORY_SLUG}.md`),
    [
      '---',
      'type: verhaal',
      `title: ${yaml(STORY_TITLE)}`,
      `summary: ${yaml(inSentence('<img src=x onerror=alert(1)>'))}`,
      `authors: [${yaml('<svg onload=alert(1)>')}]`,
      'themes: [leren]',
      'published: 2026-11-20',
      'image: images/verhaal-buurtloket.svg',
      `imageAlt: ${yaml('" onerror="alert(1)')}`,
      `doetank: ${yaml('"><script>alert(1)</script>')}`,
      '---',
      body,
      '',
    ].join('\n'),
  )
  const steps = XSS_PAYLOADS.slice(0, 10).map((payload, index) => `  - { title: ${yaml(`Stap ${index + 1} ${payload}`)}, minutes: 5, instruction: ${yaml(inSentence(payload))} }`)
  writeFileSync(
    path.join(contentDir, `${WERKVORM_SLUG}.md`),
    [
      '---',
      'type: werkvorm',
      `title: ${yaml('Werkvorm <img src=x onerror=alert(1)>')}`,
      `summary: ${yaml('Een werkvorm met <script>alert(1)</script> erin.')}`,
      'authors: [Redactie Slimmernetwerk]',
      'themes: [leren]',
      'published: 2026-11-20',
      'goal: ideeen',
      'durationMin: 10',
      'durationMax: 20',
      'groupMin: 2',
      'groupMax: 10',
      `materials: [${yaml('<svg onload=alert(1)>')}, ${yaml('[klik](javascript:alert(1))')}]`,
      'steps:',
      ...steps,
      '---',
      XSS_PAYLOADS.join('\n\n'),
      '',
    ].join('\n'),
  )
}

/** What the page did that it must not: dialogs, policy violations, requests to the payloads' host. */
interface Incidents {
  dialogs: string[]
  violations: string[]
  evilRequests: string[]
}

/**
 * Listens on the whole context (every page and navigation): a dialog is dismissed and noted, a request
 * to EVIL_HOST aborted and noted, and a `securitypolicyviolation` event, recorded into window by an init
 * script, is passed on here as well, so that the record survives a navigation.
 */
async function watchIncidents(context: BrowserContext): Promise<Incidents> {
  const incidents: Incidents = { dialogs: [], violations: [], evilRequests: [] }
  await context.exposeBinding('__reportViolation', (_source, violation: string) => {
    incidents.violations.push(violation)
  })
  await context.addInitScript(() => {
    const record: string[] = []
    Object.assign(window, { __violations: record })
    document.addEventListener(
      'securitypolicyviolation',
      (event) => {
        const violation = `${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} in ${event.documentURI}: ${event.sample}`
        record.push(violation)
        void (window as unknown as { __reportViolation?: (text: string) => Promise<void> }).__reportViolation?.(violation)
      },
      true,
    )
  })
  await context.route(new RegExp(`^https?://([^/]+\\.)?${EVIL_HOST.replace('.', '\\.')}[:/]`), (route) => {
    incidents.evilRequests.push(route.request().url())
    return route.abort()
  })
  context.on('page', (page) => watchDialogs(page, incidents))
  return incidents
}

function watchDialogs(page: Page, incidents: Incidents): void {
  page.on('dialog', (dialog) => {
    incidents.dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss().catch(() => {})
  })
}

/** On* attributes, addresses with another scheme than the web's, and active elements in the app. */
function domProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'ping', 'xlink:href', 'srcset'])
    const describe = (element: Element) => element.outerHTML.slice(0, 160)
    for (const element of document.querySelectorAll('*')) {
      for (const { name, value } of element.attributes) {
        const attribute = name.toLowerCase()
        if (attribute.startsWith('on')) problems.push(`an event handler: ${describe(element)}`)
        if (attribute === 'srcdoc') problems.push(`a srcdoc: ${describe(element)}`)
        if (!URL_ATTRIBUTES.has(attribute)) continue
        let protocol = 'unparseable'
        try {
          protocol = new URL(value, location.href).protocol
        } catch {
          // Stays unparseable.
        }
        const isWeb = ['http:', 'https:', 'mailto:', 'blob:'].includes(protocol)
        const isImageData = protocol === 'data:' && element.localName === 'img' && /^\s*data:image\/(png|jpeg|webp|gif)[;,]/i.test(value)
        if (!isWeb && !isImageData) problems.push(`a ${protocol} address: ${describe(element)}`)
      }
    }
    const active = '#app script, #app iframe, #app frame, #app object, #app embed, #app style, #app base, #app meta, #app link, #app noscript, #app template'
    for (const element of document.querySelectorAll(active)) problems.push(`an active element in the app: ${describe(element)}`)
    for (const element of document.querySelectorAll('.prose svg, .prose math, .prose form, .prose input, .prose button, .prose details')) problems.push(`in a story: ${describe(element)}`)
    for (const script of document.querySelectorAll('script')) {
      if (!script.src || new URL(script.src).origin !== location.origin) problems.push(`a script that is not the app's: ${describe(script)}`)
    }
    if (document.querySelector('base')) problems.push('a <base> element')
    return problems
  })
}

/** Nothing ran, nothing was blocked, nothing went out: checked after every page she opens. */
async function expectClean(page: Page, incidents: Incidents, where: string): Promise<void> {
  // Give an onerror or onload a moment to fire (a broken image errors asynchronously).
  await page.waitForTimeout(300)
  expect(await domProblems(page), where).toEqual([])
  expect(await page.evaluate(() => (window as unknown as { __violations?: string[] }).__violations ?? ['no listener']), where).toEqual([])
  expect(incidents, where).toEqual({ dialogs: [], violations: [], evilRequests: [] })
}

function expectStrictPolicy(headers: Record<string, string>, what: string): void {
  const csp = headers['content-security-policy'] ?? ''
  expect(csp, what).toMatch(/(^|;)\s*script-src 'self'\s*(;|$)/)
  expect(csp, what).toMatch(/(^|;)\s*object-src 'none'\s*(;|$)/)
  expect(csp, what).toMatch(/(^|;)\s*base-uri 'self'\s*(;|$)/)
  expect(csp, what).not.toMatch(/unsafe-inline|unsafe-eval/)
  expect(headers['x-content-type-options'], what).toBe('nosniff')
}

async function registerAs(page: Page, server: AppServer, name: string): Promise<void> {
  await page.goto(`${server.url}/account`)
  await page.getByRole('button', { name: 'Account maken' }).click()
  await page.getByLabel('Je naam').fill(name)
  await page.getByLabel('E-mailadres').fill(ACCOUNT.email)
  await page.getByLabel('Nieuw wachtwoord').fill(ACCOUNT.password)
  await page.getByRole('button', { name: 'Account maken' }).last().click()
  await expect(page.getByText(`Je bent ingelogd als ${name}`)).toBeVisible()
}

async function signInAs(page: Page, server: AppServer, name: string): Promise<void> {
  await page.goto(`${server.url}/account`)
  await page.getByLabel('E-mailadres').fill(ACCOUNT.email)
  await page.getByLabel('Wachtwoord').fill(ACCOUNT.password)
  await page.getByRole('button', { name: 'Inloggen' }).last().click()
  await expect(page.getByText(`Je bent ingelogd als ${name}`)).toBeVisible()
}

/** The note as it shows in the editor: every payload in its field as the text she typed. */
async function expectNoteShown(page: Page): Promise<void> {
  await expect(page.getByLabel('Titel')).toHaveValue(NOTE_TITLE)
  for (const [label, text] of NOTE_FIELDS) await expect(noteField(page, label)).toHaveValue(text)
  await expect(page.locator('.note-chip > span').first()).toHaveText(TAG)
  const log = page.getByRole('region', { name: 'Logboek' }).getByRole('listitem')
  await expect(log).toHaveCount(LINES.length)
  for (const line of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[klik](javascript:alert(1))']) {
    await expect(log.filter({ hasText: line }).first()).toBeVisible()
  }
  await expect(page.locator('img.note-photo__image')).toHaveAttribute('alt', PHOTO_ALT)
}

let server: AppServer
test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await server.dispose()
})

test('payloads in her notes, a search and the magazine stay text on every page, under the strict policy', async ({ browser, request }) => {
  // The editors publish the hostile story and werkvorm; the server's watcher takes them in.
  writeHostileContent(server.contentDir)
  await expect
    .poll(async () => (await fetchMagazine(request, server.url)).items.map((item) => item.slug).filter((slug) => slug.includes('xss-proef')).sort(), { timeout: 20_000 })
    .toEqual([STORY_SLUG, WERKVORM_SLUG])

  // The HTML answers carry the strict policy, also for an address that holds a payload.
  for (const url of ['/', '/notities', `/lezen/${STORY_SLUG}`, `/zoeken?q=${encodeURIComponent('<script>alert(1)</script>')}`]) {
    const response = await request.get(`${server.url}${url}`, { headers: { accept: 'text/html' } })
    expect(response.headers()['content-type'], url).toMatch(/^text\/html/)
    expectStrictPolicy(response.headers(), url)
  }

  const phone = await openDevice(browser)
  const incidents = await watchIncidents(phone.context)
  watchDialogs(phone.page, incidents)
  const { page } = phone
  const first = await page.goto(server.url)
  expectStrictPolicy(first!.headers(), 'the first page load')
  await registerAs(page, server, DISPLAY_NAME)
  await expectClean(page, incidents, 'the account page with her name')

  // She writes the note: every field, a tag, quick lines and a photo with its description.
  await goToNotes(page)
  await page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  await page.getByLabel('Titel').fill(NOTE_TITLE)
  for (const [label, text] of NOTE_FIELDS) await noteField(page, label).fill(text)
  const tags = page.getByLabel('Tags', { exact: true })
  await tags.fill(TAG)
  await tags.press('Enter')
  await typeQuickLines(page, LINES)
  await expect(page.getByRole('region', { name: 'Logboek' }).getByRole('listitem')).toHaveCount(LINES.length)
  await page.locator('input[name="photoGallery"]').setInputFiles(FLIPOVER)
  await expect(page.getByText('Foto toegevoegd.')).toBeVisible()
  await page.getByLabel('Wat staat er op de foto?').fill(PHOTO_ALT)
  await page.getByLabel('Wat staat er op de foto?').blur()
  await expect(page.getByText('Opgeslagen')).toBeVisible()
  await expectNoteShown(page)
  await expect(syncStatus(page)).toHaveText('Alles bewaard', { timeout: 20_000 })
  await expectClean(page, incidents, 'the note editor')

  // The note list.
  await goToNotes(page)
  await expect(page.getByRole('link', { name: NOTE_TITLE, exact: true })).toBeVisible()
  await expectClean(page, incidents, 'the note list')

  // Search: her note by a word of its title, the story by a word of its body, and a payload as the query.
  const searchField = page.getByRole('search').getByRole('searchbox', { name: 'Zoeken in het magazine en je notities' })
  await searchField.fill('wijkraad')
  await expect(page.locator('.search-hit').getByRole('link', { name: NOTE_TITLE, exact: true })).toBeVisible()
  await expectClean(page, incidents, 'the search results for her note')
  await searchField.fill(STORY_WORD)
  await expect(page.locator('.search-hit').getByRole('link', { name: STORY_TITLE, exact: true })).toBeVisible()
  await expectClean(page, incidents, 'the search results for the story')
  for (const query of ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>']) {
    await searchField.fill(query)
    await expect(page.getByRole('status').filter({ hasText: query })).toContainText(`"${query}"`)
    await expectClean(page, incidents, `a search for ${query}`)
  }

  // The story: its raw HTML reads as text, its links to script schemes are gone.
  await page.goto(`${server.url}/lezen/${STORY_SLUG}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(STORY_TITLE)
  const prose = page.locator('.prose')
  for (const text of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<svg onload=alert(1)>', '<iframe src=“javascript:alert(1)”></iframe>']) {
    await expect(prose.getByText(text).first()).toBeVisible()
  }
  await expect(prose.locator('a')).not.toHaveCount(0)
  // The header image's description is the front matter's, one attribute value (no attribute of its own).
  const headerImage = page.getByRole('img', { name: '" onerror="alert(1)', exact: true })
  await expect(headerImage).toBeVisible()
  expect(await headerImage.evaluate((img) => img.getAttributeNames().sort())).toEqual(['alt', 'decoding', 'height', 'src', 'width'])
  await expectClean(page, incidents, 'the story')

  await page.goto(`${server.url}/lezen/${WERKVORM_SLUG}`)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Werkvorm <img src=x onerror=alert(1)>')
  await expect(page.getByText(inSentence('<script>alert(1)</script>')).first()).toBeVisible()
  await expectClean(page, incidents, 'the werkvorm')
  await page.getByRole('link', { name: 'Start sessie' }).click()
  await expect(page.getByText(inSentence(XSS_PAYLOADS[0]!)).first()).toBeVisible()
  await expectClean(page, incidents, 'the werkvorm session')

  // A second device: the note as the server sends it back.
  const laptop = await openDevice(browser)
  const laptopIncidents = await watchIncidents(laptop.context)
  watchDialogs(laptop.page, laptopIncidents)
  await signInAs(laptop.page, server, DISPLAY_NAME)
  await goToNotes(laptop.page)
  await laptop.page.getByRole('link', { name: NOTE_TITLE, exact: true }).click()
  await expectNoteShown(laptop.page)
  await expect.poll(() => laptop.page.locator('img.note-photo__image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: 20_000 }).toBeGreaterThan(0)
  await expectClean(laptop.page, laptopIncidents, 'the note on the second device')

  // The listeners work: an inline script is refused and reported, and a dialog is seen.
  await page.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.__inlineRan = true'
    document.body.append(script)
  })
  await expect.poll(() => incidents.violations.length).toBe(1)
  expect(incidents.violations[0]).toMatch(/^script-src/)
  expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined()
  await page.evaluate(() => alert('controle'))
  expect(incidents.dialogs).toEqual(['alert: controle'])
  await phone.context.close()
  await laptop.context.close()
})
