// Owns the `magcache` IndexedDB database: the magazine as the server sent it. It can always be rebuilt
// from the server, so it is the first thing to clear when the device runs out of space.
import Dexie, { type EntityTable } from 'dexie'
import { toContentCard } from '../../shared/content/card'
import type { ContentCard, ContentItem } from '../../shared/content/types'

/** What lists need of an item: everything but the body (one definition, shared with the server's `view=cards`). */
export type ItemCard = ContentCard

/** An item that arrived in a later sync and has not been opened yet. */
export interface FreshItem {
  slug: string
  arrivedAt: number
}

export interface MetaRow {
  key: 'cursor'
  value: string
}

export class MagCacheDb extends Dexie {
  items!: EntityTable<ContentItem, 'slug'>
  cards!: EntityTable<ItemCard, 'slug'>
  fresh!: EntityTable<FreshItem, 'slug'>
  meta!: EntityTable<MetaRow, 'key'>

  constructor(name = 'magcache') {
    super(name)
    this.version(1).stores({
      items: 'slug',
      cards: 'slug, type, published',
      fresh: 'slug',
      meta: 'key',
    })
    // The search worker reads only the items that changed since it last looked (search/search-service.ts).
    this.version(2).stores({ items: 'slug, version' })
  }
}

/** The card of an item, as the server's `view=cards` sends it. */
export const toCard: (item: ContentItem) => ItemCard = toContentCard
