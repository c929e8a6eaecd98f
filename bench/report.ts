// Budgets from DESIGN.md §7, the result table (stdout and Markdown) and the machine description.
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { type BundleReport, largestLocaleJs } from './bundle-size'
import type { ConvergenceResult } from './convergence'
import type { PageResult } from './lighthouse'
import type { SearchBenchResult } from './search-bench'
import type { SyncFuzzResult } from './sync-fuzz'
import type { MagazineStartResult } from './magazine-start'
import type { NotesEditorResult } from './notes-editor'
import type { LoadFigures, SyncLoadResult } from './sync-load'
import { median, readCommand } from './util'

/** Sizes are reported in KB of 1024 bytes. */
export const KB = 1024

export const BUDGETS = {
  firstRenderJsKb: 80,
  allJsKb: 150,
  performance: 95,
  performanceHome: 98,
  accessibility: 100,
  bestPractices: 100,
  seo: 100,
  lcpMs: 1800,
  lcpWithHeroMs: 2200,
  tbtMs: 150,
  cls: 0.02,
  pushRate: 300,
  pushP99Ms: 150,
  pullRate: 1000,
  pullP99Ms: 100,
  convergenceMs: 5000,
  searchMagazineP95Ms: 10,
  searchLargeP95Ms: 30,
  searchColdFirstMs: 300,
  longTaskMs: 50,
  coldStartListMs: 1200,
  openStoryMs: 100,
  downloadPersistMs: 500,
  editorReadyMs: 1000,
  keystrokeSavedP95Ms: 500,
} as const

export interface Row {
  section: string
  metric: string
  value: string
  budget: string
  status: 'pass' | 'over' | ''
}

export interface Environment {
  date: string
  node: string
  nproc: string
  cpu: string
  chromium: string
  lighthouse: string
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`
const check = (ok: boolean): Row['status'] => (ok ? 'pass' : 'over')

/** All JS: for one language (the budget; results written before it was measured have only the total), and both. */
function allJsRows(bundle: BundleReport, section: string): Row[] {
  const both = { section, metric: 'all JS in assets/, both languages', value: kb(bundle.allJs.gzip), budget: '—', status: '' as const }
  if (!bundle.allJsByLocale) return [{ ...both, metric: 'all JS in assets/', budget: `≤ ${BUDGETS.allJsKb} KB`, status: check(bundle.allJs.gzip <= BUDGETS.allJsKb * KB) }]
  const largest = largestLocaleJs(bundle)
  return [
    { section, metric: `all JS one language's app can load (largest: ${largest.locale})`, value: kb(largest.gzip), budget: `≤ ${BUDGETS.allJsKb} KB`, status: check(largest.gzip <= BUDGETS.allJsKb * KB) },
    both,
  ]
}

export function buildRows(bundle: BundleReport | undefined, pages: readonly PageResult[]): Row[] {
  const rows: Row[] = []
  if (bundle) {
    const js = 'bundle (gzip -9)'
    rows.push(
      { section: js, metric: 'JS to first render of /', value: kb(bundle.firstRenderJs.gzip), budget: `≤ ${BUDGETS.firstRenderJsKb} KB`, status: check(bundle.firstRenderJs.gzip <= BUDGETS.firstRenderJsKb * KB) },
      ...allJsRows(bundle, js),
      { section: js, metric: 'CSS to first render of /', value: kb(bundle.firstRenderCss.gzip), budget: '—', status: '' },
      { section: js, metric: `precache (${bundle.precache.files.length} files, raw)`, value: kb(bundle.precache.raw), budget: '—', status: '' },
      { section: js, metric: `precache (${bundle.precache.files.length} files, gzip)`, value: kb(bundle.precache.gzip), budget: '—', status: '' },
    )
  }
  for (const page of pages) {
    const m = page.median
    const section = `${page.name} ${page.path} (median of ${page.runs.length})`
    const perf = page.name === 'home' ? BUDGETS.performanceHome : BUDGETS.performance
    const lcp = page.lcpIsImage ? BUDGETS.lcpWithHeroMs : BUDGETS.lcpMs
    rows.push(
      { section, metric: 'performance', value: fmt(m.performance, 0), budget: `≥ ${perf}`, status: check(m.performance >= perf) },
      { section, metric: 'accessibility', value: fmt(m.accessibility, 0), budget: `${BUDGETS.accessibility}`, status: check(m.accessibility >= BUDGETS.accessibility) },
      { section, metric: 'best practices', value: fmt(m.bestPractices, 0), budget: `${BUDGETS.bestPractices}`, status: check(m.bestPractices >= BUDGETS.bestPractices) },
      { section, metric: 'SEO', value: fmt(m.seo, 0), budget: `${BUDGETS.seo}`, status: check(m.seo >= BUDGETS.seo) },
      { section, metric: page.lcpIsImage ? 'LCP (image)' : 'LCP', value: `${fmt(m.lcp, 0)} ms`, budget: `≤ ${lcp} ms`, status: check(m.lcp <= lcp) },
      { section, metric: 'TBT', value: `${fmt(m.tbt, 0)} ms`, budget: `≤ ${BUDGETS.tbtMs} ms`, status: check(m.tbt <= BUDGETS.tbtMs) },
      { section, metric: 'CLS', value: fmt(m.cls, 3), budget: `≤ ${BUDGETS.cls}`, status: check(m.cls <= BUDGETS.cls) },
    )
  }
  return rows
}

