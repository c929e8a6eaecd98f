// [N3] Resolving a conflict copy field by field: which fields differ, what each choice keeps, and that
// the defaults lose nothing of a list.
import { describe, expect, it } from 'vitest'
import { differingFields, mergeDraft, resolveFields } from '../../../../src/client/notes/conflict-resolution'
import { makeNoteFields } from '../../../factories/note-factory'

const mine = makeNoteFields({ title: 'Loket', saw: 'Veel vragen\nOver brieven', decision: 'doorgaan', tags: ['loket', 'pilot'], werkvormen: ['pre-mortem'] })
const theirs = makeNoteFields({ title: 'Loket', saw: 'Veel vragen\nOver toeslagen', decision: 'bijsturen', tags: ['loket', 'bieb'], werkvormen: ['pre-mortem'], nextStep: 'Bord maken' })

describe('conflict resolution', () => {
  it('lists only the fields that differ, in the editor’s order', () => {
    expect(differingFields(mine, theirs)).toEqual(['saw', 'nextStep', 'decision', 'tags'])
    expect(differingFields(mine, mine)).toEqual([])
  })

  it('keeps this version where she chose nothing, and both lists’ items', () => {
    expect(resolveFields(mine, theirs, {})).toEqual({ ...mine, tags: ['loket', 'pilot', 'bieb'] })
  })

  it.each([
    { choices: { saw: 'that' }, expected: { saw: 'Veel vragen\nOver toeslagen' } },
    { choices: { nextStep: 'that' }, expected: { nextStep: 'Bord maken' } },
    { choices: { decision: 'that' }, expected: { decision: 'bijsturen' } },
    { choices: { tags: 'this' }, expected: { tags: ['loket', 'pilot'] } },
    { choices: { tags: 'that' }, expected: { tags: ['loket', 'bieb'] } },
  ] as const)('takes $choices', ({ choices, expected }) => {
    const resolved = resolveFields(mine, theirs, { tags: 'both', ...choices })
    expect(resolved).toMatchObject(expected)
    // The fields she did not touch stay as this version.
    expect(resolved.title).toBe('Loket')
    expect(resolved.werkvormen).toEqual(['pre-mortem'])
  })

  it('takes her own text for a field she merged herself, and this version where she left it empty of a choice', () => {
    const resolved = resolveFields(mine, theirs, { saw: 'own' }, { saw: 'Veel vragen\nOver brieven en toeslagen' })
    expect(resolved.saw).toBe('Veel vragen\nOver brieven en toeslagen')
    expect(resolveFields(mine, theirs, { saw: 'own' }).saw).toBe(mine.saw)
  })

  it('never hands back the arrays it was given: the editor may change them', () => {
    const resolved = resolveFields(mine, theirs, { tags: 'that' })
    expect(resolved.tags).not.toBe(theirs.tags)
    expect(resolved.werkvormen).not.toBe(mine.werkvormen)
  })

  it('starts her own merge from this text plus the lines only that one has', () => {
    expect(mergeDraft('Veel vragen\nOver brieven', 'Veel vragen\nOver toeslagen')).toBe('Veel vragen\nOver brieven\nOver toeslagen')
    expect(mergeDraft('Zelfde', 'Zelfde')).toBe('Zelfde')
    expect(mergeDraft('', 'Alleen daar')).toBe('Alleen daar')
  })
})
