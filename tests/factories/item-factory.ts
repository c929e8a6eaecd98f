// Builds magazine items and deltas as the server sends them, for client tests: `makeVerhaal({ title })`.
import type { AnalyseItem, ContentDelta, ContentItem, VerhaalItem, WerkvormItem, WerkvormStep } from '../../src/shared/content/types'

let nextNumber = 1

/** A slug no other factory call in this test file has used. */
export function uniqueSlug(prefix = 'item'): string {
  return `${prefix}-${nextNumber++}`
}

export function makeVerhaal(overrides: Partial<VerhaalItem> = {}): VerhaalItem {
  return {
    type: 'verhaal',
    slug: uniqueSlug('verhaal'),
    title: 'Het buurtloket in de bibliotheek',
    summary: 'Hoe een gemeente haar loket naar de bibliotheek bracht.',
    authors: ['Redactie Slimmernetwerk'],
    themes: ['burgers', 'samenwerken'],
    published: '2026-03-02',
    html: '<p>Een korte tekst over een <strong>Doetank</strong> die iets nieuws probeerde.</p>',
    readingMinutes: 4,
    version: 1,
    updatedAt: '2026-03-02T10:00:00.000Z',
    ...overrides,
  }
}

export function makeWerkvormStep(overrides: Partial<WerkvormStep> = {}): WerkvormStep {
  return { title: 'Vraag delen', minutes: 5, instruction: 'Schrijf de vraag groot op de flip-over.', ...overrides }
}

export function makeWerkvorm(overrides: Partial<WerkvormItem> = {}): WerkvormItem {
  return {
    ...makeVerhaal(),
    type: 'werkvorm',
    slug: uniqueSlug('werkvorm'),
    title: 'De stille brainstorm',
    goal: 'ideeen',
    durationMin: 20,
    durationMax: 30,
    groupMin: 4,
    groupMax: 12,
    materials: ['post-its', 'stiften'],
    steps: [makeWerkvormStep(), makeWerkvormStep({ title: 'Ideeën ophangen', minutes: 10, instruction: 'Hang alle post-its op de muur.' })],
    ...overrides,
  }
}

export function makeAnalyse(overrides: Partial<AnalyseItem> = {}): AnalyseItem {
  return {
    ...makeVerhaal(),
    type: 'analyse',
    slug: uniqueSlug('analyse'),
    title: 'Waarom de heldere brief werkte',
    outcome: 'deels',
    lessons: ['Test een brief eerst met inwoners.'],
    ...overrides,
  }
}

export function makeDelta(items: ContentItem[], options: Partial<Omit<ContentDelta, 'items'>> = {}): ContentDelta {
  return { cursor: '1', full: false, removed: [], ...options, items }
}
