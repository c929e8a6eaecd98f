// The search bench. In Node (the same V8 as the worker): index build time and query times of the app's
// own SearchIndex, on the bundled magazine and on a generated corpus of 10,000 items. In Chromium, against
// the real built app and server, offline after the first visit: the first search on a cold start, from her
// first keystroke in the header field to the first result on screen, and the main thread's long tasks
// meanwhile (the index is built in the worker). And the JavaScript search adds (gzip).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { itemDoc } from '../src/client/search/search-docs'
import { SearchIndex } from '../src/client/search/search-index'
import { startAppServer } from './app-server'
import { installAppOnProfile, launchProfile } from './installed-app'
import { generateCorpus, loadMagazineItems } from './search-corpus'
import { benchQueries, QUERY_KINDS, type QueryKind } from './search-queries'
import { median, percentile } from './util'

export interface QueryFigures {
  p50Ms: number
  p95Ms: number
}

export interface CorpusFigures {
  corpus: string
  items: number
  /** Median of the build runs. */
  buildMs: number
  queries: Record<QueryKind, QueryFigures>
}

export interface ColdSearchFigures {
  runs: number
  /** Median and worst, over the runs, of first keystroke → first result shown. */
  firstResultMs: number
  firstResultMaxMs: number
  /** The longest main-thread task between the keystroke and the result, over all runs (NaN: not observable). */
  longestTaskMs: number
}

export interface SearchBenchResult {
  corpora: CorpusFigures[]
  cold?: ColdSearchFigures
  /** gzip -9 of the search worker and the search view's chunks. */
  searchJsGzip: number
  searchJsFiles: string[]
}

export const SEARCH_BENCH_METHOD =
  'Search: build and query times of the app\'s SearchIndex in Node (same V8 as the worker; 50 seeded queries per kind drawn from the corpus, after a warm-up; snippets for the first 50 hits included), median of the build runs. Cold start: Chromium (Pixel 7 emulation at 390×844) with the app installed (service worker in control, magazine stored), relaunched with the server stopped and the network off; the time from the first keystroke in the header search field to the first result on screen, and the longest main-thread task meanwhile (the longest gap in a heartbeat of back-to-back tasks, checked against an 80 ms task on purpose).'

export function measureCorpus(corpus: string, items: Parameters<typeof benchQueries>[0], buildRuns: number): CorpusFigures {
  const docs = items.map(itemDoc)
  const builds: number[] = []
  let index = new SearchIndex()
  for (let run = 0; run < buildRuns; run++) {
    index = new SearchIndex()
    const started = performance.now()
    index.syncScope('item', docs)
    builds.push(performance.now() - started)
  }
  const queries = benchQueries(items)
  for (const query of queries.single.slice(0, 20)) index.search(query)
  const figures = {} as Record<QueryKind, QueryFigures>
  for (const kind of QUERY_KINDS) {
    const times = queries[kind].map((query) => {
      const started = performance.now()
      index.search(query)
      return performance.now() - started
    })
    figures[kind] = { p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) }
  }
  return { corpus, items: items.length, buildMs: median(builds), queries: figures }
}

/** The chunks only search uses: the worker and the view with its composable. */
export function searchChunks(distDir: string): { files: string[]; gzip: number } {
  const assets = path.join(distDir, 'assets')
  const files = readdirSync(assets).filter((file) => /^(search\.worker|SearchView|useSearch)-.*\.js$/.test(file))
  const gzip = files.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(assets, file)), { level: 9 }).length, 0)
  return { files, gzip }
}

async function coldSearch(options: { repoDir: string; distDir: string; chromePath: string; runs: number; query: string }): Promise<ColdSearchFigures> {
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'snw-search-bench-'))
  const server = await startAppServer({ repoDir: options.repoDir, distDir: options.distDir, contentDir: path.join(options.repoDir, 'content') })
  try {
    await installAppOnProfile(profileDir, options.chromePath, new URL(server.url).origin)
    await server.stop()

    const results: number[] = []
    let longestTaskMs = 0
    for (let run = 0; run < options.runs; run++) {
      const context = await launchProfile(profileDir, options.chromePath)
      await context.setOffline(true)
      const page = context.pages()[0] ?? (await context.newPage())
      await page.goto(server.url)
      const field = page.getByRole('searchbox', { name: 'Zoeken in het magazine en je notities' })
      await field.waitFor()
      await page.waitForTimeout(500)
      const figures = await page.evaluate(async (query) => {
        // A heartbeat of back-to-back tasks: the longest gap between two beats is the longest time the
        // main thread could not run anything else (the longest task, to within a beat).
        let lastBeat = performance.now()
        let longestGap = 0
        let isBeating = true
        const channel = new MessageChannel()
        channel.port1.onmessage = () => {
          const now = performance.now()
          longestGap = Math.max(longestGap, now - lastBeat)
          lastBeat = now
          if (isBeating) channel.port2.postMessage(0)
        }
        channel.port2.postMessage(0)
        const input = document.querySelector<HTMLInputElement>('input[type="search"]')!
        input.focus()
        const started = performance.now()
        input.value = query
        input.dispatchEvent(new Event('input', { bubbles: true }))
        while (!document.querySelector('.search-hit')) await new Promise((resolve) => requestAnimationFrame(resolve))
        // The frame with the result painted.
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
        const shown = performance.now()
        const during = longestGap
        // Proof that the heartbeat sees a long task: one of 80 ms, on purpose, after the measurement.
        longestGap = 0
        const busyUntil = performance.now() + 80
        while (performance.now() < busyUntil);
        await new Promise((resolve) => setTimeout(resolve, 20))
        isBeating = false
        return { ms: shown - started, longest: longestGap >= 80 ? during : Number.NaN }
      }, options.query)
      results.push(figures.ms)
      longestTaskMs = Number.isNaN(figures.longest) ? Number.NaN : Math.max(longestTaskMs, figures.longest)
      await context.close()
    }
    return { runs: options.runs, firstResultMs: median(results), firstResultMaxMs: Math.max(...results), longestTaskMs }
  } finally {
    await server.stop()
    rmSync(profileDir, { recursive: true, force: true })
  }
}

export async function runSearchBench(options: { repoDir: string; distDir: string; chromePath: string; log: (line: string) => void }): Promise<SearchBenchResult> {
  const { repoDir, distDir, chromePath, log } = options
  const magazine = loadMagazineItems(path.join(repoDir, 'content'))
  const corpusSize = Number(process.env.BENCH_SEARCH_ITEMS ?? 10_000)
  const corpora = [measureCorpus('magazine', magazine, 5)]
  log(`  magazine (${magazine.length} items): build ${corpora[0]!.buildMs.toFixed(0)} ms`)
  corpora.push(measureCorpus(`generated`, generateCorpus(magazine, corpusSize, 1), 3))
  log(`  generated (${corpusSize} items): build ${corpora[1]!.buildMs.toFixed(0)} ms`)
  const runs = Number(process.env.BENCH_SEARCH_RUNS ?? 5)
  const cold = await coldSearch({ repoDir, distDir, chromePath, runs, query: 'vertrouwen' })
  log(`  cold start: first result ${cold.firstResultMs.toFixed(0)} ms (median of ${runs}), longest task ${cold.longestTaskMs.toFixed(0)} ms`)
  const chunks = searchChunks(distDir)
  return { corpora, cold, searchJsGzip: chunks.gzip, searchJsFiles: chunks.files }
}
