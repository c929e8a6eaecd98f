// Reads and writes of the magazine cache. Deltas are written in small transactions so that a big first
// download never blocks the page, and the cursor moves only with the last one: an interrupted download
// simply starts again where the server's cursor says.
import { imageUrls } from '../../shared/content/image-urls'
import type { ContentCard, ContentDelta, ContentItem } from '../../shared/content/types'
import { CONTENT_CHUNK_SIZE } from '../constants'
import { type ItemCard, type MagCacheDb, toCard } from './magcache'

export interface ApplyProgress {
  saved: number
  total: number
}

export interface ApplyOptions {
  onProgress?: (progress: ApplyProgress) => void
  /** Mark items that were not in the cache yet as "nieuw" (not on the first download). */
  markNew?: boolean
  now?: number
}

export async function readCursor(db: MagCacheDb): Promise<string | undefined> {
  return (await db.meta.get('cursor'))?.value
}

export async function applyContentDelta(db: MagCacheDb, delta: ContentDelta, options: ApplyOptions = {}): Promise<{ added: string[] }> {
  const { onProgress, markNew = false, now = Date.now() } = options
  const total = delta.items.length
  const added: string[] = []
  const chunks: ContentItem[][] = []
  for (let i = 0; i < total; i += CONTENT_CHUNK_SIZE) chunks.push(delta.items.slice(i, i + CONTENT_CHUNK_SIZE))
  if (chunks.length === 0) chunks.push([])

  let saved = 0
  for (const [index, chunk] of chunks.entries()) {
    const isLast = index === chunks.length - 1
    await db.transaction('rw', [db.items, db.cards, db.fresh, db.meta], async () => {
      const slugs = chunk.map((item) => item.slug)
      const existing = await db.items.bulkGet(slugs)
      const newSlugs = slugs.filter((_, i) => existing[i] === undefined)
      added.push(...newSlugs)
      await db.items.bulkPut(chunk)
      await db.cards.bulkPut(chunk.map(toCard))
      if (markNew && newSlugs.length > 0) await db.fresh.bulkPut(newSlugs.map((slug) => ({ slug, arrivedAt: now })))
      if (isLast) {
        const gone = delta.full ? await slugsMissingFrom(db, new Set(delta.items.map((item) => item.slug))) : delta.removed
        await db.items.bulkDelete(gone)
        await db.cards.bulkDelete(gone)
        await db.fresh.bulkDelete(gone)
        await db.meta.put({ key: 'cursor', value: delta.cursor })
      }
    })
    saved += chunk.length
    onProgress?.({ saved, total })
    // Let the page paint between chunks.
    if (!isLast) await new Promise((resolve) => setTimeout(resolve, 0))
  }
  return { added }
}

async function slugsMissingFrom(db: MagCacheDb, keep: Set<string>): Promise<string[]> {
  // Cards too: a first download writes cards before items, and an item may be removed in between.
  const [items, cards] = await Promise.all([db.items.toCollection().primaryKeys(), db.cards.toCollection().primaryKeys()])
  return [...new Set([...(items as string[]), ...(cards as string[])])].filter((slug) => !keep.has(slug))
}

/**
 * The first step of a first download: only the cards, in one transaction, so that lists show at once.
 * Neither items nor the cursor: the full download that follows writes those (and overwrites these cards).
 */
export async function writeFirstCards(db: MagCacheDb, cards: ContentCard[]): Promise<void> {
  await db.transaction('rw', [db.cards], async () => {
    const keep = new Set(cards.map((card) => card.slug))
    const stale = ((await db.cards.toCollection().primaryKeys()) as string[]).filter((slug) => !keep.has(slug))
    await db.cards.bulkDelete(stale)
    await db.cards.bulkPut(cards)
  })
}

export async function readCards(db: MagCacheDb): Promise<ItemCard[]> {
  const cards = await db.cards.toArray()
  return cards.sort((a, b) => b.published.localeCompare(a.published) || a.title.localeCompare(b.title))
}

export function readItem(db: MagCacheDb, slug: string): Promise<ContentItem | undefined> {
  return db.items.get(slug)
}

export async function readFreshSlugs(db: MagCacheDb): Promise<Set<string>> {
  return new Set((await db.fresh.toCollection().primaryKeys()) as string[])
}

export async function markItemOpened(db: MagCacheDb, slug: string): Promise<void> {
  await db.fresh.delete(slug)
}

export async function countItems(db: MagCacheDb): Promise<number> {
  return db.items.count()
}

/** Frees space: the magazine can be downloaded again, the user's own data is elsewhere. */
export async function clearMagazine(db: MagCacheDb): Promise<void> {
  await db.transaction('rw', [db.items, db.cards, db.fresh, db.meta], async () => {
    await Promise.all([db.items.clear(), db.cards.clear(), db.fresh.clear(), db.meta.clear()])
  })
}


export async function allImageUrls(db: MagCacheDb): Promise<string[]> {
  return imageUrls(await db.items.toArray())
}
