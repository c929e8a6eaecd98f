import { describe, expect, it } from 'vitest'
import { type BenchPart, carriedOverNote, partDates, partsToRun, runParts } from '../../../bench/parts'

interface Results {
  bundle?: number
  lighthouse?: string
  syncLoad?: number
  notesEditor?: number
}

const ranParts: string[] = []
const part = (name: string, keys: (keyof Results)[], figures: Partial<Results>): BenchPart<Results, null> => ({
  name,
  title: name,
  keys,
  run: async () => {
    ranParts.push(name)
    return figures
  },
  rows: () => [],
})
const PARTS = [part('web', ['bundle', 'lighthouse'], { bundle: 2, lighthouse: 'new' }), part('sync', ['syncLoad'], { syncLoad: 20 }), part('notes', ['notesEditor'], { notesEditor: 200 })]

describe('partsToRun', () => {
  it('runs every part without BENCH_ONLY, else the one named, and refuses a name it does not know', () => {
    expect(partsToRun(PARTS, '').map((p) => p.name)).toEqual(['web', 'sync', 'notes'])
    expect(partsToRun(PARTS, 'notes').map((p) => p.name)).toEqual(['notes'])
    expect(() => partsToRun(PARTS, 'search')).toThrow('BENCH_ONLY must be one of web, sync, notes, got "search"')
  })
})

describe('runParts', () => {
  it('runs only the chosen part and carries the figures of the others over from the previous results', async () => {
    ranParts.length = 0
    const previous: Results = { bundle: 1, lighthouse: 'old', syncLoad: 10, notesEditor: 100 }
    const results = await runParts(PARTS, partsToRun(PARTS, 'notes'), null, previous)
    expect(ranParts).toEqual(['notes'])
    expect(results).toEqual({ bundle: 1, lighthouse: 'old', syncLoad: 10, notesEditor: 200 })
  })

  it('takes nothing from the previous results for a part that ran, even a key it did not write this time', async () => {
    const onlyBundle = [part('web', ['bundle', 'lighthouse'], { bundle: 3 })]
    expect(await runParts(onlyBundle, onlyBundle, null, { bundle: 1, lighthouse: 'old' })).toEqual({ bundle: 3 })
  })

  it('leaves a part out when it has no previous figures', async () => {
    expect(await runParts(PARTS, partsToRun(PARTS, 'sync'), null, {})).toEqual({ syncLoad: 20 })
  })
})

describe('partDates and carriedOverNote', () => {
  const web = { name: 'web', title: 'bundle and Lighthouse' }
  const sync = { name: 'sync', title: 'sync load' }
  const notes = { name: 'notes', title: 'notes editor' }
  const parts = [web, sync, notes]

  it('keeps the date each carried part was measured, not the date of the run before', () => {
    const previous = { environment: { date: 'T2' }, ranAt: { web: 'T1', sync: 'T1', notes: 'T2' } }
    const dates = partDates(parts, [notes], 'T3', previous)
    expect(dates).toEqual({ web: 'T1', sync: 'T1', notes: 'T3' })
    expect(carriedOverNote(parts, [notes], dates)).toBe('Only the notes part ran; carried over from earlier runs: bundle and Lighthouse from T1; sync load from T1')
  })

  it('falls back to the run date of older results, and says when a part never ran', () => {
    expect(partDates(parts, [sync], 'T3', { environment: { date: 'T0' } })).toEqual({ web: 'T0', sync: 'T3', notes: 'T0' })
    expect(carriedOverNote(parts, [notes], { notes: 'T3' })).toContain('sync load from (no earlier run)')
  })

  it('has no note when every part ran', () => {
    expect(carriedOverNote(parts, parts, partDates(parts, parts, 'T3', {}))).toBeUndefined()
  })
})
