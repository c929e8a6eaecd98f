// How search reads Dutch: words are compared without case or accents ("één" is "een"), Dutch stop words
// are left out, and each word is cut to its stem (Snowball's Dutch stemmer: "burgers" and "burger" are
// both "burger"), so an inflection finds its other forms. Index and query go through the same steps.
import { stemmer } from '@orama/stemmers/dutch'

/** Words too common to tell items apart: indexing them only makes every query slower. */
const STOP_WORDS = new Set(
  ('aan al als bij dan dat de die dit door een en er het hij hoe in is je met na naar niet nog of om ook op over te tot u uit van voor wat we wel zij zo ze zijn ik hun').split(' '),
)

/** A word: letters and digits, with an inner apostrophe or hyphen kept ("auto's", "e-mail"). */
export const WORD_PATTERN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu

/** Lowercase, without accents or other combining marks. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

/** The words of a text, as they are written. */
export function splitWords(text: string): string[] {
  return text.match(WORD_PATTERN) ?? []
}

/** A word as search compares it, before stemming: folded, without inner apostrophes and hyphens. */
function bareWord(word: string): string {
  return foldText(word).replace(/['’-]/g, '')
}

/** The first two letters of a word's search term: a cheap test before the stemmer (stems keep them). */
export function termHead(word: string): string {
  return bareWord(word.slice(0, 3)).slice(0, 2)
}

/** What one word is indexed and searched as; null for a stop word. */
export function searchTerm(word: string): string | null {
  const folded = bareWord(word)
  if (folded.length === 0 || STOP_WORDS.has(folded)) return null
  // Short words stay whole: the stemmer's rules are meant for words with a suffix to take off.
  return folded.length > 3 ? stemmer(folded) : folded
}
