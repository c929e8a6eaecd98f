import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadContent } from '../../src/server/content/load-content'
import { importContent } from '../../src/server/repositories/content-repository'
import type { ApiError } from '../../src/shared/api-error'
import type { ContentCardsAnswer, ContentDelta } from '../../src/shared/content/types'
import { makeColumnFrontMatter, makeVerhaalFrontMatter, writeContentFile } from '../factories/content-factory'
import { buildTestApp, TEST_ASSET, TEST_INDEX_HTML } from './helpers/test-app'
import { TEST_DATABASES } from './helpers/test-databases'

const IMMUTABLE = 'public, max-age=31536000, immutable'

describe.each(TEST_DATABASES)('HTTP routes on $name', (testDatabase) => {
  describe('GET /api/v1/health', () => {
    it('says the server is up, with its database and content cursor', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: '/api/v1/health' })
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({ status: 'ok', database: testDatabase.dialect, contentCursor: '1' })
    })
  })

  describe('GET /api/v1/content', () => {
    it('answers the whole magazine without a cursor', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: '/api/v1/content' })
      expect(response.statusCode).toBe(200)
      const delta = response.json<ContentDelta>()
      expect(delta).toMatchObject({ cursor: '1', full: true, removed: [] })
      expect(delta.items.map((item) => item.type).sort()).toEqual(['analyse', 'column', 'verhaal', 'werkvorm'])
      for (const item of delta.items) {
        expect(item).toMatchObject({ slug: expect.any(String), html: expect.any(String), readingMinutes: expect.any(Number), version: 1 })
      }
    })

    it('sends sanitized HTML', async () => {
      const { app, contentDir, database } = await buildTestApp(testDatabase)
      writeContentFile(contentDir, 'verhaal-met-script', makeVerhaalFrontMatter(), '<script>alert(1)</script>\n\n[klik](javascript:alert(1))\n')
      await importContent(database.serverDb, loadContent(contentDir))

      const { items } = (await app.inject({ url: '/api/v1/content' })).json<ContentDelta>()
      const html = items.find((item) => item.slug === 'verhaal-met-script')!.html
      expect(html).toContain('&lt;script&gt;')
      expect(html).not.toMatch(/<script|href="javascript:/i)
    })

    it('answers nothing new at the current cursor', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: '/api/v1/content?since=1' })
      expect(response.statusCode).toBe(200)
      expect(response.json()).toEqual({ cursor: '1', full: false, items: [], removed: [] })
    })

    it('answers only what changed after the cursor, removals included', async () => {
      const { app, contentDir, database } = await buildTestApp(testDatabase)
      writeContentFile(contentDir, 'column-durf-te-stoppen', makeColumnFrontMatter({ title: 'Nieuwe titel' }))
      writeContentFile(contentDir, 'verhaal-nieuw', makeVerhaalFrontMatter())
      rmSync(path.join(contentDir, 'analyse-heldere-brief.md'))
      await importContent(database.serverDb, loadContent(contentDir))

      const delta = (await app.inject({ url: '/api/v1/content?since=1' })).json<ContentDelta>()
      expect(delta).toMatchObject({ cursor: '2', full: false, removed: ['analyse-heldere-brief'] })
      expect(delta.items.map((item) => item.slug)).toEqual(['column-durf-te-stoppen', 'verhaal-nieuw'])
    })

    it('answers 304 Not Modified when the client already has this answer', async () => {
      const { app } = await buildTestApp(testDatabase)
      const first = await app.inject({ url: '/api/v1/content?since=1' })
      const etag = first.headers.etag
      expect(etag).toEqual(expect.any(String))
      expect(first.headers['cache-control']).toBe('no-cache')

      const again = await app.inject({ url: '/api/v1/content?since=1', headers: { 'if-none-match': String(etag) } })
      expect(again.statusCode).toBe(304)
      expect(again.body).toBe('')
    })

    it('gives a new ETag once the content changes', async () => {
      const { app, contentDir, database } = await buildTestApp(testDatabase)
      const before = await app.inject({ url: '/api/v1/content' })
      writeContentFile(contentDir, 'verhaal-nieuw', makeVerhaalFrontMatter())
      await importContent(database.serverDb, loadContent(contentDir))

      const after = await app.inject({ url: '/api/v1/content', headers: { 'if-none-match': String(before.headers.etag) } })
      expect(after.statusCode).toBe(200)
      expect(after.headers.etag).not.toBe(before.headers.etag)
    })

    it.each(['abc', '-1', '1.5', '01', ''])('refuses the cursor "%s" with a JSON error', async (since) => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: `/api/v1/content?since=${encodeURIComponent(since)}` })
      expect(response.statusCode).toBe(400)
      expect(response.headers['content-type']).toMatch(/^application\/json/)
      expect(response.json<ApiError>()).toEqual({ error: { code: 'bad_cursor', message: expect.stringContaining('since') } })
    })

    it('refuses a query parameter it does not know', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: '/api/v1/content?sinds=1' })
      expect(response.statusCode).toBe(400)
      expect(response.json<ApiError>()).toEqual({ error: { code: 'invalid_request', message: expect.any(String) } })
    })

    it('refuses a cursor too long to be one', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: `/api/v1/content?since=${'1'.repeat(100)}` })
      expect(response.statusCode).toBe(400)
      expect(response.json<ApiError>().error.code).toBe('invalid_request')
    })

    it('starts a client with a cursor from the future afresh, with the whole magazine', async () => {
      const { app } = await buildTestApp(testDatabase)
      const delta = (await app.inject({ url: '/api/v1/content?since=999' })).json<ContentDelta>()
      expect(delta).toMatchObject({ cursor: '1', full: true, removed: [] })
      expect(delta.items).toHaveLength(4)
    })
  })

  describe('GET /api/v1/content?view=cards', () => {
    const CARD_FIELDS = ['slug', 'type', 'title', 'summary', 'published', 'readingMinutes', 'themes']
    const WERKVORM_FIELDS = ['goal', 'durationMin', 'durationMax', 'groupMin', 'groupMax']

    it('answers only the cards of the whole magazine: no bodies, no authors, no steps', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: '/api/v1/content?view=cards' })
      expect(response.statusCode).toBe(200)
      const answer = response.json<ContentCardsAnswer>()
      expect(Object.keys(answer).sort()).toEqual(['cards', 'cursor', 'full'])
      expect(answer).toMatchObject({ cursor: '1', full: true })
      expect(answer.cards.map((card) => card.slug).sort()).toEqual(['analyse-heldere-brief', 'column-durf-te-stoppen', 'verhaal-buurtloket', 'werkvorm-stille-brainstorm'])
      const { items } = (await app.inject({ url: '/api/v1/content' })).json<ContentDelta>()
      for (const card of answer.cards) {
        const item = items.find((candidate) => candidate.slug === card.slug)!
        const expected = [...CARD_FIELDS, ...(item.image ? ['image', 'imageAlt'] : []), ...(item.type === 'werkvorm' ? WERKVORM_FIELDS : [])]
        expect(Object.keys(card).sort()).toEqual(expected.sort())
        for (const field of expected) expect(card[field as keyof typeof card]).toEqual(item[field as keyof typeof item])
      }
      expect(answer.cards.find((card) => card.type === 'werkvorm')).toMatchObject({ goal: expect.any(String), durationMin: expect.any(Number), groupMax: expect.any(Number) })
      expect(answer.cards.find((card) => card.slug === 'verhaal-buurtloket')?.image).toMatch(/^\/media\/buurtloket\.svg\?v=/)
      expect(response.body).not.toMatch(/"html"|<p>|<strong>/)
      expect(response.body.length).toBeLessThan(JSON.stringify(items).length / 2)
    })

    it('has its own ETag and answers 304 Not Modified when the client already has it', async () => {
      const { app, contentDir, database } = await buildTestApp(testDatabase)
      const full = await app.inject({ url: '/api/v1/content' })
      const first = await app.inject({ url: '/api/v1/content?view=cards' })
      expect(first.headers.etag).toEqual(expect.any(String))
      expect(first.headers.etag).not.toBe(full.headers.etag)
      expect(first.headers['cache-control']).toBe('no-cache')

      const again = await app.inject({ url: '/api/v1/content?view=cards', headers: { 'if-none-match': String(first.headers.etag) } })
      expect(again.statusCode).toBe(304)
      expect(again.body).toBe('')
      const fullWithCardsTag = await app.inject({ url: '/api/v1/content', headers: { 'if-none-match': String(first.headers.etag) } })
      expect(fullWithCardsTag.statusCode).toBe(200)

      writeContentFile(contentDir, 'verhaal-nieuw', makeVerhaalFrontMatter({ title: 'Nieuw' }))
      await importContent(database.serverDb, loadContent(contentDir))
      const after = await app.inject({ url: '/api/v1/content?view=cards', headers: { 'if-none-match': String(first.headers.etag) } })
      expect(after.statusCode).toBe(200)
      expect(after.json<ContentCardsAnswer>()).toMatchObject({ cursor: '2', full: true })
      expect(after.json<ContentCardsAnswer>().cards.find((card) => card.slug === 'verhaal-nieuw')?.title).toBe('Nieuw')
    })

    it.each(['items', 'CARDS', '', 'cards,items'])('refuses the view "%s" with a JSON error', async (view) => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: `/api/v1/content?view=${encodeURIComponent(view)}` })
      expect(response.statusCode).toBe(400)
      expect(response.headers['content-type']).toMatch(/^application\/json/)
      expect(response.json<ApiError>()).toEqual({ error: { code: 'bad_view', message: expect.stringContaining('view') } })
    })

    it('refuses cards with a cursor: they are only for a first download', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: '/api/v1/content?view=cards&since=1' })
      expect(response.statusCode).toBe(400)
      expect(response.json<ApiError>()).toEqual({ error: { code: 'bad_view', message: expect.stringContaining('since') } })
    })
  })

  describe('unknown API routes', () => {
    it('answers 404 as JSON, also for a browser', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: '/api/v1/nope', headers: { accept: 'text/html' } })
      expect(response.statusCode).toBe(404)
      expect(response.json<ApiError>()).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/v1/nope' } })
    })
  })

  describe('the app shell', () => {
    it('caches hashed assets forever', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: `/${TEST_ASSET}` })
      expect(response.statusCode).toBe(200)
      expect(response.headers['cache-control']).toBe(IMMUTABLE)
    })

    it.each(['/index.html', '/sw.js', '/'])('revalidates %s on every load, so an update reaches the user', async (url) => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url })
      expect(response.statusCode).toBe(200)
      expect(response.headers['cache-control']).toBe('no-cache')
    })

    it('answers a deep link with index.html under a Content-Security-Policy without inline script', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: '/lezen/verhaal-buurtloket', headers: { accept: 'text/html,application/xhtml+xml' } })
      expect(response.statusCode).toBe(200)
      expect(response.body).toBe(TEST_INDEX_HTML)
      const csp = String(response.headers['content-security-policy'])
      const scriptSrc = csp.split(';').map((directive) => directive.trim()).find((directive) => directive.startsWith('script-src'))
      expect(scriptSrc).toBe("script-src 'self'")
      expect(csp).not.toContain('unsafe-inline')
      expect(response.headers['x-content-type-options']).toBe('nosniff')
    })

    it('answers 404 for a missing file that is not a page', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: '/assets/weg.js', headers: { accept: '*/*' } })
      expect(response.statusCode).toBe(404)
    })
  })

  describe('GET /media/<image>', () => {
    it('serves a content image under the URL its item names, cached forever', async () => {
      const { app, contentDir } = await buildTestApp(testDatabase)
      const { items } = (await app.inject({ url: '/api/v1/content' })).json<ContentDelta>()
      const imageUrl = items.find((item) => item.image)!.image!
      expect(imageUrl).toMatch(/^\/media\/buurtloket\.svg\?v=[0-9a-f]{12}$/)

      const response = await app.inject({ url: imageUrl })
      expect(response.statusCode).toBe(200)
      expect(response.headers['cache-control']).toBe(IMMUTABLE)
      expect(response.body).toBe(readFileSync(path.join(contentDir, 'images', 'buurtloket.svg'), 'utf8'))
    })

    it('answers 404 for an image that does not exist, also for a browser', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ url: '/media/weg.png', headers: { accept: 'text/html' } })
      expect(response.statusCode).toBe(404)
    })
  })
})
