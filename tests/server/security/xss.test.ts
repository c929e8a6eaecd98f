// The XSS part of the security sweep, against the real server on SQLite and PostgreSQL: the payloads of
// xss-payloads.ts (a) in magazine Markdown, through the renderer and the content API, must come out as
// inert HTML; (b) in a person's note fields, quick lines, photo alt text and name, they are data: stored and
// sent back verbatim as JSON, and never rendered into HTML by the server; (c) in the export, hostile titles
// give safe ZIP entry names, and the Markdown files show the payloads as text, also in a viewer that
// renders HTML in Markdown. The browser half is tests/e2e/xss.spec.ts.
import { randomUUID } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import matter from 'gray-matter'
import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { buildNotesArchive } from '../../../src/client/notes/notes-archive'
import { renderMarkdown } from '../../../src/server/content/render-markdown'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import { noteToMarkdown } from '../../../src/shared/account-export'
import { AUTH_PATHS } from '../../../src/shared/auth'
import type { ContentCardsAnswer, ContentDelta } from '../../../src/shared/content/types'
import { emptyNoteFields } from '../../../src/shared/sync/note'
import { photoPath } from '../../../src/shared/sync/note-photo'
import { createContentDir, makeAnalyseFrontMatter, makeVerhaalFrontMatter, makeWerkvormFrontMatter, makeWerkvormStep, writeContentFile, writeContentImage } from '../../factories/content-factory'
import { pngBytes, sha256Hex } from '../../factories/photo-factory'
import { requestExport, unzipExport } from '../account/account-data-helpers'
import { registerUser } from '../auth/auth-helpers'
import { buildTestApp, TEST_INDEX_HTML } from '../helpers/test-app'
import { TEST_DATABASES } from '../helpers/test-databases'
import { noteAddPhoto, noteSetPhotoAlt, photoArgs, uploadPhoto } from '../sync/photo-helpers'
import { buildSyncTestApp, deviceOf, linesIn, noteAddLine, notesIn, noteSave, photosIn, pullAll, pushInBatches, pushOk } from '../sync/sync-helpers'
import { inertHtmlProblems, textsOf, visibleText } from './xss-checks'
import { inSentence, XSS_PAYLOADS } from './xss-payloads'

