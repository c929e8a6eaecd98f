// Lighthouse 12 (mobile defaults, simulated throttling) through its Node API, each run in a fresh Chrome profile.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import * as chromeLauncher from 'chrome-launcher'
import lighthouse, { type Flags, type Result } from 'lighthouse'
import { median, withTimeout } from './util'

export const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
]
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const

export interface RunFigures {
  /** Category scores, 0–100. */
  performance: number
  accessibility: number
  bestPractices: number
  seo: number
  /** Milliseconds. */
  lcp: number
  tbt: number
  fcp: number
  cls: number
  benchmarkIndex: number
}

export interface FailingAudit {
  category: string
  id: string
  title: string
  /** 0–1. */
  score: number
  /** In how many of the runs it failed. */
  runs: number
  displayValue?: string
  explanation?: string
  items: string[]
}

export interface PageResult {
  name: string
  path: string
  url: string
  runs: RunFigures[]
  median: RunFigures
  /** The LCP element is an image in at least one run (the budget is then 2.2 s). */
  lcpIsImage: boolean
  failingAudits: FailingAudit[]
  /** Run warnings and audits Lighthouse could not compute (`id: message`). */
  warnings: string[]
  erroredAudits: string[]
  userAgent: string
}

export async function lighthousePage(options: {
  name: string
  url: string
  runs: number
  chromePath: string
  saveDir?: string
  log?: (line: string) => void
}): Promise<PageResult> {
  const results: Result[] = []
  for (let i = 1; i <= options.runs; i++) {
    options.log?.(`  Lighthouse ${options.name} run ${i}/${options.runs} …`)
    const lhr = await lighthouseOnce(options.url, options.chromePath)
    results.push(lhr)
    if (options.saveDir) {
      mkdirSync(options.saveDir, { recursive: true })
      writeFileSync(path.join(options.saveDir, `${options.name}-${i}.json`), JSON.stringify(lhr))
    }
  }
  const runs = results.map(figures)
  const pick = (key: keyof RunFigures) => median(runs.map((r) => r[key]))
  return {
    name: options.name,
    path: new URL(options.url).pathname,
    url: options.url,
    runs,
    median: {
      performance: pick('performance'),
      accessibility: pick('accessibility'),
      bestPractices: pick('bestPractices'),
      seo: pick('seo'),
      lcp: pick('lcp'),
      tbt: pick('tbt'),
      fcp: pick('fcp'),
      cls: pick('cls'),
      benchmarkIndex: pick('benchmarkIndex'),
    },
    lcpIsImage: results.some((lhr) => /"snippet":"<img\b/.test(JSON.stringify(lhr.audits['largest-contentful-paint-element']?.details ?? null))),
    failingAudits: failingAudits(results),
    warnings: [...new Set(results.flatMap((lhr) => lhr.runWarnings.map(String)))],
    erroredAudits: [
      ...new Set(
        results.flatMap((lhr) =>
          Object.values(lhr.audits)
            .filter((audit) => audit.scoreDisplayMode === 'error')
            .map((audit) => `${audit.id}: ${audit.errorMessage ?? ''}`),
        ),
      ),
    ],
    userAgent: results[0]?.environment.hostUserAgent ?? '',
  }
}

async function lighthouseOnce(url: string, chromePath: string): Promise<Result> {
  const launching = chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS, logLevel: 'silent' })
  const chrome = await withTimeout(launching, 60_000, 'Chrome launch').catch((error: unknown) => {
    void launching.then((late) => late.kill(), () => undefined)
    throw error
  })
  const killOnExit = () => chrome.kill()
  process.once('exit', killOnExit)
  try {
    const flags: Flags = { port: chrome.port, logLevel: 'error', output: 'json', onlyCategories: [...CATEGORIES] }
    const result = await withTimeout(lighthouse(url, flags), 300_000, `Lighthouse ${url}`)
    if (!result) throw new Error(`Lighthouse returned no result for ${url}`)
    const { runtimeError } = result.lhr
    if (runtimeError) throw new Error(`Lighthouse ${url}: ${runtimeError.code} ${runtimeError.message}`)
    return result.lhr
  } finally {
    const closed = new Promise<void>((resolve) => {
      if (chrome.process.exitCode !== null || chrome.process.signalCode !== null) resolve()
      else chrome.process.once('exit', () => resolve())
    })
    chrome.kill()
    process.off('exit', killOnExit)
    await withTimeout(closed, 10_000, 'Chrome exit').catch(() => undefined)
  }
}

function figures(lhr: Result): RunFigures {
  const score = (id: string) => {
    const value = lhr.categories[id]?.score
    return typeof value === 'number' ? Math.round(value * 100) : Number.NaN
  }
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    lcp: numeric('largest-contentful-paint'),
    tbt: numeric('total-blocking-time'),
    fcp: numeric('first-contentful-paint'),
    cls: numeric('cumulative-layout-shift'),
    benchmarkIndex: lhr.environment.benchmarkIndex,
  }
}

/** Scored audits below 1 in the accessibility, best-practices and SEO categories, over all runs. */
function failingAudits(results: Result[]): FailingAudit[] {
  const found = new Map<string, FailingAudit>()
  for (const lhr of results) {
    for (const category of ['accessibility', 'best-practices', 'seo']) {
      for (const ref of lhr.categories[category]?.auditRefs ?? []) {
        const audit = lhr.audits[ref.id]
        if (!audit || audit.score === null || audit.score >= 1) continue
        if (!['binary', 'numeric', 'metricSavings'].includes(audit.scoreDisplayMode)) continue
        const key = `${category}/${audit.id}`
        const seen = found.get(key)
        if (seen) {
          seen.runs++
          seen.score = Math.min(seen.score, audit.score)
          continue
        }
        found.set(key, {
          category,
          id: audit.id,
          title: audit.title,
          score: audit.score,
          runs: 1,
          displayValue: audit.displayValue,
          explanation: audit.explanation,
          items: detailItems(audit.details),
        })
      }
    }
  }
  return [...found.values()]
}

/** A few readable lines from an audit's table or list details. */
function detailItems(details: unknown, limit = 8): string[] {
  const items = (details as { items?: unknown[] } | undefined)?.items
  if (!Array.isArray(items)) return []
  return items.slice(0, limit).flatMap((item): string[] => {
    if (typeof item !== 'object' || item === null) return [String(item)]
    const record = item as Record<string, unknown>
    if (Array.isArray(record.items)) return detailItems(record, limit)
    const parts = Object.entries(record).flatMap(([key, value]) => {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return [`${key}=${String(value)}`]
      const v = value as { type?: string; snippet?: string; nodeLabel?: string; url?: string; line?: number } | null
      if (v?.type === 'node') return [`${key}=${v.snippet ?? v.nodeLabel ?? ''}`]
      if (v?.type === 'source-location') return [`${key}=${v.url ?? ''}:${v.line ?? ''}`]
      return []
    })
    return [parts.join(' ').slice(0, 300)]
  })
}
