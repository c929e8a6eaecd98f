import { describe, expect, it } from 'vitest'
import { type BenchPart, partsToRun, runParts } from '../../../bench/parts'

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
