import { describe, expect, it } from 'vitest'
import type { NotesEditorResult } from '../../../bench/notes-editor'
import { keystrokeToSavedMs, summarize } from '../../../bench/notes-latency'
import { buildNotesRows, formatTable } from '../../../bench/report'
import { percentile } from '../../../bench/util'

describe('percentile', () => {
  it('answers a measured value by nearest rank: p95 of 7 runs is the slowest, p50 the middle', () => {
    const runs = [700, 100, 400, 300, 600, 200, 500]
    expect(percentile(runs, 95)).toBe(700)
    expect(percentile(runs, 50)).toBe(400)
    expect(percentile(runs, 0)).toBe(100)
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(hundred, 95)).toBe(95)
    expect(percentile([Number.NaN, 3], 95)).toBe(3)
    expect(percentile([], 95)).toBeNaN()
    expect(() => percentile([1], 101)).toThrow(RangeError)
  })
})

describe('summarize', () => {
  it('gives the count, median, p95 and max', () => {
    expect(summarize([30, 10, 20])).toEqual({ count: 3, median: 20, p95: 30, max: 30 })
    expect(summarize([]).max).toBeNaN()
  })
})

describe('keystrokeToSavedMs', () => {
  it('counts a keystroke as saved by the first stored value that holds it, so one save can carry several', () => {
    // Keystrokes at 0, 80, 160, 240 ms; the first save (2 characters) lands at 450 ms, the second (all 4) at 700 ms.
    const samples = [{ length: 0, at: -5 }, { length: 2, at: 450 }, { length: 4, at: 700 }]
    expect(keystrokeToSavedMs([0, 80, 160, 240], samples)).toEqual([450, 370, 540, 460])
  })

  it('starts counting from what the field held before the first keystroke', () => {
    expect(keystrokeToSavedMs([100], [{ length: 5, at: 50 }, { length: 6, at: 300 }], 5)).toEqual([200])
  })

  it('throws when a keystroke never reached storage', () => {
    expect(() => keystrokeToSavedMs([0, 80], [{ length: 1, at: 400 }])).toThrow(/keystroke 2 of 2 .* never reached IndexedDB/)
  })

  it('throws when a stored value holds a keystroke that came later: the samples are not of these keystrokes', () => {
    expect(() => keystrokeToSavedMs([500], [{ length: 1, at: 400 }])).toThrow(/before keystroke 1/)
  })
})

describe('buildNotesRows', () => {
  const result = (over: Partial<NotesEditorResult> = {}): NotesEditorResult => ({
    cpuSlowdown: 4,
    shortcutPath: '/notities/nieuw',
    runs: [],
    warmUp: { shortcutFocusMs: 900, tapFocusMs: 400 },
    shortcut: summarize([800, 900, 1100]),
    tap: summarize([400, 450, 1200]),
    keystroke: summarize([100, 300, 480]),
    measuredSlowdown: summarize([3.9, 4.1, 4]),
    cpuPressure: summarize([0.1, 0.2, 0.3]),
    ...over,
  })
  const status = (rows: ReturnType<typeof buildNotesRows>, metric: string) => rows.find((row) => row.metric.startsWith(metric))?.status

  it('holds the medians to 1 s and keystroke → saved to 500 ms at p95; the slowest run alone does not fail it', () => {
    const rows = buildNotesRows(result())
    expect(status(rows, 'shortcut /notities/nieuw → title focused, median')).toBe('pass')
    expect(status(rows, 'tap "Nieuwe notitie" on /notities → title focused, median')).toBe('pass')
    expect(status(rows, 'tap "Nieuwe notitie" on /notities → title focused, p95 / max')).toBe('')
    expect(status(rows, 'p95')).toBe('pass')
    expect(formatTable(rows)).not.toContain('OVER')
  })

  it('marks a median over 1 s and a p95 over 500 ms as over', () => {
    const rows = buildNotesRows(result({ shortcut: summarize([1100, 1200, 1300]), keystroke: summarize([100, 200, 501]) }))
    expect(status(rows, 'shortcut /notities/nieuw → title focused, median')).toBe('over')
    expect(rows.find((row) => row.metric.startsWith('shortcut'))?.value).toBe('1200 ms')
    expect(status(rows, 'p95')).toBe('over')
    expect(status(rows, 'tap "Nieuwe notitie" on /notities → title focused, median')).toBe('pass')
  })

  it('has no rows without figures', () => {
    expect(buildNotesRows(undefined)).toEqual([])
  })
})