/** The sync figures (design §7); a rate counts as met at 99 % of its target (the first and last second of a run are partial). */
export function buildSyncRows(load: readonly SyncLoadResult[], convergence: ConvergenceResult | undefined): Row[] {
  const rows: Row[] = []
  const phase = (section: string, name: string, f: LoadFigures, rate: number | undefined, p99: number | undefined) => {
    const failed = f.non2xx + f.errors + f.notApplied
    const codes = Object.entries(f.statusCodes).filter(([code]) => !code.startsWith('2')).map(([code, n]) => `${n}×${code}`)
    const detail = [...codes, f.errors ? `${f.errors} errors (${f.timeouts} timeouts)` : '', f.notApplied ? `${f.notApplied} not applied` : ''].filter(Boolean).join(', ')
    rows.push(
      { section, metric: `${name} rate (target ${f.targetRate}/s)`, value: `${fmt(f.rate, 1)} req/s`, budget: rate ? `≥ ${rate} req/s` : '—', status: rate ? check(f.rate >= rate * 0.99) : '' },
      { section, metric: `${name} p50`, value: `${fmt(f.p50, 1)} ms`, budget: '—', status: '' },
      { section, metric: `${name} p99 (max ${fmt(f.max, 0)} ms)`, value: `${fmt(f.p99, 1)} ms`, budget: p99 ? `≤ ${p99} ms` : '—', status: p99 ? check(f.p99 <= p99) : '' },
      { section, metric: `${name} failed of ${f.answers + f.errors}${detail ? ` (${detail})` : ''}`, value: String(failed), budget: '0', status: check(failed === 0) },
      { section, metric: `${name} CPU cores: server / autocannon / machine`, value: [f.cores.server, f.cores.bench, f.cores.machine].map((n) => fmt(n, 2)).join(' / '), budget: '—', status: '' },
      { section, metric: `${name} machine pressure: waiting for a core / for I/O`, value: `${fmt(f.cpuPressure * 100, 0)} % / ${fmt(f.ioPressure * 100, 0)} %`, budget: '—', status: '' },
    )
  }
  for (const result of load) {
    const section = `sync load, ${result.database} (server process, ${result.users ?? 0} users, 1 req/s per device)`
    if (result.skipped || !result.push || !result.pull) {
      const metric = result.skipped ? `skipped: ${result.skipped}` : `crashed: ${(result.error ?? 'no figures').replace(/\s+/g, ' ').slice(0, 200)}`
      rows.push({ section: `sync load, ${result.database}`, metric, value: '—', budget: '—', status: result.skipped ? '' : 'over' })
      continue
    }
    const isSqlite = result.database === 'SQLite'
    phase(section, 'push ×10', result.push, BUDGETS.pushRate, BUDGETS.pushP99Ms)
    phase(section, 'pull', result.pull, isSqlite ? BUDGETS.pullRate : undefined, isSqlite ? BUDGETS.pullP99Ms : undefined)
  }
  if (convergence) {
    const section = `convergence, ${convergence.database} (${convergence.runs.length} runs of 100 offline mutations)`
    const ms = (value: number) => `${fmt(value, 0)} ms`
    rows.push(
      { section, metric: 'network back → all acknowledged, median', value: ms(convergence.medianAckMs), budget: `≤ ${BUDGETS.convergenceMs} ms`, status: check(convergence.medianAckMs <= BUDGETS.convergenceMs) },
      { section, metric: 'network back → all acknowledged, max', value: ms(convergence.maxAckMs), budget: `≤ ${BUDGETS.convergenceMs} ms`, status: check(convergence.maxAckMs <= BUDGETS.convergenceMs) },
      { section, metric: 'network back → sync done on the device, median', value: ms(convergence.medianSyncMs), budget: '—', status: '' },
      { section, metric: 'network back → sync done on the device, max', value: ms(convergence.maxSyncMs), budget: '—', status: '' },
    )
  }
  return rows
}

