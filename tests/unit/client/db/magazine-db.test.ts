import 'fake-indexeddb/auto'
import { imageUrls } from '../../../../src/shared/content/image-urls'
import { describe, expect, it } from 'vitest'
import { CONTENT_CHUNK_SIZE } from '../../../../src/client/constants'
import {
  type ApplyProgress,
  applyContentDelta,
  readCards,
  readCursor,
  readFreshSlugs,
  writeFirstCards,
} from '../../../../src/client/db/magazine-db'
import { type MagCacheDb, toCard } from '../../../../src/client/db/magcache'
import type { ContentItem } from '../../../../src/shared/content/types'
import { makeAnalyse, makeDelta, makeVerhaal, makeWerkvorm } from '../../../factories/item-factory'
import { createTestMagCache } from '../helpers/test-databases'

function manyVerhalen(count: number): ContentItem[] {
  return Array.from({ length: count }, (_, i) => makeVerhaal({ slug: `verhaal-${String(i).padStart(4, '0')}` }))
}

async function storedSlugs(db: MagCacheDb): Promise<{ items: string[]; cards: string[]; fresh: string[] }> {
  return {
    items: ((await db.items.toCollection().primaryKeys()) as string[]).sort(),
    cards: ((await db.cards.toCollection().primaryKeys()) as string[]).sort(),
    fresh: ((await db.fresh.toCollection().primaryKeys()) as string[]).sort(),
  }
}

