// The pure part of the notes bench (notes-editor.ts): which save holds which keystroke, and the summaries.
import { median, percentile } from './util'

/** What the page's poll of IndexedDB saw: the stored field grew to `length` characters, seen at `at`. */
export interface SavedSample {
  length: number
  /** Page time (ms since navigation start) when the read that first returned this length answered. */
  at: number
}

export interface Summary {
  count: number
  median: number
  p95: number
  max: number
}

export function summarize(values: readonly number[]): Summary {
  return { count: values.length, median: median(values), p95: percentile(values, 95), max: values.length ? Math.max(...values) : Number.NaN }
}

/**
 * Keystroke → saved, one figure per keystroke. After keystroke i (0-based) the field holds
 * `startLength + i + 1` characters; it counts as saved at the first sample holding at least that many
 * (one save often carries several keystrokes). Throws when a keystroke never reached storage, or when a
 * sample that holds it came before it was typed (the samples do not belong to these keystrokes).
 */
export function keystrokeToSavedMs(keydownsAt: readonly number[], samples: readonly SavedSample[], startLength = 0): number[] {
  return keydownsAt.map((typedAt, i) => {
    const length = startLength + i + 1
    const saved = samples.find((sample) => sample.length >= length)
    if (!saved) throw new Error(`keystroke ${i + 1} of ${keydownsAt.length} (${length} characters) never reached IndexedDB`)
    if (saved.at < typedAt) throw new Error(`${length} characters were stored at ${saved.at.toFixed(1)} ms, before keystroke ${i + 1} at ${typedAt.toFixed(1)} ms`)
    return saved.at - typedAt
  })
}