/** Payloads that are HTML rather than Markdown: shown as text, they must read exactly as typed. */
const HTML_PAYLOADS = XSS_PAYLOADS.filter((payload) => /^["'<]/.test(payload))
/** Of those, the ones whose text Markdown leaves alone (no entity or escape to decode, no -- to make a dash of). */
const LITERAL_HTML_PAYLOADS = HTML_PAYLOADS.filter((payload) => !/[&\\*_`[\]]|--/.test(payload))
const collapse = (text: string) => text.replace(/\s+/g, ' ')

function expectInert(html: string, what: string): void {
  expect(inertHtmlProblems(html), `${what}\n${html}`).toEqual([])
}

/** A viewer that renders raw HTML and follows any link, as a desktop Markdown editor may. */
const permissiveViewer = new MarkdownIt({ html: true, linkify: true })
permissiveViewer.validateLink = () => true

describe('the XSS checker', () => {
  it('finds something executable in every HTML payload as it is, so that a sanitizer left out fails the sweep', () => {
    expect(HTML_PAYLOADS.length).toBeGreaterThan(30)
    for (const payload of HTML_PAYLOADS) expect(inertHtmlProblems(payload), payload).not.toEqual([])
  })

  it('finds every Markdown link and image payload once a viewer follows any link', () => {
    // Harmless in any CommonMark viewer: the tab is percent-encoded (a relative address), quotes in a title
    // or an image description are escaped. The others all need the renderer to refuse their address.
    const harmless = new Set(['[klik](jav&#x09;ascript:alert(1))', '[klik](https://example.org "titel\\" onmouseover=\\"alert(1)")', '![foto" onerror="alert(1)](images/verhaal-buurtloket.svg)'])
    expect(XSS_PAYLOADS.filter((payload) => harmless.has(payload))).toHaveLength(harmless.size)
    for (const payload of XSS_PAYLOADS.filter((payload) => /^!?\[/.test(payload) && !harmless.has(payload))) {
      expect(inertHtmlProblems(permissiveViewer.render(payload)), payload).not.toEqual([])
    }
  })
})

describe('magazine Markdown rendered to HTML (content/render-markdown.ts)', () => {
  const resolveImage = (reference: string) => (reference === 'images/verhaal-buurtloket.svg' ? '/media/verhaal-buurtloket.svg?v=0123456789ab' : undefined)
  const render = (source: string) => renderMarkdown(source, { resolveImage })
  const CONTEXTS: [string, (payload: string) => string][] = [
    ['a paragraph', (payload) => payload],
    ['a sentence', inSentence],
    ['a list item', (payload) => `- ${payload}`],
    ['a heading', (payload) => `# ${payload}`],
    ['a quote', (payload) => `> ${payload}`],
    ['a table cell', (payload) => `| Kop |\n| --- |\n| ${payload.replace(/\|/g, '\\|')} |`],
    ['link text', (payload) => `[${payload}](https://example.org/)`],
    ['an image description', (payload) => `![${payload}](images/verhaal-buurtloket.svg)`],
    ['a link title', (payload) => `[klik](https://example.org/ "${payload.replace(/"/g, '\\"')}")`],
    ['a code span', (payload) => `\`${payload}\``],
    ['a fenced code block', (payload) => `\`\`\`html\n${payload}\n\`\`\``],
  ]

  it.each(XSS_PAYLOADS)('makes %j inert wherever it stands in the Markdown', (payload) => {
    for (const [where, place] of CONTEXTS) expectInert(render(place(payload)).html, `${payload} in ${where}`)
    // All of them in one story: no payload can open a construct that another one closes.
    expectInert(render(CONTEXTS.map(([, place]) => place(payload)).join('\n\n')).html, `${payload} in every context at once`)
  })

  it('shows raw HTML as the text the editor typed', () => {
    expect(LITERAL_HTML_PAYLOADS.length).toBeGreaterThan(20)
    for (const payload of LITERAL_HTML_PAYLOADS) expect(visibleText(render(inSentence(payload)).html), payload).toContain(collapse(inSentence(payload)))
  })

  it('keeps the text of a link whose address is refused, without the address', () => {
    for (const payload of XSS_PAYLOADS.filter((payload) => payload.startsWith('[klik]('))) {
      const { html } = render(payload)
      expectInert(html, payload)
      expect(visibleText(html), payload).toContain('klik')
    }
  })
})

/** The magazine as the content API sends it, checked for what a JSON answer must be. */
async function getJson<T>(response: Promise<LightMyRequestResponse>): Promise<T> {
  const answer = await response
  expect(answer.statusCode, answer.body.slice(0, 300)).toBe(200)
  expect(answer.headers['content-type']).toMatch(/^application\/json/)
  expect(answer.headers['x-content-type-options']).toBe('nosniff')
  return answer.json<T>()
}

describe.each(TEST_DATABASES)('XSS payloads in magazine content, served by the content API on $name', (testDatabase) => {
  it('sends every story body as inert HTML, and every front-matter text as the editor wrote it', async () => {
    const contentDir = createContentDir()
    writeContentImage(contentDir, 'verhaal-buurtloket.svg')
    const body = (payload: string) => [payload, inSentence(payload), `- ${payload}`, `## ${payload}`, `> ${payload}`, `[${payload}](https://example.org/)`, `![${payload}](images/verhaal-buurtloket.svg)`].join('\n\n')
    const slugs: string[] = []
    XSS_PAYLOADS.forEach((payload, index) => {
      const slug = `verhaal-xss-${index + 1}`
      slugs.push(slug)
      const front = makeVerhaalFrontMatter({ title: payload, summary: inSentence(payload), authors: [payload], doetank: payload, image: 'images/verhaal-buurtloket.svg', imageAlt: payload })
      writeContentFile(contentDir, slug, front, `${body(payload)}\n`)
    })
    const steps = XSS_PAYLOADS.map((payload) => makeWerkvormStep({ title: payload, instruction: inSentence(payload) }))
    writeContentFile(contentDir, 'werkvorm-xss', makeWerkvormFrontMatter({ steps, materials: [...XSS_PAYLOADS] }), `${XSS_PAYLOADS.join('\n\n')}\n`)
    writeContentFile(contentDir, 'analyse-xss', makeAnalyseFrontMatter({ lessons: [...XSS_PAYLOADS] }), `${XSS_PAYLOADS.join('\n\n')}\n`)
    const { app } = await buildTestApp(testDatabase, { contentDir })

    const delta = await getJson<ContentDelta>(app.inject({ url: '/api/v1/content' }))
    expect(delta.items.map((item) => item.slug).sort()).toEqual([...slugs, 'analyse-xss', 'werkvorm-xss'].sort())
    for (const item of delta.items) expectInert(item.html, item.slug)
    const bySlug = new Map(delta.items.map((item) => [item.slug, item]))
    XSS_PAYLOADS.forEach((payload, index) => {
      const item = bySlug.get(slugs[index]!)!
      // Data in JSON, shown by the app as text: exactly what the editor wrote (the schema trims).
      expect({ title: item.title, summary: item.summary, authors: item.authors, doetank: item.doetank, imageAlt: item.imageAlt }).toEqual({
        title: payload.trim(),
        summary: inSentence(payload).trim(),
        authors: [payload.trim()],
        doetank: payload.trim(),
        imageAlt: payload.trim(),
      })
      expect(item.image).toMatch(/^\/media\/verhaal-buurtloket\.svg\?v=[0-9a-f]+$/)
    })
    const werkvorm = bySlug.get('werkvorm-xss')!
    expect(werkvorm.type === 'werkvorm' && werkvorm.steps.map((step) => step.instruction)).toEqual(XSS_PAYLOADS.map((payload) => inSentence(payload).trim()))
    for (const payload of LITERAL_HTML_PAYLOADS) expect(visibleText(werkvorm.html), payload).toContain(collapse(payload.trim()))

    const cards = await getJson<ContentCardsAnswer>(app.inject({ url: '/api/v1/content?view=cards' }))
    expect(cards.cards.map((card) => card.title).sort()).toEqual(delta.items.map((item) => item.title).sort())

    // The server renders no page of its own: a story's address answers the app shell, nothing of the story.
    for (const slug of [...slugs.slice(0, 5), 'werkvorm-xss']) {
      const page = await app.inject({ url: `/lezen/${slug}`, headers: { accept: 'text/html' } })
      expect(page.body, slug).toBe(TEST_INDEX_HTML)
    }
  })
})

describe.each(TEST_DATABASES)('XSS payloads in a person’s notes, quick lines and photo alt text on $name', (testDatabase) => {
  it('stores and sends them back verbatim as JSON, and never renders them into HTML', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const user = await registerUser(app, { displayName: '<img src=x onerror=alert(1)> Anne' })
    const phone = deviceOf(user)
    const noteIds = XSS_PAYLOADS.map(() => randomUUID())
    let id = 0
    const saves = XSS_PAYLOADS.map((payload, index) =>
      noteSave(++id, noteIds[index]!, 0, {
        title: payload,
        question: inSentence(payload),
        did: payload,
        saw: `${payload}\n${payload}`,
        lessGood: payload,
        nextStep: payload,
        body: inSentence(payload),
        doetank: payload,
        tags: [payload],
        werkvormen: [payload],
      }),
    )
    const lines = XSS_PAYLOADS.map((payload, index) => noteAddLine(++id, noteIds[index]!, randomUUID(), payload))
    const photos = XSS_PAYLOADS.map((payload, index) => photoArgs(noteIds[index]!, pngBytes(index), { alt: payload }))
    const addPhotos = photos.map((args) => noteAddPhoto(++id, args))
    // The alt text changed afterwards (the other way of setting it) on the first photo.
    const setAlt = noteSetPhotoAlt(++id, photos[0]!.id, inSentence(XSS_PAYLOADS[1]!))
    const answer = await pushInBatches(app, phone, [...saves, ...lines, ...addPhotos, setAlt])
    expect(answer.rejected).toEqual([])

    // Another device of hers reads it all back.
    const laptop = deviceOf(user)
    const { changes } = await pullAll(app, laptop)
    const notes = new Map(notesIn(changes).map((note) => [note.id, note]))
    XSS_PAYLOADS.forEach((payload, index) => {
      expect(notes.get(noteIds[index]!)?.fields, payload).toEqual({
        ...emptyNoteFields(),
        title: payload,
        question: inSentence(payload),
        did: payload,
        saw: `${payload}\n${payload}`,
        lessGood: payload,
        nextStep: payload,
        body: inSentence(payload),
        doetank: payload,
        tags: [payload],
        werkvormen: [payload],
      })
    })
    expect(linesIn(changes).map((line) => line.text).sort()).toEqual([...XSS_PAYLOADS].sort())
    const altById = new Map(photosIn(changes).map((photo) => [photo.id, photo.alt]))
    expect(photos.map((photo) => altById.get(photo.id))).toEqual([inSentence(XSS_PAYLOADS[1]!), ...XSS_PAYLOADS.slice(1)])

    // Every answer of the server that could hold them: JSON, an image or the app shell, never HTML of its own.
    const cookies = { [SESSION_COOKIE]: user.cookie }
    const uploaded = photos[1]!
    expect((await uploadPhoto(app, phone, uploaded.id, pngBytes(1))).statusCode).toBe(204)
    const requests: { url: string; method?: 'GET' | 'POST'; payload?: unknown; accept?: string }[] = [
      { url: AUTH_PATHS.me },
      { url: photoPath(uploaded.id) },
      { url: '/', accept: 'text/html' },
      { url: '/notities', accept: 'text/html' },
      ...noteIds.slice(0, 5).map((noteId) => ({ url: `/notities/${noteId}`, accept: 'text/html' })),
      ...XSS_PAYLOADS.slice(0, 10).map((payload) => ({ url: `/zoeken?q=${encodeURIComponent(payload)}`, accept: 'text/html' })),
      // Error answers that repeat what they were sent.
      ...XSS_PAYLOADS.slice(0, 10).map((payload) => ({ url: `/api/v1/content?view=${encodeURIComponent(payload)}` })),
      ...XSS_PAYLOADS.slice(0, 10).map((payload) => ({ url: `/api/v1/${encodeURIComponent(payload)}`, accept: 'text/html' })),
      { url: '/api/v1/sync/push', method: 'POST', payload: { clientId: '<script>alert(1)</script>', schemaVersion: '<svg onload=alert(1)>', mutations: [] } },
    ]
    for (const request of requests) {
      const response = await app.inject({
        method: request.method ?? 'GET',
        url: request.url,
        cookies,
        headers: request.accept ? { accept: request.accept } : {},
        ...(request.payload === undefined ? {} : { payload: request.payload as Record<string, unknown> }),
      })
      const what = `${request.method ?? 'GET'} ${request.url}: ${response.statusCode} ${response.headers['content-type']}`
      expect(response.statusCode, what).toBeLessThan(500)
      expect(response.headers['x-content-type-options'], what).toBe('nosniff')
      const type = String(response.headers['content-type'])
      if (type.startsWith('text/html')) expect(response.body, what).toBe(TEST_INDEX_HTML)
      else expect(type, what).toMatch(/^(application\/json|image\/png)/)
    }
    const me = await app.inject({ url: AUTH_PATHS.me, cookies })
    expect(me.json<{ user: { displayName: string } }>().user.displayName).toBe('<img src=x onerror=alert(1)> Anne')
  })

  it('serves a photo whose bytes hide HTML as the image type it is, never as a page', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const phone = deviceOf(await registerUser(app))
    const noteId = randomUUID()
    // A real PNG header, then HTML: a browser that sniffed the type would run it.
    const html = Buffer.from('<html><body><script>alert(1)</script><img src=x onerror=alert(1)></body></html>')
    const polyglot = Buffer.concat([pngBytes(7), html])
    const args = photoArgs(noteId, polyglot)
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    const svgArgs = photoArgs(noteId, svg)
    await pushOk(app, phone, [noteSave(1, noteId, 0, { title: 'Foto' }), noteAddPhoto(2, args)])
    // Other types are refused before they are stored: as a type the photo names…
    const svgPush = await pushOk(app, phone, [noteAddPhoto(3, { ...svgArgs, mime: 'image/svg+xml' as never })])
    expect(svgPush.rejected).toEqual([expect.objectContaining({ id: 3 })])
    // …and as a body.
    for (const mime of ['text/html', 'image/svg+xml', 'application/xhtml+xml']) {
      const response = await uploadPhoto(app, phone, args.id, html, { mime })
      expect(response.statusCode, mime).toBeGreaterThanOrEqual(400)
      expect(response.headers['content-type'], mime).toMatch(/^application\/json/)
    }
    expect((await uploadPhoto(app, phone, args.id, polyglot)).statusCode).toBe(204)
    const response = await app.inject({ url: photoPath(args.id), cookies: { [SESSION_COOKIE]: phone.user.cookie }, headers: { accept: 'text/html' } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('image/png')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(sha256Hex(response.rawPayload)).toBe(args.hash)
  })
})

// ---- The export ----

/** Names a person could give a note that a careless exporter would turn into a path outside its folder. */
const HOSTILE_NAMES = [
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '..',
  '.',
  '/etc/passwd',
  '\\\\server\\share\\x',
  'C:\\Windows\\system32\\x',
  'C:',
  '<script>.md',
  '<script>alert(1)</script>.md',
  'a/b/c',
  'notities/../../x',
  'x\u0000y.md',
  'nul\u0000',
  'regel\neen\rtwee\ttab',
  'bel\u0007esc\u001b[31mrood',
  'omgekeerd\u202egpj.exe',
  '%2e%2e%2f%2e%2e%2fetc',
  'x'.repeat(5000),
  `${'../'.repeat(100)}etc/passwd`,
  '🙂'.repeat(200),
  '',
  '   ',
]

/** A ZIP's entry names as its central directory holds them, read without a ZIP library (whose decoding could hide a NUL or a slash). */
function rawZipEntryNames(zip: Uint8Array): string[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength)
  let end = zip.byteLength - 22
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--
  expect(end, 'end of central directory').toBeGreaterThanOrEqual(0)
  const count = view.getUint16(end + 10, true)
  let offset = view.getUint32(end + 16, true)
  const names: string[] = []
  for (let index = 0; index < count; index++) {
    expect(view.getUint32(offset, true), 'central directory entry').toBe(0x02014b50)
    const [nameLength, extraLength, commentLength] = [view.getUint16(offset + 28, true), view.getUint16(offset + 30, true), view.getUint16(offset + 32, true)]
    names.push(Buffer.from(zip.subarray(offset + 46, offset + 46 + nameLength)).toString('latin1'))
    offset += 46 + nameLength + extraLength + commentLength
  }
  return names
}

