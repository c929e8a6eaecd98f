import 'fake-indexeddb/auto'
import { rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { readCursor } from '../../../../src/client/db/magazine-db'
import type { MagCacheDb } from '../../../../src/client/db/magcache'
import { ContentSyncError, type ContentSyncErrorKind, type ContentSyncProgress, syncContent } from '../../../../src/client/sync/content-sync'
import { buildApp } from '../../../../src/server/app'
import { loadContent } from '../../../../src/server/content/load-content'
import { openDatabase } from '../../../../src/server/db/database'
import { importContent } from '../../../../src/server/repositories/content-repository'
import type { ContentDelta } from '../../../../src/shared/content/types'
import {
  createContentDir,
  createTempDir,
  makeColumnFrontMatter,
  makeVerhaalFrontMatter,
  writeContentFile,
  writeSampleContent,
} from '../../../factories/content-factory'
import { createTestMagCache } from '../helpers/test-databases'

interface TestServer {
  baseUrl: string
  contentDir: string
  /** Imports content/ again, as the server does when an editor changes a file. */
  reimport: () => Promise<void>
  /** Breaks the server's database: every content request then fails with a 500. */
  breakDatabase: () => Promise<void>
  stop: () => Promise<void>
}

/** The real content server on a free port, serving the sample magazine from a temp folder. */
async function startServer(): Promise<TestServer> {
  const contentDir = createContentDir()
  writeSampleContent(contentDir)
  const serverDb = await openDatabase('sqlite::memory:')
  await importContent(serverDb, loadContent(contentDir))
  const app = await buildApp({ serverDb, contentDir, distDir: createTempDir('slimmernetwerk-dist-') })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  let isDbOpen = true
  const closeDb = async () => {
    if (isDbOpen) await serverDb.close()
    isDbOpen = false
  }
  onTestFinished(async () => {
    await app.close()
    await closeDb()
  })
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    contentDir,
    reimport: async () => {
      await importContent(serverDb, loadContent(contentDir))
    },
    breakDatabase: closeDb,
    stop: () => app.close(),
  }
}

/** Real fetch, remembering each URL asked for and the update the server answered. */
function recordingFetch(): { fetch: typeof fetch; requests: { url: string; delta?: ContentDelta }[] } {
  const requests: { url: string; delta?: ContentDelta }[] = []
  const recording: typeof fetch = async (input, init) => {
    const response = await fetch(input, init)
    const request: { url: string; delta?: ContentDelta } = { url: String(input) }
    if (response.ok) request.delta = (await response.clone().json()) as ContentDelta
    requests.push(request)
    return response
  }
  return { fetch: recording, requests }
}

/** A server that answers 200 with the given body, for what the real server never sends. */
function fetchAnswering(body: string): typeof fetch {
  return async () => new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } })
}

