// Every image an item shows (its hero and those in its body): what must be cached for offline reading.
import type { ContentItem } from './types'

export function imageUrls(items: Pick<ContentItem, 'image' | 'html'>[]): string[] {
  const urls = new Set<string>()
  for (const item of items) {
    if (item.image) urls.add(item.image)
    for (const match of item.html.matchAll(/<img[^>]+src="([^"]+)"/g)) urls.add(match[1]!.replace(/&amp;/g, '&'))
  }
  return [...urls]
}