const ENTRY_NAME_MAX_CHARS = 120

/** What makes an entry name unsafe to unpack anywhere (Windows, macOS, Linux, any unzip tool). */
function entryNameProblems(name: string): string[] {
  const problems: string[] = []
  if (name.split(/[/\\]/).some((segment) => segment === '..' || segment === '.')) problems.push('a . or .. segment')
  if (/^([/\\]|[a-z]:)/i.test(name)) problems.push('an absolute path')
  if (name.includes('\\')) problems.push('a backslash')
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(name)) problems.push('a control or direction character')
  if (/[<>:"|?*]/.test(name)) problems.push('a character Windows refuses')
  if (name.length > ENTRY_NAME_MAX_CHARS) problems.push(`${name.length} characters`)
  if (name.split('/').some((segment) => segment === '')) problems.push('an empty segment')
  return problems
}

function expectSafeEntryNames(names: string[]): void {
  expect(names.length).toBeGreaterThan(0)
  for (const name of names) expect(entryNameProblems(name), JSON.stringify(name)).toEqual([])
  expect(new Set(names.map((name) => name.toLowerCase())).size, 'names that differ only in case').toBe(names.length)
}

/** The exported Markdown in a viewer that renders HTML: inert, and every payload shown as the text she typed. */
function expectMarkdownShowsPayloadsAsText(markdown: string, payloads: readonly string[], what: string): void {
  const html = permissiveViewer.render(matter(markdown).content)
  expectInert(html, what)
  const text = visibleText(html)
  for (const payload of payloads.filter((payload) => LITERAL_HTML_PAYLOADS.includes(payload))) expect(text, `${what}: ${payload}`).toContain(collapse(payload))
}

describe.each(TEST_DATABASES)('the export of notes with XSS payloads and hostile names on $name', (testDatabase) => {
  it('has safe entry names and a safe download, and its Markdown shows the payloads as text', async () => {
    const NOW = Date.UTC(2026, 10, 27, 10)
    const { app } = await buildSyncTestApp(testDatabase, { app: { now: () => NOW } })
    const phone = deviceOf(await registerUser(app))
    const titles = [...HOSTILE_NAMES, ...XSS_PAYLOADS]
    const noteIds = titles.map(() => randomUUID())
    let id = 0
    const saves = titles.map((title, index) => {
      const payload = XSS_PAYLOADS[index % XSS_PAYLOADS.length]!
      return noteSave(++id, noteIds[index]!, 0, { title, question: payload, did: inSentence(payload), body: payload, doetank: payload, tags: [payload] })
    })
    const lines = XSS_PAYLOADS.map((payload, index) => noteAddLine(++id, noteIds[index]!, randomUUID(), payload))
    const photos = XSS_PAYLOADS.map((payload, index) => photoArgs(noteIds[index]!, pngBytes(index), { alt: payload }))
    const answer = await pushInBatches(app, phone, [...saves, ...lines, ...photos.map((args) => noteAddPhoto(++id, args))])
    expect(answer.rejected).toEqual([])
    for (const [index, args] of photos.slice(0, 10).entries()) expect((await uploadPhoto(app, phone, args.id, pngBytes(index))).statusCode).toBe(204)
    // A photo can only be named by a UUID: a path as its id never gets as far as a row, let alone a file.
    const traversal = await pushOk(app, phone, [noteAddPhoto(++id, { ...photoArgs(noteIds[0]!, pngBytes(99)), id: '../../etc/passwd' })])
    expect(traversal.rejected).toEqual([expect.objectContaining({ id })])

    const response = await requestExport(app, phone.user.cookie)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('application/zip')
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['content-disposition']).toBe('attachment; filename="slimmernetwerk-export-2026-11-27.zip"')
    expect(String(response.headers['content-disposition'])).toMatch(/^attachment; filename="[a-z0-9.-]+"$/)

    const raw = rawZipEntryNames(new Uint8Array(response.rawPayload))
    const { account, files } = unzipExport(response)
    expect(raw.sort()).toEqual([...files.keys()].sort())
    expectSafeEntryNames(raw)
    for (const name of raw) expect(name).toMatch(/^(account\.json|notities\/[a-z0-9]+(-[a-z0-9]+)*\.md|notities\/fotos\/[0-9a-f-]{36}\.png)$/)
    expect(raw.filter((name) => name.endsWith('.md'))).toHaveLength(titles.length)
    expect(raw.filter((name) => name.includes('/fotos/'))).toHaveLength(10)

    // account.json is data: every value as she typed it.
    const exported = new Map(account.notes.map((note) => [note.id, note]))
    titles.forEach((title, index) => expect(exported.get(noteIds[index]!)?.fields.title).toBe(title))
    expect(account.notes.flatMap((note) => note.lines.map((line) => line.text)).sort()).toEqual([...XSS_PAYLOADS].sort())
    expect(account.notes.flatMap((note) => note.photos.map((photo) => photo.alt)).sort()).toEqual([...XSS_PAYLOADS].sort())

    titles.forEach((title, index) => {
      const note = exported.get(noteIds[index]!)!
      const payload = XSS_PAYLOADS[index % XSS_PAYLOADS.length]!
      const markdown = files.get(note.markdownFile!)!
      const shown = index < XSS_PAYLOADS.length ? [payload, XSS_PAYLOADS[index]!] : [payload]
      expectMarkdownShowsPayloadsAsText(markdown, [...shown, ...(index >= HOSTILE_NAMES.length ? [title] : [])], `${note.markdownFile} (${JSON.stringify(title.slice(0, 60))})`)
      // The front matter is data too: the Doetank and the tags read back as they were typed.
      const front = matter(markdown).data as { doetank?: string; tags?: string[] }
      if (payload.trim() && !/\s{2}|\n/.test(payload)) expect(front.doetank, note.markdownFile!).toBe(payload.trim())
      expect(front.tags, note.markdownFile!).toEqual([payload])
    })
  })
})

