import { describe, expect, it } from 'vitest'
import type { PageResult, RunFigures } from '../../../bench/lighthouse'
import { buildRows, formatTable } from '../../../bench/report'
import { median } from '../../../bench/util'

const figures = (over: Partial<RunFigures> = {}): RunFigures => ({
  performance: 97, accessibility: 100, bestPractices: 100, seo: 100, lcp: 1700, tbt: 40, fcp: 900, cls: 0, benchmarkIndex: 1500, ...over,
})

const page = (name: string, median: RunFigures, lcpIsImage = false): PageResult => ({
  name, path: '/', url: 'http://127.0.0.1:1/', runs: [median], median, lcpIsImage, failingAudits: [], warnings: [], erroredAudits: [], userAgent: '',
})

describe('median', () => {
  it('takes the middle value, or the mean of the middle two, ignoring NaN', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 2, 3])).toBe(2.5)
    expect(median([Number.NaN, 5])).toBe(5)
    expect(median([])).toBeNaN()
  })
})

describe('buildRows', () => {
  it('holds home to the stricter performance budget and image LCPs to 2.2 s', () => {
    const rows = buildRows(undefined, [page('home', figures()), page('reader', figures({ lcp: 2000 }), true)])
    const status = (section: string, metric: string) => rows.find((r) => r.section.startsWith(section) && r.metric.startsWith(metric))?.status
    expect(status('home', 'performance')).toBe('over')
    expect(status('reader', 'performance')).toBe('pass')
    expect(status('reader', 'LCP')).toBe('pass')
    expect(formatTable(rows)).toContain('OVER')
  })
})
