// What a new note starts with, from its address: a werkvorm's "Gebruik in notitie", a title, or what
// another app shared through the share target (title, text, link).
import { describe, expect, it } from 'vitest'
import type { LocationQuery } from 'vue-router'
import { newNoteFields } from '../../../../src/client/composables/useNoteCreate'

describe('newNoteFields', () => {
  it('links the werkvormen named, once each, and takes the title', () => {
    expect(newNoteFields({ werkvorm: ['pre-mortem', 'pre-mortem', ' stille-brainstorm '], titel: 'Sessie 3 december' })).toEqual({
      werkvormen: ['pre-mortem', 'stille-brainstorm'],
      title: 'Sessie 3 december',
    })
  })

  it.each<{ name: string; query: LocationQuery; expected: object }>([
    { name: 'a link shared from the browser', query: { title: 'Nieuwe regels', url: 'https://example.nl/regels' }, expected: { title: 'Nieuwe regels', body: 'https://example.nl/regels' } },
    { name: 'text with the link in it', query: { text: 'Lees dit: https://example.nl/a', url: 'https://example.nl/a' }, expected: { body: 'Lees dit: https://example.nl/a' } },
    { name: 'text and another link', query: { text: 'Voor de Doetank', url: 'https://example.nl/b' }, expected: { body: 'Voor de Doetank\n\nhttps://example.nl/b' } },
    { name: 'only blanks', query: { title: '  ', text: '' }, expected: {} },
  ])('turns $name into a note', ({ query, expected }) => {
    expect(newNoteFields(query)).toEqual(expected)
  })

  it('prefers the app’s own title over a shared one, and cuts what is too long', () => {
    expect(newNoteFields({ titel: 'Eigen', title: 'Gedeeld' }).title).toBe('Eigen')
    expect(newNoteFields({ title: 'x'.repeat(400) }).title).toHaveLength(300)
    expect(newNoteFields({ text: 'y'.repeat(30_000) }).body).toHaveLength(20_000)
  })
})
