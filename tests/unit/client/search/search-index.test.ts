// The search index: Dutch-aware matching, ranking, type filter with counts, and updates one document at a time.
import { describe, expect, it } from 'vitest'
import { itemDoc } from '../../../../src/client/search/search-docs'
import { SearchIndex } from '../../../../src/client/search/search-index'
import type { SearchDoc } from '../../../../src/client/search/search-types'
import { makeAnalyse, makeVerhaal, makeWerkvorm, makeWerkvormStep } from '../../../factories/item-factory'

const refs = (index: SearchIndex, query: string, types?: SearchDoc['type'][]) => index.search(query, { types }).hits.map((hit) => hit.ref)

function magazineIndex(): SearchIndex {
  const index = new SearchIndex()
  index.syncScope('item', [
    itemDoc(makeVerhaal({ slug: 'loket', title: 'Het loket in de bibliotheek', summary: 'Een gemeente verhuist', html: '<p>Het vertrouwen van de burger groeide toen het loket dichtbij kwam.</p>' })),
    itemDoc(makeVerhaal({ slug: 'brieven', title: 'Brieven die niemand snapt', summary: 'Over heldere taal', html: '<p>Burgers belden minder na de nieuwe brief. Één pagina was genoeg.</p>' })),
    itemDoc(makeAnalyse({ slug: 'analyse-vertrouwen', title: 'Vertrouwen meten', summary: 'Wat ging minder goed', html: '<p>De enquête kwam te laat.</p>' })),
    itemDoc(makeWerkvorm({ slug: 'pre-mortem', title: 'Pre-mortem', summary: 'Vooraf bedenken wat mis kan gaan', html: '<p>Een werkvorm.</p>', steps: [makeWerkvormStep({ instruction: 'Iedereen schrijft drie risico’s op een post-it.' })] })),
  ])
  return index
}

describe('SearchIndex', () => {
  it('finds a word with another inflection and without its accent', () => {
    const index = magazineIndex()
    expect(refs(index, 'burgers')).toEqual(expect.arrayContaining(['loket', 'brieven']))
    expect(refs(index, 'een pagina')).toEqual(['brieven'])
    expect(refs(index, 'enquete')).toEqual(['analyse-vertrouwen'])
  })

  it('finds words still being typed, and forgives a typo in a longer word', () => {
    const index = magazineIndex()
    expect(refs(index, 'biblio')).toEqual(['loket'])
    expect(refs(index, 'vertrouwne')).toEqual(expect.arrayContaining(['loket', 'analyse-vertrouwen']))
    // A typo is forgiven from five letters: "lokat" finds "loket", "lokt" finds nothing.
    expect(refs(index, 'lokat')).toEqual(['loket'])
    expect(refs(index, 'lokt')).toEqual([])
  })

  it('searches werkvorm steps, and ranks a match in the title above one in the body', () => {
    const index = magazineIndex()
    expect(refs(index, 'risico')).toEqual(['pre-mortem'])
    expect(refs(index, 'vertrouwen')[0]).toBe('analyse-vertrouwen')
  })

  it('wants every word, and says so when it falls back to some of them', () => {
    const index = magazineIndex()
    expect(refs(index, 'vertrouwen burger')).toEqual(['loket'])
    const answer = index.search('vertrouwen olifant')
    expect(answer.isPartial).toBe(true)
    expect(answer.hits.map((hit) => hit.ref)).toEqual(expect.arrayContaining(['loket', 'analyse-vertrouwen']))
    expect(index.search('olifant').hits).toEqual([])
  })

  it('filters by type and counts every type, whatever the filter', () => {
    const index = magazineIndex()
    const answer = index.search('vertrouwen', { types: ['analyse'] })
    expect(answer.hits.map((hit) => hit.ref)).toEqual(['analyse-vertrouwen'])
    expect(answer.total).toBe(1)
    expect(answer.countsByType).toEqual({ verhaal: 1, analyse: 1 })
  })

  it('marks the matched words in the title and the snippet', () => {
    const [hit] = magazineIndex().search('brieven', { types: ['verhaal'] }).hits
    expect(hit!.title).toEqual([{ text: 'Brieven', isMatch: true }, { text: ' die niemand snapt' }])
    const [body] = magazineIndex().search('belden').hits
    expect(body!.snippet.filter((part) => part.isMatch).map((part) => part.text)).toEqual(['belden'])
  })

  it('adds, replaces and removes one document at a time, leaving the others as they are', () => {
    const index = magazineIndex()
    const added = index.applyItemDelta([itemDoc(makeVerhaal({ slug: 'nieuw', title: 'Samen met inwoners', summary: 'Een avond', html: '<p>Een buurtgesprek.</p>', version: 9 }))], [])
    expect(added).toEqual({ added: 1, replaced: 0, removed: 0 })
    expect(refs(index, 'buurtgesprek')).toEqual(['nieuw'])

    const changed = index.applyItemDelta([itemDoc(makeVerhaal({ slug: 'nieuw', title: 'Samen met inwoners', summary: 'Een avond', html: '<p>Een wijkavond.</p>', version: 10 }))], ['brieven'])
    expect(changed).toEqual({ added: 0, replaced: 1, removed: 1 })
    expect(refs(index, 'buurtgesprek')).toEqual([])
    expect(refs(index, 'wijkavond')).toEqual(['nieuw'])
    expect(refs(index, 'snapt')).toEqual([])
    expect(refs(index, 'bibliotheek')).toEqual(['loket'])
    expect(index.size).toBe(4)
  })

  it('skips a document whose version did not change, and drops those a full sync no longer has', () => {
    const index = magazineIndex()
    const again = itemDoc(makeVerhaal({ slug: 'loket', title: 'Het loket in de bibliotheek', summary: 'Een gemeente verhuist', html: '<p>Het vertrouwen van de burger groeide toen het loket dichtbij kwam.</p>' }))
    expect(index.syncScope('item', [again])).toEqual({ added: 0, replaced: 0, removed: 3 })
    expect(refs(index, 'pre-mortem')).toEqual([])
  })

  it('keeps notes and items apart: syncing notes never drops an item', () => {
    const index = magazineIndex()
    const note: SearchDoc = { type: 'notitie', ref: 'n1', title: 'Sessie met de wijkraad', summary: '', body: 'Vertrouwen was het thema', version: '1' }
    expect(index.syncScope('note', [note])).toEqual({ added: 1, replaced: 0, removed: 0 })
    expect(refs(index, 'wijkraad')).toEqual(['n1'])
    expect(refs(index, 'vertrouwen', ['notitie'])).toEqual(['n1'])
    expect(index.syncScope('note', [])).toEqual({ added: 0, replaced: 0, removed: 1 })
    expect(index.size).toBe(4)
  })
})