describe('applyContentDelta', () => {
  it('stores each item with its card, and the cursor', async () => {
    const db = createTestMagCache()
    const werkvorm = makeWerkvorm({ slug: 'werkvorm-a', goal: 'testen', durationMin: 30, durationMax: 45 })
    const verhaal = makeVerhaal({ slug: 'verhaal-a', image: '/media/a.svg?v=1', imageAlt: 'Een loket' })

    const { added } = await applyContentDelta(db, makeDelta([werkvorm, verhaal], { cursor: '7', full: true }))

    expect(added).toEqual(['werkvorm-a', 'verhaal-a'])
    expect(await db.items.get('werkvorm-a')).toEqual(werkvorm)
    expect(await db.items.get('verhaal-a')).toEqual(verhaal)
    const werkvormCard = await db.cards.get('werkvorm-a')
    expect(werkvormCard).toMatchObject({ type: 'werkvorm', title: werkvorm.title, goal: 'testen', durationMin: 30, durationMax: 45 })
    // Lists stay light: a card holds no body.
    expect(werkvormCard).not.toHaveProperty('html')
    expect(await db.cards.get('verhaal-a')).toMatchObject({ image: '/media/a.svg?v=1', imageAlt: 'Een loket' })
    expect(await readCursor(db)).toBe('7')
  })

  it('moves the cursor on an update with nothing in it', async () => {
    const db = createTestMagCache()
    await applyContentDelta(db, makeDelta([makeVerhaal()], { cursor: '1', full: true }))

    await applyContentDelta(db, makeDelta([], { cursor: '2' }))

    expect(await readCursor(db)).toBe('2')
    expect(await db.items.count()).toBe(1)
  })

  it(`saves a big download in chunks of ${CONTENT_CHUNK_SIZE} and reports progress after each`, async () => {
    const db = createTestMagCache()
    const progress: ApplyProgress[] = []

    await applyContentDelta(db, makeDelta(manyVerhalen(250), { cursor: '3', full: true }), { onProgress: (p) => progress.push(p) })

    expect(progress).toEqual([
      { saved: 100, total: 250 },
      { saved: 200, total: 250 },
      { saved: 250, total: 250 },
    ])
    expect(await db.items.count()).toBe(250)
    expect(await db.cards.count()).toBe(250)
  })

  it('writes the cursor only with the last chunk', async () => {
    const db = createTestMagCache()
    await applyContentDelta(db, makeDelta([], { cursor: '1', full: true }))
    const cursorsDuringDownload: Promise<string | undefined>[] = []

    await applyContentDelta(db, makeDelta(manyVerhalen(250), { cursor: '2', full: true }), {
      onProgress: () => cursorsDuringDownload.push(readCursor(db)),
    })

    expect(await Promise.all(cursorsDuringDownload)).toEqual(['1', '1', '2'])
  })

  it('keeps the old cursor when a later chunk fails, so that a retry downloads again and completes', async () => {
    const db = createTestMagCache()
    await applyContentDelta(db, makeDelta([], { cursor: '1', full: true }))
    const items = manyVerhalen(150)
    const brokenSlug = items[120]!.slug
    const failInSecondChunk = (_key: unknown, item: ContentItem) => {
      if (item.slug === brokenSlug) throw new Error('disk error')
    }
    db.items.hook('creating', failInSecondChunk)
    const progress: ApplyProgress[] = []

    await expect(applyContentDelta(db, makeDelta(items, { cursor: '2', full: true }), { onProgress: (p) => progress.push(p) })).rejects.toThrow()

    expect(progress).toEqual([{ saved: 100, total: 150 }])
    expect(await readCursor(db)).toBe('1')
    // The first chunk stays (it is readable), the failed one left nothing half-written.
    expect(await db.items.count()).toBe(100)
    expect(await db.cards.count()).toBe(100)

    db.items.hook('creating').unsubscribe(failInSecondChunk)
    await applyContentDelta(db, makeDelta(items, { cursor: '2', full: true }))

    expect(await readCursor(db)).toBe('2')
    expect(await db.items.count()).toBe(150)
    expect(await db.cards.count()).toBe(150)
  })

  it('drops every item a full answer leaves out, with its card and "nieuw" mark', async () => {
    const db = createTestMagCache()
    await applyContentDelta(db, makeDelta([makeVerhaal({ slug: 'blijft' })], { cursor: '1', full: true }))
    await applyContentDelta(db, makeDelta([makeVerhaal({ slug: 'weg' })], { cursor: '2' }), { markNew: true })
    expect((await storedSlugs(db)).fresh).toEqual(['weg'])

    await applyContentDelta(db, makeDelta([makeVerhaal({ slug: 'blijft' }), makeVerhaal({ slug: 'nieuw' })], { cursor: '5', full: true }))

    expect(await storedSlugs(db)).toEqual({ items: ['blijft', 'nieuw'], cards: ['blijft', 'nieuw'], fresh: [] })
  })

  it('keeps items a partial answer does not mention', async () => {
    const db = createTestMagCache()
    await applyContentDelta(db, makeDelta([makeVerhaal({ slug: 'oud' })], { cursor: '1', full: true }))

    await applyContentDelta(db, makeDelta([makeVerhaal({ slug: 'nieuw' })], { cursor: '2' }))

    expect((await storedSlugs(db)).items).toEqual(['nieuw', 'oud'])
  })

  it('deletes removed items with their cards and "nieuw" marks', async () => {
    const db = createTestMagCache()
    await applyContentDelta(db, makeDelta([makeVerhaal({ slug: 'blijft' })], { cursor: '1', full: true }))
    await applyContentDelta(db, makeDelta([makeVerhaal({ slug: 'weg' }), makeAnalyse({ slug: 'ook-nieuw' })], { cursor: '2' }), { markNew: true })

    await applyContentDelta(db, makeDelta([], { cursor: '3', removed: ['weg'] }))

    expect(await storedSlugs(db)).toEqual({ items: ['blijft', 'ook-nieuw'], cards: ['blijft', 'ook-nieuw'], fresh: ['ook-nieuw'] })
    expect(await readCursor(db)).toBe('3')
  })

  it('marks as "nieuw" only items it did not have yet, not updated ones', async () => {
    const db = createTestMagCache()
    await applyContentDelta(db, makeDelta([makeVerhaal({ slug: 'bestaand', title: 'Oude titel' })], { cursor: '1', full: true }))

    const { added } = await applyContentDelta(
      db,
      makeDelta([makeVerhaal({ slug: 'bestaand', title: 'Nieuwe titel' }), makeVerhaal({ slug: 'echt-nieuw' })], { cursor: '2' }),
      { markNew: true, now: 1234 },
    )

    expect(added).toEqual(['echt-nieuw'])
    expect(await db.fresh.toArray()).toEqual([{ slug: 'echt-nieuw', arrivedAt: 1234 }])
    expect(await readFreshSlugs(db)).toEqual(new Set(['echt-nieuw']))
    expect((await db.cards.get('bestaand'))?.title).toBe('Nieuwe titel')
  })

  it('marks nothing as "nieuw" unless asked (the first download)', async () => {
    const db = createTestMagCache()

    await applyContentDelta(db, makeDelta([makeVerhaal(), makeVerhaal()], { cursor: '1', full: true }))

    expect(await db.fresh.count()).toBe(0)
  })
})

