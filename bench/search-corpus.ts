// Test corpora for the search bench: the bundled magazine as the server sends it, and a generated one of
// any size whose text is a word chain learnt from the magazine (so Dutch inflections, accents and word
// order occur as in real items). Bench data only: never part of the product content.
import path from 'node:path'
import { loadContent } from '../src/server/content/load-content'
import { CONTENT_TYPES, type ContentItem, type ContentType, type WerkvormItem } from '../src/shared/content/types'

/** The magazine in `contentDir`, as items with a version (as the client caches them). */
export function loadMagazineItems(contentDir = path.resolve('content')): ContentItem[] {
  return loadContent(contentDir).items.map(({ item }, index) => ({ ...item, version: index + 1, updatedAt: '2026-01-01T00:00:00.000Z' }) as ContentItem)
}

/** A small deterministic random number generator (mulberry32): the same seed gives the same corpus. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function textsOf(item: ContentItem): string[] {
  const steps = item.type === 'werkvorm' ? item.steps.flatMap((step) => [step.title, step.instruction]) : []
  return [item.title, item.summary, item.html.replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;/g, ' '), ...steps]
}

/** Word pairs of the magazine: after each word, the words that follow it. */
function learnChain(items: readonly ContentItem[]): { starts: string[]; next: Map<string, string[]> } {
  const next = new Map<string, string[]>()
  const starts: string[] = []
  for (const text of items.flatMap(textsOf)) {
    const words = text.split(/\s+/).filter(Boolean)
    if (words[0]) starts.push(words[0])
    for (let i = 0; i + 1 < words.length; i++) {
      const list = next.get(words[i]!) ?? []
      list.push(words[i + 1]!)
      next.set(words[i]!, list)
    }
  }
  return { starts, next }
}

/** Generates `count` items whose text follows the magazine's word pairs; bodies of 100–500 words. */
export function generateCorpus(source: readonly ContentItem[], count: number, seed = 1): ContentItem[] {
  const random = seededRandom(seed)
  const { starts, next } = learnChain(source)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const sentence = (words: number): string => {
    let word = pick(starts)
    const out = [word]
    while (out.length < words) {
      const options = next.get(word)
      word = options ? pick(options) : pick(starts)
      out.push(word)
    }
    return out.join(' ')
  }
  const template = source.find((item): item is WerkvormItem => item.type === 'werkvorm')
  const items: ContentItem[] = []
  for (let i = 0; i < count; i++) {
    const type: ContentType = CONTENT_TYPES[i % CONTENT_TYPES.length]!
    const paragraphs = Array.from({ length: 2 + Math.floor(random() * 4) }, () => `<p>${sentence(50 + Math.floor(random() * 75))}</p>`)
    const base = {
      slug: `gen-${type}-${i}`,
      title: sentence(3 + Math.floor(random() * 5)),
      summary: sentence(12 + Math.floor(random() * 12)),
      authors: ['Bench'],
      themes: [],
      published: '2026-01-01',
      html: paragraphs.join('\n'),
      readingMinutes: 2,
      version: i + 1,
      updatedAt: '2026-01-01T00:00:00.000Z',
    }
    if (type === 'werkvorm' && template) {
      const steps = Array.from({ length: 3 }, () => ({ title: sentence(3), minutes: 5, instruction: sentence(20) }))
      items.push({ ...template, ...base, type, steps })
    } else if (type === 'analyse') items.push({ ...base, type, outcome: 'deels', lessons: [] })
    else items.push({ ...base, type } as ContentItem)
  }
  return items
}
