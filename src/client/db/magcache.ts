// Owns the `magcache` IndexedDB database: the magazine as the server sent it. It can always be rebuilt
// from the server, so it is the first thing to clear when the device runs out of space.
import Dexie, { type EntityTable } from 'dexie'
import type { ContentItem, ContentType, WerkvormGoal } from '../../shared/content/types'

/** What lists need of an item: everything but the body, so that lists stay light with a big magazine. */
export interface ItemCard {
  slug: string
  type: ContentType
  title: string
  summary: string
  published: string
  readingMinutes: number
  themes: string[]
  image?: string
  imageAlt?: string
  goal?: WerkvormGoal
  durationMin?: number
  durationMax?: number
  groupMin?: number
  groupMax?: number
}

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
  }
}

export function toCard(item: ContentItem): ItemCard {
  const card: ItemCard = {
    slug: item.slug,
    type: item.type,
    title: item.title,
    summary: item.summary,
    published: item.published,
    readingMinutes: item.readingMinutes,
    themes: item.themes,
  }
  if (item.image) Object.assign(card, { image: item.image, imageAlt: item.imageAlt })
  if (item.type === 'werkvorm') {
    const { goal, durationMin, durationMax, groupMin, groupMax } = item
    Object.assign(card, { goal, durationMin, durationMax, groupMin, groupMax })
  }
  return card
}
