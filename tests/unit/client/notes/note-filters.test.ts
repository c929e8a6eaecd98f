// Finding a note again: by Doetank, by werkvorm, by any word (without case or accents), together.
import { describe, expect, it } from 'vitest'
import {
  emptyNoteFilters,
  filterNotes,
  filtersFromQuery,
  filtersToQuery,
  knownDoetanks,
  linkedWerkvormen,
  type NoteFilters,
  normalizeForSearch,
} from '../../../../src/client/composables/useNoteFilters'
import type { NoteFields } from '../../../../src/shared/sync/note'
import { makeNoteFields } from '../../../factories/note-factory'

function makeNote(title: string, fields: Partial<NoteFields> = {}, updatedAt = 1) {
  return { id: title, updatedAt, fields: makeNoteFields({ title, ...fields }) }
}

const notes = [
  makeNote('Brieven A', { doetank: 'Heldere brieven', werkvormen: ['pre-mortem'], saw: 'Bewoners lazen de samenvatting eerst.' }, 10),
  makeNote('Brieven B', { doetank: 'heldere  Brieven', werkvormen: ['retro', 'pre-mortem'], tags: ['Café-overleg'] }, 30),
  makeNote('Loket', { doetank: 'Buurtloket', werkvormen: ['retro'], question: 'Komen meer mensen naar de bibliotheek?' }, 20),
  makeNote('Los', {}, 5),
]

function titles(filters: Partial<NoteFilters>, options = {}): string[] {
  return filterNotes(notes, { ...emptyNoteFilters(), ...filters }, options).map((note) => note.fields.title)
}

describe('filterNotes', () => {
  it('shows every note, most recently changed first, when no filter is set', () => {
    expect(titles({})).toEqual(['Brieven B', 'Loket', 'Brieven A', 'Los'])
  })

  it.each<[Partial<NoteFilters>, string[]]>([
    [{ doetank: 'Heldere brieven' }, ['Brieven B', 'Brieven A']],
    [{ doetank: 'HELDERE BRIEVEN ' }, ['Brieven B', 'Brieven A']],
    [{ doetank: 'Buurtloket' }, ['Loket']],
    [{ doetank: 'Onbekend' }, []],
    [{ werkvorm: 'retro' }, ['Brieven B', 'Loket']],
    [{ werkvorm: 'pre-mortem' }, ['Brieven B', 'Brieven A']],
    [{ doetank: 'Heldere brieven', werkvorm: 'retro' }, ['Brieven B']],
    [{ doetank: 'Buurtloket', werkvorm: 'pre-mortem' }, []],
    [{ werkvorm: 'retro', text: 'bibliotheek' }, ['Loket']],
    [{ doetank: 'Heldere brieven', werkvorm: 'pre-mortem', text: 'samenvatting' }, ['Brieven A']],
  ])('combines the filters %o', (filters, expected) => {
    expect(titles(filters)).toEqual(expected)
  })

  it('searches every field, without caring about case or accents', () => {
    expect(titles({ text: 'SAMENVATTING' })).toEqual(['Brieven A'])
    expect(titles({ text: 'cafe' })).toEqual(['Brieven B'])
    expect(titles({ text: 'BIBLIOTHÉÉK' })).toEqual(['Loket'])
    expect(titles({ text: 'buurtloket' })).toEqual(['Loket'])
  })

  it('needs every word of the search, in any order and any field', () => {
    expect(titles({ text: 'eerst bewoners' })).toEqual(['Brieven A'])
    expect(titles({ text: 'bewoners bibliotheek' })).toEqual([])
  })

  it('finds a note by the title of a linked werkvorm', () => {
    const werkvormTitle = (slug: string) => ({ 'pre-mortem': 'Pre-mortem: stel je voor dat het mislukt is', retro: 'De lerende terugblik' })[slug]
    expect(titles({ text: 'terugblik' }, { werkvormTitle })).toEqual(['Brieven B', 'Loket'])
    expect(titles({ text: 'terugblik' })).toEqual([])
  })
})

describe('normalizeForSearch', () => {
  it('drops accents and case and squeezes spaces', () => {
    expect(normalizeForSearch('  Één  Café\tIDEEËN ')).toBe('een cafe ideeen')
  })
})

describe('the filter choices', () => {
  it('names each Doetank once, whatever its case or spacing, in alphabetical order', () => {
    expect(knownDoetanks(notes)).toEqual(['Buurtloket', 'Heldere brieven'])
  })

  it('lists each linked werkvorm once', () => {
    expect(linkedWerkvormen(notes).sort()).toEqual(['pre-mortem', 'retro'])
  })
})

describe('the filters in the address', () => {
  it('round-trips through the URL query, leaving empty filters out', () => {
    const filters = { doetank: 'Heldere brieven', werkvorm: '', text: 'café' }
    expect(filtersToQuery(filters)).toEqual({ doetank: 'Heldere brieven', zoek: 'café' })
    expect(filtersFromQuery(filtersToQuery(filters))).toEqual(filters)
    expect(filtersFromQuery({ werkvorm: ['retro', 'x'], zoek: null })).toEqual({ doetank: '', werkvorm: 'retro', text: '' })
  })
})
