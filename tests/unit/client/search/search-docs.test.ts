// What of an item and a note is searchable.
import { describe, expect, it } from 'vitest'
import { htmlToText, isSearchableNote, itemDoc, noteDoc } from '../../../../src/client/search/search-docs'
import { makeAnalyse, makeWerkvorm, makeWerkvormStep } from '../../../factories/item-factory'
import { makeNoteFields } from '../../../factories/note-factory'

describe('htmlToText', () => {
  it('keeps words whole across inline tags, breaks at blocks and decodes entities', () => {
    expect(htmlToText('<h2>Wat we <em>zagen</em></h2><p>Bur<strong>ger</strong>s &amp; ambtenaren&nbsp;samen &#233;&#xe9;n</p>')).toBe('Wat we zagen\nBurgers & ambtenaren samen één')
  })
})

describe('itemDoc', () => {
  it('searches a werkvorm by its steps and an analyse by its lessons', () => {
    const werkvorm = itemDoc(makeWerkvorm({ slug: 'pre-mortem', version: 7, steps: [makeWerkvormStep({ title: 'Stel je voor', instruction: 'Het project is mislukt.' })] }))
    expect(werkvorm).toMatchObject({ type: 'werkvorm', ref: 'pre-mortem', version: '7' })
    expect(werkvorm.body).toContain('Stel je voor\nHet project is mislukt.')
    expect(itemDoc(makeAnalyse({ lessons: ['Bel eerst de inwoner.'] })).body).toContain('Bel eerst de inwoner.')
  })
})

describe('noteDoc', () => {
  const note = { id: 'n1', revision: 0, createdAt: 1, updatedAt: 5, deletedAt: null, conflictOf: null, conflictDevice: null }

  it('searches a note by its fields and quick-log lines, and changes version with a new line', () => {
    const fields = makeNoteFields({ title: 'Sessie', saw: 'Inwoners lazen de brief', doetank: 'Heldere taal', tags: ['brieven'] })
    const line = { id: 'l1', noteId: 'n1', text: 'Iedereen was op tijd', at: 10 }
    const doc = noteDoc({ ...note, fields }, [line])
    expect(doc).toMatchObject({ type: 'notitie', ref: 'n1', title: 'Sessie', summary: 'Heldere taal · brieven' })
    expect(doc.body).toBe('Inwoners lazen de brief\nIedereen was op tijd')
    expect(noteDoc({ ...note, fields }, [line, { ...line, id: 'l2' }]).version).not.toBe(doc.version)
  })

  it('leaves notes in the trash and conflict copies out', () => {
    const fields = makeNoteFields()
    expect(isSearchableNote({ ...note, fields })).toBe(true)
    expect(isSearchableNote({ ...note, fields, deletedAt: 9 })).toBe(false)
    expect(isSearchableNote({ ...note, fields, conflictOf: 'n0' })).toBe(false)
  })
})