export const FUZZ_METHOD =
  'Sync fuzz: the model-based fuzz of tests/server/fuzz (three devices — the real SyncEngine over fake-indexeddb — against the real app on SQLite and PostgreSQL, with lost replies, duplicated requests, offline spells, clock skew, server restarts, and edits typed while a push or pull is held; invariants checked at every step and at quiescence), for BENCH_FUZZ_RUNS scenarios per database from a new seed each bench (BENCH_FUZZ_SEED to repeat one); npm test runs 12 per database from a fixed seed. A failure prints its seed and path: replay it with SYNC_FUZZ_SEED and SYNC_FUZZ_PATH in the test'

/** The long fuzz: scenarios run and failures, per database (issue 6: reported, zero failures is the bar). */
export function buildFuzzRows(results: readonly SyncFuzzResult[]): Row[] {
  return results.map((result) => ({
    section: `sync fuzz, ${result.database === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (from seed ${result.batches[0]?.seed ?? '—'})`,
    metric: `scenarios (${result.commands} commands, ${interleavedOf(result)}${result.restarts} server restarts, ${fmt(result.durationMs / 1000, 0)} s) · failures`,
    value: `${result.runs} · ${result.failures.length}`,
    budget: '0 failures',
    status: check(result.failures.length === 0),
  }))
}

/** "412 user actions during a held sync, " — absent in results from before the fuzz held syncs. */
function interleavedOf(result: SyncFuzzResult): string {
  if (!result.interleaved) return ''
  return `${Object.values(result.interleaved).reduce((sum, count) => sum + count, 0)} user actions during a held sync, `
}

/** The notebook (design §7): the medians of the runs against "≤ 1 s to a typeable editor", keystroke → saved at p95. */
export function buildNotesRows(notes: NotesEditorResult | undefined): Row[] {
  if (!notes) return []
  const ms = (value: number) => `${fmt(value, 0)} ms`
  const editor = `notes editor, cold start offline, CPU ${notes.cpuSlowdown}× slower (${notes.runs.length} run${notes.runs.length === 1 ? '' : 's'})`
  const keys = `notes editor, keystroke → saved in IndexedDB (${notes.keystroke.count} keystrokes, CPU ${notes.cpuSlowdown}× slower)`
  const ready = `≤ ${BUDGETS.editorReadyMs} ms`
  return [
    { section: editor, metric: `shortcut ${notes.shortcutPath} → title focused, median`, value: ms(notes.shortcut.median), budget: ready, status: check(notes.shortcut.median <= BUDGETS.editorReadyMs) },
    { section: editor, metric: `shortcut ${notes.shortcutPath} → title focused, p95 / max`, value: `${ms(notes.shortcut.p95)} / ${ms(notes.shortcut.max)}`, budget: '—', status: '' },
    { section: editor, metric: 'tap "Nieuwe notitie" on /notities → title focused, median', value: ms(notes.tap.median), budget: ready, status: check(notes.tap.median <= BUDGETS.editorReadyMs) },
    { section: editor, metric: 'tap "Nieuwe notitie" on /notities → title focused, p95 / max', value: `${ms(notes.tap.p95)} / ${ms(notes.tap.max)}`, budget: '—', status: '' },
    { section: editor, metric: 'CPU slowdown measured in the page (fixed loop), median', value: `${fmt(notes.measuredSlowdown.median, 1)}×`, budget: '—', status: '' },
    { section: editor, metric: 'machine pressure: waiting for a core (PSI), median of the runs', value: `${fmt((notes.cpuPressure?.median ?? Number.NaN) * 100, 0)} %`, budget: '—', status: '' },
    { section: keys, metric: 'p50', value: ms(notes.keystroke.median), budget: '—', status: '' },
    { section: keys, metric: 'p95', value: ms(notes.keystroke.p95), budget: `≤ ${BUDGETS.keystrokeSavedP95Ms} ms`, status: check(notes.keystroke.p95 <= BUDGETS.keystrokeSavedP95Ms) },
    { section: keys, metric: 'max', value: ms(notes.keystroke.max), budget: '—', status: '' },
  ]
}

