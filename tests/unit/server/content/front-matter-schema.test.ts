import { describe, expect, it } from 'vitest'
import { frontMatterSchema } from '../../../../src/server/content/front-matter-schema'
import { CONTENT_TYPES } from '../../../../src/shared/content/types'
import {
  FRONT_MATTER_BY_TYPE,
  makeAnalyseFrontMatter,
  makeVerhaalFrontMatter,
  makeWerkvormFrontMatter,
  makeWerkvormStep,
} from '../../../factories/content-factory'

/** The dotted paths of the fields the schema refuses. */
function refusedFields(frontMatter: Record<string, unknown>): string[] {
  const result = frontMatterSchema.safeParse(frontMatter)
  if (result.success) return []
  return result.error.issues.map((issue) => issue.path.join('.'))
}

describe('front matter schema', () => {
  it.each(CONTENT_TYPES)('accepts a complete %s', (type) => {
    const result = frontMatterSchema.safeParse(FRONT_MATTER_BY_TYPE[type]())
    expect(result.success).toBe(true)
    expect(result.data?.type).toBe(type)
  })

  it('reads an unquoted YAML date and a quoted one as the same day', () => {
    const fromDate = frontMatterSchema.parse(makeVerhaalFrontMatter({ published: new Date('2026-03-02T00:00:00Z') }))
    const fromText = frontMatterSchema.parse(makeVerhaalFrontMatter({ published: '2026-03-02' }))
    expect(fromDate.published).toBe('2026-03-02')
    expect(fromText.published).toBe('2026-03-02')
  })

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(refusedFields(makeVerhaalFrontMatter({ published: '2 maart 2026' }))).toEqual(['published'])
  })

  it('refuses an item without a title', () => {
    expect(refusedFields(makeVerhaalFrontMatter({ title: undefined }))).toEqual(['title'])
  })

  it('refuses a type that is not one of the four, naming the types it knows', () => {
    const result = frontMatterSchema.safeParse(makeVerhaalFrontMatter({ type: 'blog' }))
    expect(result.error?.issues[0]?.path).toEqual(['type'])
    expect(result.error?.issues[0]?.message).toContain('verhaal, column, analyse, werkvorm')
  })

  it('refuses a werkvorm whose shortest duration is longer than its longest', () => {
    expect(refusedFields(makeWerkvormFrontMatter({ durationMin: 40, durationMax: 30 }))).toEqual(['durationMax'])
  })

  it('refuses a werkvorm whose smallest group is larger than its largest', () => {
    expect(refusedFields(makeWerkvormFrontMatter({ groupMin: 20, groupMax: 12 }))).toEqual(['groupMax'])
  })

  it('refuses a werkvorm step without minutes', () => {
    const steps = [makeWerkvormStep(), makeWerkvormStep({ minutes: undefined })]
    expect(refusedFields(makeWerkvormFrontMatter({ steps }))).toEqual(['steps.1.minutes'])
  })

  it('refuses a werkvorm without steps', () => {
    expect(refusedFields(makeWerkvormFrontMatter({ steps: [] }))).toEqual(['steps'])
  })

  it('refuses an analyse with an outcome it does not know', () => {
    expect(refusedFields(makeAnalyseFrontMatter({ outcome: 'geweldig' }))).toEqual(['outcome'])
  })

  it('refuses an image without a description for people who cannot see it', () => {
    expect(refusedFields(makeVerhaalFrontMatter({ image: 'images/foto.png' }))).toEqual(['imageAlt'])
  })

  it('refuses an image outside images/', () => {
    expect(refusedFields(makeVerhaalFrontMatter({ image: '../geheim.png', imageAlt: 'Geheim' }))).toEqual(['image'])
  })

  it('refuses a field it does not know, also inside a step', () => {
    const unknownTop = frontMatterSchema.safeParse(makeVerhaalFrontMatter({ tags: ['x'] }))
    expect(unknownTop.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['tags'] })
    const steps = [makeWerkvormStep({ duration: 5 })]
    const unknownInStep = frontMatterSchema.safeParse(makeWerkvormFrontMatter({ steps }))
    expect(unknownInStep.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['duration'], path: ['steps', 0] })
  })

  it('refuses werkvorm fields on a verhaal', () => {
    const result = frontMatterSchema.safeParse(makeVerhaalFrontMatter({ goal: 'ideeen' }))
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['goal'] })
  })

  it('refuses themes that are not lowercase words', () => {
    expect(refusedFields(makeVerhaalFrontMatter({ themes: ['Samenwerken'] }))).toEqual(['themes.0'])
  })
})
