// How search reads Dutch: case and accents folded, stop words left out, words cut to their stem.
import { describe, expect, it } from 'vitest'
import { foldText, searchTerm, splitWords } from '../../../../src/client/search/search-text'

describe('search normalisation', () => {
  it('folds case and accents, so "Één" and "een" are the same', () => {
    expect(foldText('Één ÍDEEËN café')).toBe('een ideeen cafe')
  })

  it.each([
    ['burgers', 'burger'],
    ['Burger', 'burger'],
    ['experimenten', 'experiment'],
    ['werkvormen', 'werkvorm'],
    ['Doetanks', 'doetank'],
    ['mogelijkheden', 'mogelijkheid'],
  ])('gives "%s" the stem of "%s"', (inflected, base) => {
    expect(searchTerm(inflected)).toBe(searchTerm(base))
  })

  it('finds a word without its accent as with it', () => {
    expect(searchTerm('ideeën')).toBe(searchTerm('ideeen'))
    expect(searchTerm('café')).toBe(searchTerm('cafe'))
  })

  it('leaves out Dutch stop words and keeps short words whole', () => {
    expect(searchTerm('de')).toBeNull()
    expect(searchTerm('Het')).toBeNull()
    expect(searchTerm('wmo')).toBe('wmo')
  })

  it("splits text into words, keeping inner apostrophes and hyphens", () => {
    expect(splitWords("Auto's en e-mail: 12 post-its, (klaar)!")).toEqual(["Auto's", 'en', 'e-mail', '12', 'post-its', 'klaar'])
    expect(searchTerm("auto's")).toBe(searchTerm('autos'))
  })
})