describe('writeFirstCards', () => {
  it('stores only the cards: no items, no cursor, and drops cards the server no longer sends', async () => {
    const db = createTestMagCache()
    await writeFirstCards(db, [toCard(makeVerhaal({ slug: 'verhaal-oud' }))])
    const werkvorm = makeWerkvorm({ slug: 'werkvorm-nieuw' })

    await writeFirstCards(db, [toCard(makeVerhaal({ slug: 'verhaal-nieuw' })), toCard(werkvorm)])

    expect(await storedSlugs(db)).toEqual({ items: [], cards: ['verhaal-nieuw', 'werkvorm-nieuw'], fresh: [] })
    expect(await readCursor(db)).toBeUndefined()
    expect(await db.cards.get('werkvorm-nieuw')).toEqual(toCard(werkvorm))
  })

  it('drops a first card that the whole magazine then leaves out', async () => {
    const db = createTestMagCache()
    await writeFirstCards(db, [toCard(makeVerhaal({ slug: 'verhaal-weg' })), toCard(makeVerhaal({ slug: 'verhaal-blijft' }))])

    await applyContentDelta(db, makeDelta([makeVerhaal({ slug: 'verhaal-blijft' })], { cursor: '2', full: true }))

    expect(await storedSlugs(db)).toEqual({ items: ['verhaal-blijft'], cards: ['verhaal-blijft'], fresh: [] })
    expect(await readCursor(db)).toBe('2')
  })
})

describe('readCards', () => {
  it('lists the newest first, and items of the same day by title', async () => {
    const db = createTestMagCache()
    await applyContentDelta(
      db,
      makeDelta(
        [
          makeVerhaal({ slug: 'oud', title: 'A', published: '2025-12-01' }),
          makeVerhaal({ slug: 'nieuw-b', title: 'B', published: '2026-04-10' }),
          makeWerkvorm({ slug: 'midden', title: 'C', published: '2026-01-15' }),
          makeAnalyse({ slug: 'nieuw-a', title: 'A', published: '2026-04-10' }),
        ],
        { full: true },
      ),
    )

    expect((await readCards(db)).map((card) => card.slug)).toEqual(['nieuw-a', 'nieuw-b', 'midden', 'oud'])
  })
})

describe('imageUrls', () => {
  it('collects hero and body images once each, with &amp; decoded', () => {
    const urls = imageUrls([
      makeVerhaal({ image: '/media/hero.svg?v=1', html: '<p>Tekst</p><img alt="" src="/media/foto.jpg?v=2&amp;w=800">' }),
      makeVerhaal({ html: '<p><img src="/media/hero.svg?v=1" alt="Nog eens"></p><img class="x" src="/media/b.png">' }),
      makeVerhaal({ html: '<p>Geen afbeelding</p>' }),
    ])

    expect(urls.sort()).toEqual(['/media/b.png', '/media/foto.jpg?v=2&w=800', '/media/hero.svg?v=1'])
  })
})
