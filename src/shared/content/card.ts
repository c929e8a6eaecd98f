// The one definition of an item's card, used by the server's `view=cards` and by the client's cache.
import type { ContentCard, ContentItem } from './types'

export function toContentCard(item: ContentItem): ContentCard {
  const card: ContentCard = {
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
