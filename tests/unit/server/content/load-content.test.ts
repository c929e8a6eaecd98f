import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ContentError, loadContent } from '../../../../src/server/content/load-content'
import { CONTENT_TYPES } from '../../../../src/shared/content/types'
import {
  createContentDir,
  FRONT_MATTER_BY_TYPE,
  makeAnalyseFrontMatter,
  makeVerhaalFrontMatter,
  makeWerkvormFrontMatter,
  makeWerkvormStep,
  writeContentFile,
  writeContentImage,
  writeRawContentFile,
} from '../../../factories/content-factory'

const FIXTURE_MAGAZINE = path.resolve(import.meta.dirname, '../../../fixtures/content/magazine')

/** The problems loadContent reports for a folder; fails the test when it loads. */
function problemsOf(contentDir: string): string[] {
  try {
    loadContent(contentDir)
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError)
    return (error as ContentError).problems
  }
  expect.fail('expected the content to be refused')
}

describe('loadContent', () => {
  it('loads a folder as editors write it: one item per file, the README skipped', () => {
    const { items } = loadContent(FIXTURE_MAGAZINE)
    expect(items.map(({ item }) => [item.slug, item.type])).toEqual([
      ['analyse-heldere-brief', 'analyse'],
      ['column-durf-te-stoppen', 'column'],
      ['verhaal-loket-in-de-bibliotheek', 'verhaal'],
      ['werkvorm-stille-brainstorm', 'werkvorm'],
    ])
  })

  it('keeps the fields each type needs, with dates as YYYY-MM-DD', () => {
    const bySlug = new Map(loadContent(FIXTURE_MAGAZINE).items.map(({ item }) => [item.slug, item]))
    expect(bySlug.get('analyse-heldere-brief')).toMatchObject({ outcome: 'minder goed', lessons: expect.any(Array), published: '2026-05-01' })
    expect(bySlug.get('werkvorm-stille-brainstorm')).toMatchObject({
      goal: 'ideeen',
      durationMin: 20,
      durationMax: 30,
      materials: [],
      steps: [expect.objectContaining({ title: 'Vraag delen', minutes: 3 }), expect.objectContaining({ minutes: 7 })],
    })
    expect(bySlug.get('verhaal-loket-in-de-bibliotheek')).toMatchObject({ doetank: 'Doetank Dichtbij', published: '2026-03-02' })
  })

  it('gives images a cache-safe /media/ URL, in the front matter and in the body', () => {
    const { items, images } = loadContent(FIXTURE_MAGAZINE)
    const hash = images.get('loket.svg')
    expect(hash).toMatch(/^[0-9a-f]{12}$/)
    const verhaal = items.find(({ item }) => item.type === 'verhaal')!.item
    expect(verhaal.image).toBe(`/media/loket.svg?v=${hash}`)
    expect(verhaal.html).toContain(`src="/media/loket.svg?v=${hash}"`)
    expect(verhaal.html).toContain('<h2>Een loket tussen de boeken</h2>')
  })

  it('leaves out the image of an item that has none', () => {
    const column = loadContent(FIXTURE_MAGAZINE).items.find(({ item }) => item.type === 'column')!.item
    expect(column).not.toHaveProperty('image')
    expect(column.readingMinutes).toBe(1)
  })

  it.each(CONTENT_TYPES)('loads a %s made by the factory', (type) => {
    const dir = createContentDir()
    writeContentFile(dir, `een-${type}`, FRONT_MATTER_BY_TYPE[type]())
    expect(loadContent(dir).items[0]?.item).toMatchObject({ slug: `een-${type}`, type })
  })

  it.each([
    { problem: 'a missing title', frontMatter: makeVerhaalFrontMatter({ title: undefined }), field: 'title' },
    { problem: 'an unknown type', frontMatter: makeVerhaalFrontMatter({ type: 'blog' }), field: 'type' },
    { problem: 'durationMin above durationMax', frontMatter: makeWerkvormFrontMatter({ durationMin: 45, durationMax: 30 }), field: 'durationMax' },
    {
      problem: 'a step without minutes',
      frontMatter: makeWerkvormFrontMatter({ steps: [makeWerkvormStep({ minutes: undefined })] }),
      field: 'steps.0.minutes',
    },
    { problem: 'an unknown analyse outcome', frontMatter: makeAnalyseFrontMatter({ outcome: 'top' }), field: 'outcome' },
    { problem: 'an image without imageAlt', frontMatter: makeVerhaalFrontMatter({ image: 'images/foto.svg' }), field: 'imageAlt' },
    { problem: 'an unknown extra field', frontMatter: makeVerhaalFrontMatter({ tags: ['x'] }), field: 'tags' },
    {
      problem: 'an unknown field inside a step',
      frontMatter: makeWerkvormFrontMatter({ steps: [makeWerkvormStep({ duration: 5 })] }),
      field: 'steps.0.duration',
    },
  ])('refuses $problem, naming the file and the field', ({ frontMatter, field }) => {
    const dir = createContentDir()
    writeContentImage(dir, 'foto.svg')
    writeContentFile(dir, 'fout-item', frontMatter)
    const problems = problemsOf(dir)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(new RegExp(`^fout-item\\.md: field "${field.replaceAll('.', '\\.')}" `))
  })

  it('refuses an image that is not in content/images, naming the file and the field', () => {
    const dir = createContentDir()
    writeContentFile(dir, 'zonder-foto', makeVerhaalFrontMatter({ image: 'images/weg.png', imageAlt: 'Een foto' }))
    expect(problemsOf(dir)).toEqual(['zonder-foto.md: field "image" names "images/weg.png", which is not in content/images'])
  })

  it('refuses a body image that is not in content/images, naming the file and the image', () => {
    const dir = createContentDir()
    writeContentFile(dir, 'kapotte-foto', makeVerhaalFrontMatter(), 'Kijk:\n\n![Een foto](images/weg.png)\n')
    expect(problemsOf(dir)).toEqual(['kapotte-foto.md: the body shows image "images/weg.png", which is not in content/images'])
  })

  it('refuses front matter that is not valid YAML, naming the file', () => {
    const dir = createContentDir()
    writeRawContentFile(dir, 'kapotte-yaml.md', '---\ntype: verhaal\ntitle: "niet afgesloten\nauthors: [a\n---\nTekst\n')
    const [problem] = problemsOf(dir)
    expect(problem).toMatch(/^kapotte-yaml\.md: the front matter is not valid YAML/)
  })

  it.each(['Hoofdletters.md', 'met_underscore.md', 'dubbel--streepje.md', '-begint-met-streepje.md'])(
    'refuses the file name %s, which cannot be an address',
    (fileName) => {
      const dir = createContentDir()
      writeRawContentFile(dir, fileName, '---\ntype: verhaal\n---\n')
      const [problem] = problemsOf(dir)
      expect(problem).toContain(`${fileName}: the file name must be lowercase letters, digits and hyphens`)
    },
  )

  it('reports every invalid file at once', () => {
    const dir = createContentDir()
    writeContentFile(dir, 'goed', makeVerhaalFrontMatter())
    writeContentFile(dir, 'fout-een', makeVerhaalFrontMatter({ summary: undefined }))
    writeContentFile(dir, 'fout-twee', makeWerkvormFrontMatter({ goal: 'winnen' }))
    const problems = problemsOf(dir)
    expect(problems).toEqual([expect.stringMatching(/^fout-een\.md: field "summary"/), expect.stringMatching(/^fout-twee\.md: field "goal"/)])
  })

  it('refuses a content folder that does not exist', () => {
    const missing = path.join(createContentDir(), 'niet-hier')
    expect(problemsOf(missing)).toEqual([`${missing}: the content folder does not exist`])
  })

  it('gives the same file the same hash, and a changed file or image a new one', () => {
    const dir = createContentDir()
    writeContentImage(dir, 'foto.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>')
    writeContentFile(dir, 'met-foto', makeVerhaalFrontMatter({ image: 'images/foto.svg', imageAlt: 'Een foto' }))
    const hashOf = () => loadContent(dir).items[0]!.hash
    const first = hashOf()
    expect(hashOf()).toBe(first)

    writeContentImage(dir, 'foto.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="1"/>')
    const afterImageChange = hashOf()
    expect(afterImageChange).not.toBe(first)

    writeContentFile(dir, 'met-foto', makeVerhaalFrontMatter({ image: 'images/foto.svg', imageAlt: 'Een andere foto' }))
    expect(hashOf()).not.toBe(afterImageChange)
  })
})