async function syncErrorKind(promise: Promise<unknown>): Promise<ContentSyncErrorKind> {
  const error = await promise.then(
    () => expect.fail('expected the sync to fail'),
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(ContentSyncError)
  return (error as ContentSyncError).kind
}

async function cachedSlugs(db: MagCacheDb): Promise<string[]> {
  return ((await db.items.toCollection().primaryKeys()) as string[]).sort()
}

const SAMPLE_SLUGS = ['analyse-heldere-brief', 'column-durf-te-stoppen', 'verhaal-buurtloket', 'werkvorm-stille-brainstorm']

describe('syncContent against the content server', () => {
  it('downloads the whole magazine the first time, marking nothing as new', async () => {
    const server = await startServer()
    const db = createTestMagCache()
    const progress: ContentSyncProgress[] = []

    const result = await syncContent(db, { baseUrl: server.baseUrl, onProgress: (p) => progress.push(p) })

    expect(result).toMatchObject({ wasFirstDownload: true, changed: 0, removed: 0, cursor: '1' })
    expect([...result.added].sort()).toEqual(SAMPLE_SLUGS)
    expect(await cachedSlugs(db)).toEqual(SAMPLE_SLUGS)
    expect(await db.cards.count()).toBe(4)
    expect(await db.fresh.count()).toBe(0)
    expect(await readCursor(db)).toBe('1')
    expect(progress.some((p) => p.phase === 'download' && p.done > 0)).toBe(true)
    expect(progress.at(-1)).toEqual({ phase: 'save', done: 4, total: 4 })
    const verhaal = await db.items.get('verhaal-buurtloket')
    expect(verhaal).toMatchObject({ type: 'verhaal', html: expect.stringContaining('<strong>Doetank</strong>'), image: expect.stringMatching(/^\/media\/buurtloket\.svg\?v=/) })
  })

  it('fetches only a newly published item on the next sync, and marks it new', async () => {
    const server = await startServer()
    const db = createTestMagCache()
    await syncContent(db, { baseUrl: server.baseUrl })
    writeContentFile(server.contentDir, 'verhaal-nieuw', makeVerhaalFrontMatter({ title: 'Een nieuw verhaal' }))
    await server.reimport()
    const { fetch, requests } = recordingFetch()

    const result = await syncContent(db, { baseUrl: server.baseUrl, fetch })

    expect(requests).toHaveLength(1)
    expect(requests[0]!.url).toBe(`${server.baseUrl}/api/v1/content?since=1`)
    expect(requests[0]!.delta?.items.map((item) => item.slug)).toEqual(['verhaal-nieuw'])
    expect(result).toEqual({ wasFirstDownload: false, added: ['verhaal-nieuw'], changed: 0, removed: 0, cursor: '2' })
    expect(await cachedSlugs(db)).toEqual([...SAMPLE_SLUGS, 'verhaal-nieuw'].sort())
    expect((await db.cards.get('verhaal-nieuw'))?.title).toBe('Een nieuw verhaal')
    expect(await db.fresh.toCollection().primaryKeys()).toEqual(['verhaal-nieuw'])
    expect(await readCursor(db)).toBe('2')
  })

  it('updates a changed item in place without marking it new', async () => {
    const server = await startServer()
    const db = createTestMagCache()
    await syncContent(db, { baseUrl: server.baseUrl })
    writeContentFile(server.contentDir, 'column-durf-te-stoppen', makeColumnFrontMatter({ title: 'Durf echt te stoppen' }))
    await server.reimport()

    const result = await syncContent(db, { baseUrl: server.baseUrl })

    expect(result).toMatchObject({ added: [], changed: 1, removed: 0 })
    expect((await db.cards.get('column-durf-te-stoppen'))?.title).toBe('Durf echt te stoppen')
    expect(await db.fresh.count()).toBe(0)
  })

  it('removes an item locally once its file is deleted', async () => {
    const server = await startServer()
    const db = createTestMagCache()
    await syncContent(db, { baseUrl: server.baseUrl })
    rmSync(path.join(server.contentDir, 'analyse-heldere-brief.md'))
    await server.reimport()

    const result = await syncContent(db, { baseUrl: server.baseUrl })

    expect(result).toMatchObject({ added: [], changed: 0, removed: 1, cursor: '2' })
    expect(await cachedSlugs(db)).toEqual(SAMPLE_SLUGS.filter((slug) => slug !== 'analyse-heldere-brief'))
    expect(await db.cards.get('analyse-heldere-brief')).toBeUndefined()
  })

  it('asks for nothing new and changes nothing when the magazine did not change', async () => {
    const server = await startServer()
    const db = createTestMagCache()
    await syncContent(db, { baseUrl: server.baseUrl })

    const result = await syncContent(db, { baseUrl: server.baseUrl })

    expect(result).toEqual({ wasFirstDownload: false, added: [], changed: 0, removed: 0, cursor: '1' })
    expect(await cachedSlugs(db)).toEqual(SAMPLE_SLUGS)
  })

  it('reports "offline" when the server cannot be reached, and keeps the magazine', async () => {
    const server = await startServer()
    const db = createTestMagCache()
    await syncContent(db, { baseUrl: server.baseUrl })
    await server.stop()

    expect(await syncErrorKind(syncContent(db, { baseUrl: server.baseUrl }))).toBe('offline')

    expect(await cachedSlugs(db)).toEqual(SAMPLE_SLUGS)
    expect(await readCursor(db)).toBe('1')
  })

  it('reports "server" when the server answers with an error, and keeps the magazine', async () => {
    const server = await startServer()
    const db = createTestMagCache()
    await syncContent(db, { baseUrl: server.baseUrl })
    await server.breakDatabase()

    expect(await syncErrorKind(syncContent(db, { baseUrl: server.baseUrl }))).toBe('server')

    expect(await cachedSlugs(db)).toEqual(SAMPLE_SLUGS)
    expect(await readCursor(db)).toBe('1')
  })

  it.each([
    { answer: 'broken JSON', body: 'not json' },
    { answer: 'JSON that is no magazine update', body: JSON.stringify({ cursor: 2, items: 'none' }) },
    { answer: 'an update with an item without a body', body: JSON.stringify({ cursor: '2', full: false, items: [{ slug: 'x' }], removed: [] }) },
  ])('reports "invalid" for $answer, and keeps the magazine', async ({ body }) => {
    const server = await startServer()
    const db = createTestMagCache()
    await syncContent(db, { baseUrl: server.baseUrl })

    expect(await syncErrorKind(syncContent(db, { baseUrl: server.baseUrl, fetch: fetchAnswering(body) }))).toBe('invalid')

    expect(await cachedSlugs(db)).toEqual(SAMPLE_SLUGS)
    expect(await readCursor(db)).toBe('1')
  })

  it('reports "quota" when the device is full, keeps the old cursor, and completes on a retry', async () => {
    const server = await startServer()
    const db = createTestMagCache()
    await syncContent(db, { baseUrl: server.baseUrl })
    writeContentFile(server.contentDir, 'verhaal-nieuw', makeVerhaalFrontMatter())
    await server.reimport()
    const diskIsFull = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    }
    db.items.hook('creating', diskIsFull)

    expect(await syncErrorKind(syncContent(db, { baseUrl: server.baseUrl }))).toBe('quota')

    expect(await readCursor(db)).toBe('1')
    expect(await cachedSlugs(db)).toEqual(SAMPLE_SLUGS)

    db.items.hook('creating').unsubscribe(diskIsFull)
    const retry = await syncContent(db, { baseUrl: server.baseUrl })

    expect(retry).toMatchObject({ added: ['verhaal-nieuw'], cursor: '2' })
    expect(await readCursor(db)).toBe('2')
  })

  describe('a first download, cards first', () => {
    it('fetches the cards, then the whole magazine; later syncs ask only for changes', async () => {
      const server = await startServer()
      const db = createTestMagCache()
      const { fetch, requests } = recordingFetch()

      await syncContent(db, { baseUrl: server.baseUrl, fetch })
      await syncContent(db, { baseUrl: server.baseUrl, fetch })

      expect(requests.map((request) => request.url)).toEqual([
        `${server.baseUrl}/api/v1/content?view=cards`,
        `${server.baseUrl}/api/v1/content`,
        `${server.baseUrl}/api/v1/content?since=1`,
      ])
    })

    it('writes the cards before any item, and moves the cursor only with the last items', async () => {
      const server = await startServer()
      const db = createTestMagCache()
      const created: string[] = []
      db.cards.hook('creating', () => void created.push('card'))
      db.items.hook('creating', () => void created.push('item'))
      db.meta.hook('creating', () => void created.push('cursor'))

      await syncContent(db, { baseUrl: server.baseUrl })

      // The full download puts the same cards again: updates, not creations.
      expect(created).toEqual(['card', 'card', 'card', 'card', 'item', 'item', 'item', 'item', 'cursor'])
    })

    it('keeps the cards, without items or cursor, when the full download fails; a retry completes it', async () => {
      const server = await startServer()
      const db = createTestMagCache()
      const urls: string[] = []
      const secondRequestFails: typeof fetch = async (input, init) => {
        urls.push(String(input))
        if (urls.length === 2) throw new TypeError('Failed to fetch')
        return fetch(input, init)
      }

      expect(await syncErrorKind(syncContent(db, { baseUrl: server.baseUrl, fetch: secondRequestFails }))).toBe('offline')

      expect(urls).toEqual([`${server.baseUrl}/api/v1/content?view=cards`, `${server.baseUrl}/api/v1/content`])
      expect(((await db.cards.toCollection().primaryKeys()) as string[]).sort()).toEqual(SAMPLE_SLUGS)
      expect((await db.cards.get('verhaal-buurtloket'))).toMatchObject({ title: expect.any(String), summary: expect.any(String), image: expect.stringMatching(/^\/media\//) })
      expect(await db.items.count()).toBe(0)
      expect(await readCursor(db)).toBeUndefined()

      const retry = await syncContent(db, { baseUrl: server.baseUrl })

      expect(retry).toMatchObject({ wasFirstDownload: true, cursor: '1' })
      expect(await cachedSlugs(db)).toEqual(SAMPLE_SLUGS)
      expect(await db.cards.count()).toBe(4)
      expect(await db.fresh.count()).toBe(0)
      expect(await readCursor(db)).toBe('1')
    })

    it('drops the card of an item removed between the cards and the whole magazine', async () => {
      const server = await startServer()
      const db = createTestMagCache()
      let requests = 0
      const removeAfterCards: typeof fetch = async (input, init) => {
        const response = await fetch(input, init)
        if (++requests === 1) {
          rmSync(path.join(server.contentDir, 'analyse-heldere-brief.md'))
          await server.reimport()
        }
        return response
      }

      const result = await syncContent(db, { baseUrl: server.baseUrl, fetch: removeAfterCards })

      expect(result.cursor).toBe('2')
      const rest = SAMPLE_SLUGS.filter((slug) => slug !== 'analyse-heldere-brief')
      expect(await cachedSlugs(db)).toEqual(rest)
      expect(((await db.cards.toCollection().primaryKeys()) as string[]).sort()).toEqual(rest)
    })

    it('uses cards the caller already asked for, instead of asking again', async () => {
      const server = await startServer()
      const db = createTestMagCache()
      const { fetch, requests } = recordingFetch()
      const cardsResponse = globalThis.fetch(`${server.baseUrl}/api/v1/content?view=cards`)

      await syncContent(db, { baseUrl: server.baseUrl, fetch, cardsResponse })

      expect(requests.map((request) => request.url)).toEqual([`${server.baseUrl}/api/v1/content`])
      expect(await db.cards.count()).toBe(4)
      expect(await readCursor(db)).toBe('1')
    })

    it('waits for onCardsStored before asking for the whole magazine', async () => {
      const server = await startServer()
      const db = createTestMagCache()
      const { fetch, requests } = recordingFetch()
      let seenAtCards: { requests: number; cards: number; items: number } | undefined

      await syncContent(db, {
        baseUrl: server.baseUrl,
        fetch,
        onCardsStored: async () => {
          seenAtCards = { requests: requests.length, cards: await db.cards.count(), items: await db.items.count() }
        },
      })

      expect(seenAtCards).toEqual({ requests: 1, cards: 4, items: 0 })
      expect(requests).toHaveLength(2)
    })

    it('reports "invalid" for a cards answer that is no list of cards, and writes nothing', async () => {
      const db = createTestMagCache()

      expect(await syncErrorKind(syncContent(db, { fetch: fetchAnswering(JSON.stringify({ cursor: '1', full: true, cards: [{ title: 'x' }] })) }))).toBe('invalid')

      expect(await db.cards.count()).toBe(0)
      expect(await readCursor(db)).toBeUndefined()
    })
  })
})