/** The installed magazine (design §7): cold offline start to the list, opening a story, a first download of 1,000 items, a later sync. */
export function buildMagazineStartRows(start: MagazineStartResult | undefined): Row[] {
  if (!start) return []
  const ms = (value: number) => `${fmt(value, 0)} ms`
  const cold = `installed app, cold start offline, CPU ${start.cpuSlowdown}× slower (${start.coldRuns.length} runs)`
  const { download } = start
  const first = `first download of ${download.items} items (${download.runs.length} runs, CPU not slowed)`
  return [
    { section: cold, metric: `navigation → story list ${start.listPath} shown, median`, value: ms(start.list.median), budget: `≤ ${BUDGETS.coldStartListMs} ms`, status: check(start.list.median <= BUDGETS.coldStartListMs) },
    { section: cold, metric: 'navigation → story list shown, p95 / max', value: `${ms(start.list.p95)} / ${ms(start.list.max)}`, budget: '—', status: '' },
    { section: cold, metric: 'tap a story card → story text shown, median', value: ms(start.open.median), budget: `≤ ${BUDGETS.openStoryMs} ms`, status: check(start.open.median <= BUDGETS.openStoryMs) },
    { section: cold, metric: 'tap a story card → story text shown, p95 / max', value: `${ms(start.open.p95)} / ${ms(start.open.max)}`, budget: '—', status: '' },
    { section: first, metric: 'answer received → all persisted (cursor written), median', value: ms(download.persist.median), budget: `≤ ${BUDGETS.downloadPersistMs} ms`, status: check(download.persist.median <= BUDGETS.downloadPersistMs) },
    { section: first, metric: 'longest main-thread task meanwhile, max of the runs', value: ms(download.longestTaskMs), budget: `≤ ${BUDGETS.longTaskMs} ms`, status: check(download.longestTaskMs <= BUDGETS.longTaskMs) },
    { section: first, metric: 'navigation → all persisted, median', value: ms(median(download.runs.map((run) => run.navigationToStoredMs))), budget: '—', status: '' },
    { section: first, metric: 'later sync after one file changed: items / removed / JSON size (full answer)', value: `${download.laterSync.items} / ${download.laterSync.removed} / ${kb(download.laterSync.bytes)} (${kb(download.fullBytes)})`, budget: 'only the change', status: check(download.laterSync.items === 1 && download.laterSync.removed === 0) },
  ]
}

export function buildSearchRows(search: SearchBenchResult | undefined): Row[] {
  if (!search) return []
  const ms = (value: number) => `${fmt(value, 1)} ms`
  const rows: Row[] = []
  for (const corpus of search.corpora) {
    const section = `search, ${corpus.corpus === 'magazine' ? 'the bundled magazine' : 'a generated corpus'} (${corpus.items} items)`
    const budget = corpus.corpus === 'magazine' ? BUDGETS.searchMagazineP95Ms : BUDGETS.searchLargeP95Ms
    rows.push({ section, metric: 'index build, median', value: `${fmt(corpus.buildMs, 0)} ms`, budget: '—', status: '' })
    for (const [kind, figures] of Object.entries(corpus.queries)) {
      rows.push({ section, metric: `query p50 / p95: ${kind}`, value: `${ms(figures.p50Ms)} / ${ms(figures.p95Ms)}`, budget: `p95 ≤ ${budget} ms`, status: check(figures.p95Ms <= budget) })
    }
  }
  if (search.cold) {
    const section = `search, first search on a cold start offline (${search.cold.runs} runs)`
    rows.push(
      { section, metric: 'first keystroke → first result shown, median', value: `${fmt(search.cold.firstResultMs, 0)} ms`, budget: `≤ ${BUDGETS.searchColdFirstMs} ms`, status: check(search.cold.firstResultMs <= BUDGETS.searchColdFirstMs) },
      { section, metric: 'first keystroke → first result shown, max', value: `${fmt(search.cold.firstResultMaxMs, 0)} ms`, budget: '—', status: '' },
      { section, metric: 'longest main-thread task meanwhile', value: `${fmt(search.cold.longestTaskMs, 0)} ms`, budget: `≤ ${BUDGETS.longTaskMs} ms`, status: check(search.cold.longestTaskMs <= BUDGETS.longTaskMs) },
    )
  }
  rows.push({ section: 'search, JavaScript', metric: `added by search (${search.searchJsFiles.length} files, gzip -9)`, value: kb(search.searchJsGzip), budget: '—', status: '' })
  return rows
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a'
}

