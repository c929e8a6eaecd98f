// The piece of text a search hit shows: the words around the first match, with the matching words marked.
import { WORD_PATTERN } from './search-text'

/** A run of text; `isMatch` marks a word that matched the query (shown highlighted). */
export interface SnippetPart {
  text: string
  isMatch?: true
}

export const SNIPPET_MAX_CHARS = 180
/** How much text comes before the first match, so that she sees what it is about. */
const LEAD_CHARS = 50

function matchesIn(text: string, isMatch: (word: string) => boolean, from: number, to: number): Array<[number, number]> {
  const found: Array<[number, number]> = []
  const words = new RegExp(WORD_PATTERN.source, 'gu')
  words.lastIndex = from
  for (let m = words.exec(text); m && m.index < to; m = words.exec(text)) {
    if (m.index + m[0].length <= to && isMatch(m[0])) found.push([m.index, m.index + m[0].length])
  }
  return found
}

function firstMatch(text: string, isMatch: (word: string) => boolean): number {
  const words = new RegExp(WORD_PATTERN.source, 'gu')
  for (let m = words.exec(text); m; m = words.exec(text)) if (isMatch(m[0])) return m.index
  return -1
}

/**
 * The window of `text` around its first matching word (at most `maxChars`, cut at spaces, "…" where cut),
 * split into parts; null when no word in `text` matches.
 */
export function makeSnippet(text: string, isMatch: (word: string) => boolean, maxChars = SNIPPET_MAX_CHARS): SnippetPart[] | null {
  const first = firstMatch(text, isMatch)
  if (first < 0) return null
  let start = 0
  let end = text.length
  if (text.length > maxChars) {
    start = Math.max(0, Math.min(first - LEAD_CHARS, text.length - maxChars))
    if (start > 0) start = text.indexOf(' ', start) + 1 || start
    end = Math.min(text.length, start + maxChars)
    if (end < text.length) end = text.lastIndexOf(' ', end) > first ? text.lastIndexOf(' ', end) : end
  }
  const parts: SnippetPart[] = []
  let at = start
  for (const [from, to] of matchesIn(text, isMatch, start, end)) {
    if (from > at) parts.push({ text: text.slice(at, from) })
    parts.push({ text: text.slice(from, to), isMatch: true })
    at = to
  }
  if (end > at) parts.push({ text: text.slice(at, end) })
  if (start > 0) parts.unshift({ text: '…' })
  if (end < text.length) parts.push({ text: '…' })
  return parts
}

/** The start of `text` when nothing in it matched (e.g. a hit found through a typo in another field). */
export function plainSnippet(text: string, maxChars = SNIPPET_MAX_CHARS): SnippetPart[] {
  if (text.length <= maxChars) return [{ text }]
  const end = text.lastIndexOf(' ', maxChars)
  return [{ text: text.slice(0, end > 0 ? end : maxChars) }, { text: '…' }]
}
