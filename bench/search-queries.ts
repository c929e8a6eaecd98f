// The queries the search bench asks, drawn from the corpus itself (seeded): single words, two words,
// prefixes of words as if still typing, and words with one typo. Bench data only.
import type { ContentItem } from '../src/shared/content/types'
import { seededRandom } from './search-corpus'

export const QUERY_KINDS = ['single', 'two', 'prefix', 'typo'] as const
export type QueryKind = (typeof QUERY_KINDS)[number]

/** Words of 5+ letters that occur in the items' titles and bodies. */
function corpusWords(items: readonly ContentItem[]): string[] {
  const words = new Set<string>()
  for (const item of items.slice(0, 2000)) {
    for (const word of `${item.title} ${item.summary} ${item.html.replace(/<[^>]+>/g, ' ')}`.match(/\p{L}{5,}/gu) ?? []) words.add(word.toLowerCase())
  }
  return [...words].sort()
}

/** Swaps two neighbouring letters in the middle of the word: the commonest typo. */
export function withTypo(word: string): string {
  const at = Math.floor(word.length / 2)
  return word.slice(0, at - 1) + word[at] + word[at - 1] + word.slice(at + 1)
}

export function benchQueries(items: readonly ContentItem[], perKind = 50, seed = 7): Record<QueryKind, string[]> {
  const random = seededRandom(seed)
  const words = corpusWords(items)
  const pick = () => words[Math.floor(random() * words.length)]!
  const list = (make: () => string) => Array.from({ length: perKind }, make)
  return {
    single: list(pick),
    two: list(() => `${pick()} ${pick()}`),
    prefix: list(() => pick().slice(0, 4)),
    typo: list(() => withTypo(pick())),
  }
}