const HEAD = ['', 'metric', 'value', 'budget', '']

export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => ['', r.metric, r.value, r.budget, r.status === 'over' ? 'OVER' : r.status])
  const widths = HEAD.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)))
  const line = (c: string[]) => c.map((cell, i) => (i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd()
  const out: string[] = []
  let section = ''
  for (const [i, row] of rows.entries()) {
    if (row.section !== section) {
      section = row.section
      out.push('', section)
    }
    out.push(line(cells[i]!))
  }
  return out.join('\n')
}

export function formatMarkdown(rows: readonly Row[], env: Environment, pages: readonly PageResult[], bundle?: BundleReport, notes: readonly string[] = []): string {
  const escape = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  const out = [
    '# Slimmernetwerk bench results',
    '',
    'Written by `npm run bench` (bench/run.ts). Budgets from DESIGN.md §7; KB = 1024 bytes; Lighthouse figures are per-metric medians, mobile defaults (simulated throttling), fresh Chrome profile per run.',
    '',
    `- Date: ${env.date}`,
    `- Node: ${env.node}`,
    `- nproc: ${env.nproc}`,
    `- CPU: ${env.cpu}`,
    `- Chromium: ${env.chromium}`,
    `- Lighthouse: ${env.lighthouse}`,
    ...(pages.length ? [`- Lighthouse benchmarkIndex (median per page): ${pages.map((p) => `${p.name} ${fmt(p.median.benchmarkIndex, 0)}`).join(', ')}`] : []),
    ...notes.map((note) => `- ${note}`),
    '',
    '| section | metric | value | budget | status |',
    '| --- | --- | ---: | --- | --- |',
    ...rows.map((r) => `| ${escape(r.section)} | ${escape(r.metric)} | ${r.value} | ${r.budget} | ${r.status === 'over' ? '**over**' : r.status} |`),
  ]
  if (bundle) {
    out.push('', '## JS to first render of `/`', '', '| file | raw | gzip |', '| --- | ---: | ---: |')
    out.push(...bundle.firstRenderJs.files.map((f) => `| ${f.file} | ${kb(f.raw)} | ${kb(f.gzip)} |`))
    if (bundle.firstRenderJs.notPreloaded.length) out.push('', `Statically imported but without modulepreload: ${bundle.firstRenderJs.notPreloaded.join(', ')}`)
  }
  const failing = pages.flatMap((p) => p.failingAudits.map((a) => ({ page: p.path, ...a })))
  if (failing.length) {
    out.push('', '## Failing Lighthouse audits (accessibility, best practices, SEO)', '', '| page | category | audit | score | runs | details |', '| --- | --- | --- | ---: | ---: | --- |')
    out.push(...failing.map((a) => `| ${a.page} | ${a.category} | \`${a.id}\` ${escape(a.title)} | ${a.score} | ${a.runs} | ${escape([a.displayValue, a.explanation, ...a.items].filter(Boolean).join('; ').slice(0, 400))} |`))
  }
  const errored = new Map<string, Set<string>>()
  for (const page of pages) {
    for (const line of page.erroredAudits) errored.set(line, (errored.get(line) ?? new Set()).add(page.path))
  }
  if (errored.size) {
    out.push('', '## Audits Lighthouse could not compute', '')
    out.push(...[...errored].map(([line, paths]) => `- ${[...paths].join(', ')}: ${escape(line)}`))
  }
  return out.join('\n') + '\n'
}

export async function describeEnvironment(chromePath: string, userAgent = ''): Promise<Environment> {
  let cpu: string
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? ''
  } catch {
    cpu = os.cpus()[0]?.model ?? ''
  }
  const lighthouse = (JSON.parse(readFileSync(new URL(import.meta.resolve('lighthouse/package.json')), 'utf8')) as { version: string }).version
  const chromium = (await readCommand(chromePath, ['--version'])) || /(?:Headless)?Chrom(?:e|ium)\/[\d.]+/.exec(userAgent)?.[0] || 'unknown'
  return {
    date: new Date().toISOString(),
    node: (await readCommand(process.execPath, ['--version'])) || process.version,
    nproc: (await readCommand('nproc', [])) || String(os.availableParallelism()),
    cpu: cpu || 'unknown',
    chromium,
    lighthouse,
  }
}
