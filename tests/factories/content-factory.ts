// Builds magazine content for tests: front matter per type, and content folders in a temp dir.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import matter from 'gray-matter'
import { onTestFinished } from 'vitest'
import type { ContentType } from '../../src/shared/content/types'

/** Front matter as an editor writes it; a key set to undefined, at any depth, is left out of the file. */
export type FrontMatterFields = Record<string, unknown>

export const SAMPLE_BODY = 'Een korte tekst over een **Doetank** die iets nieuws probeerde.\n\n## Wat gebeurde er?\n\nWe leerden veel.\n'

export function makeVerhaalFrontMatter(overrides: FrontMatterFields = {}): FrontMatterFields {
  return {
    type: 'verhaal',
    title: 'Het buurtloket in de bibliotheek',
    summary: 'Hoe een gemeente haar loket naar de bibliotheek bracht.',
    authors: ['Redactie Slimmernetwerk'],
    themes: ['burgers', 'samenwerken'],
    published: '2026-03-02',
    ...overrides,
  }
}

export function makeColumnFrontMatter(overrides: FrontMatterFields = {}): FrontMatterFields {
  return makeVerhaalFrontMatter({ type: 'column', title: 'Durf te stoppen', ...overrides })
}

export function makeAnalyseFrontMatter(overrides: FrontMatterFields = {}): FrontMatterFields {
  return makeVerhaalFrontMatter({
    type: 'analyse',
    title: 'Waarom de heldere brief werkte',
    outcome: 'deels',
    lessons: ['Test een brief eerst met inwoners.'],
    ...overrides,
  })
}

export function makeWerkvormStep(overrides: FrontMatterFields = {}): FrontMatterFields {
  return { title: 'Vraag delen', minutes: 5, instruction: 'Schrijf de vraag groot op de flip-over.', ...overrides }
}

export function makeWerkvormFrontMatter(overrides: FrontMatterFields = {}): FrontMatterFields {
  return makeVerhaalFrontMatter({
    type: 'werkvorm',
    title: 'De stille brainstorm',
    goal: 'ideeen',
    durationMin: 20,
    durationMax: 30,
    groupMin: 4,
    groupMax: 12,
    materials: ['post-its', 'stiften'],
    steps: [makeWerkvormStep(), makeWerkvormStep({ title: 'Ideeën ophangen', minutes: 10 })],
    ...overrides,
  })
}

export const FRONT_MATTER_BY_TYPE: Record<ContentType, (overrides?: FrontMatterFields) => FrontMatterFields> = {
  verhaal: makeVerhaalFrontMatter,
  column: makeColumnFrontMatter,
  analyse: makeAnalyseFrontMatter,
  werkvorm: makeWerkvormFrontMatter,
}

/** A fresh, empty folder in the temp dir, removed when the current test finishes. */
export function createTempDir(prefix = 'slimmernetwerk-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** An empty content folder (with images/), removed when the current test finishes. */
export function createContentDir(): string {
  const dir = createTempDir('slimmernetwerk-content-')
  mkdirSync(path.join(dir, 'images'))
  return dir
}

export function writeContentFile(dir: string, slug: string, frontMatter: FrontMatterFields, body = SAMPLE_BODY): string {
  return writeRawContentFile(dir, `${slug}.md`, matter.stringify(body, withoutUndefined(frontMatter) as FrontMatterFields))
}

// YAML cannot hold undefined: a field set to undefined (also inside a step) is one the editor left out.
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined)
  if (value === null || typeof value !== 'object' || value instanceof Date) return value
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, withoutUndefined(v)]))
}

/** For what the front matter helper cannot write: broken YAML, odd file names. */
export function writeRawContentFile(dir: string, fileName: string, text: string): string {
  const file = path.join(dir, fileName)
  writeFileSync(file, text)
  return file
}

export function writeContentImage(dir: string, fileName: string, svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>'): string {
  mkdirSync(path.join(dir, 'images'), { recursive: true })
  const file = path.join(dir, 'images', fileName)
  writeFileSync(file, svg)
  return file
}

/** One item of each type, the verhaal with an image; answers the slugs in file order. */
export function writeSampleContent(dir: string): string[] {
  writeContentImage(dir, 'buurtloket.svg')
  writeContentFile(dir, 'analyse-heldere-brief', makeAnalyseFrontMatter())
  writeContentFile(dir, 'column-durf-te-stoppen', makeColumnFrontMatter())
  writeContentFile(
    dir,
    'verhaal-buurtloket',
    makeVerhaalFrontMatter({ image: 'images/buurtloket.svg', imageAlt: 'Een loket tussen de boekenkasten' }),
  )
  writeContentFile(dir, 'werkvorm-stille-brainstorm', makeWerkvormFrontMatter())
  return ['analyse-heldere-brief', 'column-durf-te-stoppen', 'verhaal-buurtloket', 'werkvorm-stille-brainstorm']
}
