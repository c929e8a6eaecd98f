// The search bench's own arithmetic and queries: seeded, so two runs ask the same questions.
import { describe, expect, it } from 'vitest'
import { generateCorpus, loadMagazineItems } from '../../../bench/search-corpus'
import { benchQueries, withTypo } from '../../../bench/search-queries'
import { percentile } from '../../../bench/util'

describe('search bench', () => {
  it('takes the nearest-rank percentile', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1)
    expect(percentile(values, 50)).toBe(10)
    expect(percentile(values, 95)).toBe(19)
    expect(percentile([7], 95)).toBe(7)
    expect(percentile([], 50)).toBeNaN()
  })

  it('makes a typo by swapping two letters in the middle', () => {
    expect(withTypo('vertrouwen')).toBe('vertoruwen')
    expect(withTypo('burger')).toBe('bugrer')
  })

  it('asks the same seeded questions of the same corpus, of every kind', () => {
    const magazine = loadMagazineItems()
    const corpus = generateCorpus(magazine, 200, 3)
    expect(generateCorpus(magazine, 200, 3)).toEqual(corpus)
    const queries = benchQueries(corpus)
    expect(benchQueries(corpus)).toEqual(queries)
    expect(queries.single).toHaveLength(50)
    expect(queries.two.every((query) => query.split(' ').length === 2)).toBe(true)
    expect(queries.prefix.every((query) => query.length === 4)).toBe(true)
  })
})
