// The text beside a search hit: the words around the first match, the matches marked.
import { describe, expect, it } from 'vitest'
import { makeSnippet, plainSnippet } from '../../../../src/client/search/search-snippet'

const isWord = (...words: string[]) => (word: string) => words.includes(word.toLowerCase())
const text = (parts: { text: string }[] | null) => parts?.map((part) => part.text).join('')
const marked = (parts: { text: string; isMatch?: true }[] | null) => parts?.filter((part) => part.isMatch).map((part) => part.text)

describe('makeSnippet', () => {
  it('marks every matching word of a short text and keeps the rest as it is', () => {
    const parts = makeSnippet('Burgers vertrouwen de burger.', isWord('burgers', 'burger'))
    expect(text(parts)).toBe('Burgers vertrouwen de burger.')
    expect(marked(parts)).toEqual(['Burgers', 'burger'])
  })

  it('shows the words around a match deep in a long text, cut at spaces, with "…" where cut', () => {
    const long = `${'woord '.repeat(100)}het vertrouwen groeit ${'tekst '.repeat(100)}`.trim()
    const parts = makeSnippet(long, isWord('vertrouwen'), 80)!
    expect(parts[0]).toEqual({ text: '…' })
    expect(parts.at(-1)).toEqual({ text: '…' })
    expect(marked(parts)).toEqual(['vertrouwen'])
    const shown = text(parts)!.replace(/…/g, '')
    expect(shown.length).toBeLessThanOrEqual(80)
    expect(shown.startsWith('woord')).toBe(true)
    expect(shown.trimEnd().endsWith('tekst')).toBe(true)
  })

  it('answers null when no word matches', () => {
    expect(makeSnippet('Niets hier', isWord('burger'))).toBeNull()
  })

  it('does not mark a match inside a longer word', () => {
    expect(marked(makeSnippet('burgerzaken en burger', isWord('burger')))).toEqual(['burger'])
  })
})

describe('plainSnippet', () => {
  it('cuts a long text at a space', () => {
    expect(plainSnippet('een twee drie vier', 10)).toEqual([{ text: 'een twee' }, { text: '…' }])
    expect(plainSnippet('kort', 10)).toEqual([{ text: 'kort' }])
  })
})