describe('the notes ZIP made on the device and a shared note (the same Markdown)', () => {
  it('shows the characters the escaping touches exactly as she typed them', () => {
    const texts = ['a < b en b > c', 'C:\\Users\\anne\\notities', 'een \\<b> en een \\\\](x)', '[zie hier](de map)', '[punt]: een lijst', 'pijl <- terug', '\\* geen ster']
    for (const text of texts) {
      const markdown = noteToMarkdown({
        id: 'a',
        fields: { ...emptyNoteFields(), title: text, body: text },
        createdAt: '2026-11-20T09:00:00.000Z',
        updatedAt: '2026-11-20T09:00:00.000Z',
        deletedAt: null,
        conflictOf: null,
        conflictDevice: null,
        lines: [{ id: 'a', text, at: '2026-11-20T09:00:00.000Z' }],
      })
      const html = permissiveViewer.render(matter(markdown).content)
      expectInert(html, text)
      expect(textsOf(html, 'h1'), text).toEqual([text])
      expect(textsOf(html, 'p'), text).toEqual([text])
      expect(textsOf(html, 'li'), text).toEqual([`2026-11-20 09:00 UTC ${text}`])
    }
  })

  it('has safe entry names for hostile titles and shows the payloads as text', () => {
    const titles = [...HOSTILE_NAMES, ...XSS_PAYLOADS]
    const notes = titles.map((title, index) => {
      const payload = XSS_PAYLOADS[index % XSS_PAYLOADS.length]!
      return {
        id: randomUUID(),
        revision: 1,
        fields: { ...emptyNoteFields(), title, body: payload, saw: inSentence(payload) },
        createdAt: 1_700_000_000_000 + index,
        updatedAt: 1_700_000_000_000 + index,
        deletedAt: null,
        conflictOf: null,
        conflictDevice: null,
      }
    })
    const lines = notes.map((note, index) => ({ noteId: note.id, id: randomUUID(), text: XSS_PAYLOADS[index % XSS_PAYLOADS.length]!, at: 1_700_000_000_000 }))
    const photos = notes.slice(0, 5).map((note, index) => {
      const bytes = pngBytes(index)
      const photo = { ...photoArgs(note.id, bytes, { alt: XSS_PAYLOADS[index]! }), at: 1_700_000_000_000, altAt: 1_700_000_000_000, removed: false }
      return { photo, data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer }
    })
    const archive = buildNotesArchive({ notes, lines, photos, now: Date.UTC(2026, 11, 3) } as unknown as Parameters<typeof buildNotesArchive>[0])
    expect(archive.fileName).toMatch(/^[a-z0-9.-]+\.zip$/)
    const names = rawZipEntryNames(archive.bytes)
    expectSafeEntryNames(names)
    expect(names.filter((name) => name.endsWith('.md'))).toHaveLength(titles.length)

    for (const payload of XSS_PAYLOADS) {
      const markdown = noteToMarkdown({
        id: randomUUID(),
        fields: { ...emptyNoteFields(), title: payload, question: payload, did: inSentence(payload), body: `${payload}\n\n${payload}` },
        createdAt: '2026-11-20T09:00:00.000Z',
        updatedAt: '2026-11-20T09:00:00.000Z',
        deletedAt: null,
        conflictOf: null,
        conflictDevice: null,
        lines: [{ id: 'a', text: payload, at: '2026-11-20T09:00:00.000Z' }],
        photos: [{ alt: payload, link: 'fotos/foto.png' }, { alt: payload, link: null }],
      })
      expectMarkdownShowsPayloadsAsText(markdown, [payload], JSON.stringify(payload))
    }
  })
})
