// `npm run bench`: build, measure the bundle, run Lighthouse against the real server, load the sync server,
// time the installed app's cold start and a 1,000-item download, time offline convergence, run the long sync fuzz, time the notes editor cold and offline, time search; print and write the figures.
// BENCH_ONLY=<part> (web, start, sync, fuzz, notes, search: see PARTS) runs one part and carries the other parts' figures over
// from the last bench/out/results.json.
// Reports only: exits 0 on a budget miss, non-zero only when something crashed.
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startAppServer, type AppServer } from './app-server'
import { type BundleReport, measureBundle } from './bundle-size'
import { type ConvergenceResult, runConvergence } from './convergence'
import { lighthousePage, type PageResult } from './lighthouse'
import { type BenchPart, carriedOverNote, partDates, partsToRun, runParts } from './parts'
import { MAGAZINE_START_METHOD, type MagazineStartResult, runMagazineStart } from './magazine-start'
import { NOTES_EDITOR, NOTES_EDITOR_METHOD, type NotesEditorResult, runNotesEditor } from './notes-editor'
import { buildFuzzRows, buildMagazineStartRows, buildNotesRows, buildRows, buildSearchRows, buildSyncRows, FUZZ_METHOD, describeEnvironment, type Environment, formatMarkdown, formatTable } from './report'
import { runSearchBench, SEARCH_BENCH_METHOD, type SearchBenchResult } from './search-bench'
import { runSyncFuzz, type SyncFuzzResult } from './sync-fuzz'
import { runSyncLoad, SYNC_LOAD_METHOD, type SyncLoadResult } from './sync-load'
import { runCommand } from './util'

const PAGES = [
  { name: 'home', path: '/' },
  { name: 'list', path: '/verhalen' },
  { name: 'reader', path: '/lezen/verhaal-brieven-die-niemand-snapt' },
]

interface Results {
  environment?: Environment
  /** When each part's figures were made (part name → ISO date). */
  ranAt?: Record<string, string>
  bundle?: BundleReport
  lighthouse?: PageResult[]
  syncLoad?: SyncLoadResult[]
  convergence?: ConvergenceResult
  syncFuzz?: SyncFuzzResult[]
  magazineStart?: MagazineStartResult
  notesEditor?: NotesEditorResult
  search?: SearchBenchResult
}

interface BenchContext {
  repoDir: string
  outDir: string
  chromePath: string
  log: (line: string) => void
  /** The built app's folder, built on first use (one build serves every part of a run). */
  dist: () => Promise<string>
}

/** In the order they run and report; BENCH_ONLY=<name> runs one (see parts.ts). */
type Part = BenchPart<Results, BenchContext>

const PARTS: readonly Part[] = [
  {
    name: 'web',
    title: 'bundle and Lighthouse',
    keys: ['bundle', 'lighthouse'],
    run: async (context) => benchWeb(context),
    rows: (results) => buildRows(results.bundle, results.lighthouse ?? []),
    printProblems: (results) => printLighthouseProblems(results.lighthouse ?? []),
  },
  {
    name: 'start',
    title: 'magazine start and download',
    keys: ['magazineStart'],
    run: async ({ repoDir, chromePath, log, dist }) => {
      const runs = runsFromEnv('BENCH_START_RUNS', 7)
      checkChrome(chromePath)
      const distDir = await dist()
      console.log('Magazine: cold offline start, opening a story, a first download of 1,000 items …')
      return { magazineStart: await runMagazineStart({ repoDir, distDir, chromePath, runs, log }) }
    },
    rows: (results) => buildMagazineStartRows(results.magazineStart),
    method: (results) => (results.magazineStart ? MAGAZINE_START_METHOD : undefined),
  },
  {
    name: 'sync',
    title: 'sync load and convergence',
    keys: ['syncLoad', 'convergence'],
    run: async ({ repoDir, log }) => {
      console.log('Sync server under load …')
      const syncLoad = await runSyncLoad(repoDir, log)
      console.log('Offline convergence …')
      return { syncLoad, convergence: await runConvergence(repoDir, log) }
    },
    rows: (results) => buildSyncRows(results.syncLoad ?? [], results.convergence),
    method: (results) => (results.syncLoad?.length ? SYNC_LOAD_METHOD : undefined),
    printProblems: (results) => {
      for (const result of results.syncLoad ?? []) if (result.serverOutput) console.log(`\n? ${result.database} server printed during the load:\n${result.serverOutput}`)
    },
  },
  {
    name: 'fuzz',
    title: 'the long sync fuzz',
    keys: ['syncFuzz'],
    run: async ({ log }) => {
      const runs = runsFromEnv('BENCH_FUZZ_RUNS', 500)
      // Other seeds than the test's fixed one, and new ones every run: the long run looks where CI does not.
      const seed = Number(process.env.BENCH_FUZZ_SEED ?? Date.now() % 1_000_000)
      console.log(`Model-based sync fuzz, ${runs} scenarios per database from seed ${seed} …`)
      const syncFuzz: SyncFuzzResult[] = []
      for (const database of ['sqlite', 'postgres'] as const) syncFuzz.push(await runSyncFuzz({ runs, seed, database, log }))
      return { syncFuzz }
    },
    rows: (results) => buildFuzzRows(results.syncFuzz ?? []),
    method: (results) => (results.syncFuzz?.length ? FUZZ_METHOD : undefined),
    printProblems: (results) => {
      for (const result of results.syncFuzz ?? []) {
        for (const failure of result.failures) console.log(`\n! sync fuzz on ${result.database}: seed ${failure.seed}, path ${failure.path}\n${failure.commands}\n${failure.error}`)
      }
    },
  },
  {
    name: 'notes',
    title: 'notes editor',
    keys: ['notesEditor'],
    run: async ({ repoDir, chromePath, log, dist }) => {
      const runs = runsFromEnv('BENCH_NOTES_RUNS', NOTES_EDITOR.runs)
      checkChrome(chromePath)
      const distDir = await dist()
      console.log('Notes editor, cold and offline …')
      return { notesEditor: await runNotesEditor({ repoDir, distDir, chromePath, runs, log }) }
    },
    rows: (results) => buildNotesRows(results.notesEditor),
    method: (results) => (results.notesEditor ? NOTES_EDITOR_METHOD : undefined),
  },
  {
    name: 'search',
    title: 'search',
    keys: ['search'],
    run: async ({ repoDir, chromePath, log, dist }) => {
      checkChrome(chromePath)
      const distDir = await dist()
      console.log('Search: index and queries in Node, the first search cold and offline in Chromium …')
      return { search: await runSearchBench({ repoDir, distDir, chromePath, log }) }
    },
    rows: (results) => buildSearchRows(results.search),
    method: (results) => (results.search ? SEARCH_BENCH_METHOD : undefined),
  },
]

async function main(): Promise<void> {
  const benchDir = path.dirname(fileURLToPath(import.meta.url))
  const repoDir = path.resolve(benchDir, '..')
  const outDir = path.join(benchDir, 'out')
  const only = process.env.BENCH_ONLY ?? ''
  const ran = partsToRun(PARTS, only)
  const resultsFile = path.join(outDir, 'results.json')
  const previous: Results = only && existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Results) : {}
  mkdirSync(outDir, { recursive: true })
  const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium'
  const context: BenchContext = { repoDir, outDir, chromePath, log: (line) => console.log(line), dist: once(() => buildApp(repoDir, outDir)) }

  const results: Results = await runParts(PARTS, ran, context, previous)

  const env = await describeEnvironment(chromePath, results.lighthouse?.[0]?.userAgent)
  const rows = PARTS.flatMap((part) => part.rows(results))
  const ranAt = partDates(PARTS, ran, env.date, previous)
  const carried = carriedOverNote(PARTS, ran, ranAt)
  const notes = [
    ...(carried ? [carried] : []),
    ...PARTS.map((part) => part.method?.(results)).filter((method): method is string => !!method),
  ]
  console.log(`\nSlimmernetwerk bench — ${env.date}\nNode ${env.node}, nproc ${env.nproc}, ${env.cpu}, ${env.chromium}, Lighthouse ${env.lighthouse}; KB = 1024 bytes`)
  console.log(formatTable(rows))
  for (const note of notes) console.log(`\n${note}`)
  for (const part of ran) part.printProblems?.(results)
  const over = rows.filter((r) => r.status === 'over').length
  console.log(`\n${over === 0 ? 'All budgets met.' : `${over} figure(s) over budget.`} Raw figures: bench/out/results.json; table: bench/results.md`)

  writeFileSync(resultsFile, JSON.stringify({ environment: env, ranAt, ...results, rows }, null, 2) + '\n')
  writeFileSync(path.join(benchDir, 'results.md'), formatMarkdown(rows, env, results.lighthouse ?? [], results.bundle, notes))
}

/** A count of runs from the environment (`fallback` when unset); throws unless it is a whole number ≥ 1. */
function runsFromEnv(name: string, fallback: number): number {
  const runs = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${process.env[name]}"`)
  return runs
}

/** A function that runs `make` once and answers its promise ever after. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined
  return () => (made ??= make())
}

function checkChrome(chromePath: string): void {
  try {
    accessSync(chromePath, constants.X_OK)
  } catch {
    throw new Error(`Chromium not found or not executable at ${chromePath}; set CHROME_PATH`)
  }
}

/** Builds the app (unless BENCH_SKIP_BUILD=1) and answers the folder the benches serve. */
async function buildApp(repoDir: string, outDir: string): Promise<string> {
  const skipBuild = process.env.BENCH_SKIP_BUILD === '1'
  // Built into bench/out/dist so a build by someone else into dist/ cannot change the files mid-measurement.
  const distDir = path.resolve(repoDir, process.env.BENCH_DIST_DIR ?? (skipBuild ? 'dist' : path.join(outDir, 'dist')))
  if (!skipBuild) {
    console.log(`Building into ${path.relative(repoDir, distDir)} …`)
    await runCommand('npx', ['vite', 'build', '--outDir', distDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: repoDir, ms: 600_000 })
  }
  return distDir
}

async function benchWeb({ repoDir, outDir, chromePath, dist }: BenchContext): Promise<{ bundle: BundleReport; lighthouse: PageResult[] }> {
  const runs = runsFromEnv('BENCH_LIGHTHOUSE_RUNS', 3)
  checkChrome(chromePath)
  const distDir = await dist()

  console.log('Measuring the bundle …')
  const bundle = measureBundle(distDir)

  const pages: PageResult[] = []
  let server: AppServer | undefined
  try {
    server = await startAppServer({ repoDir, distDir, contentDir: path.join(repoDir, 'content') })
    console.log(`Server at ${server.url}; Lighthouse ${runs}× per page with ${chromePath} …`)
    for (const page of PAGES) {
      pages.push(
        await lighthousePage({
          name: page.name,
          url: new URL(page.path, server.url).href,
          runs,
          chromePath,
          saveDir: path.join(outDir, 'lighthouse'),
          log: (line) => console.log(line),
        }),
      )
    }
  } finally {
    await server?.stop()
  }

  return { bundle, lighthouse: pages }
}

function printLighthouseProblems(pages: readonly PageResult[]): void {
  for (const page of pages) {
    for (const audit of page.failingAudits) {
      console.log(`\n! ${page.path} ${audit.category}/${audit.id} (score ${audit.score}, ${audit.runs}/${page.runs.length} runs): ${audit.title}`)
      for (const detail of [audit.displayValue, audit.explanation, ...audit.items].filter(Boolean)) console.log(`    ${detail}`)
    }
  }
  for (const page of pages) {
    for (const warning of page.warnings) console.log(`\n? ${page.path} Lighthouse warning: ${warning}`)
    if (page.erroredAudits.length) {
      const ids = page.erroredAudits.map((line) => line.split(':')[0]).join(', ')
      console.log(`\n? ${page.path} Lighthouse could not compute ${ids} (e.g. ${page.erroredAudits[0]})`)
    }
  }
}

// Exit through process.exit on SIGTERM so the 'exit' hooks stop the server and Chrome (chrome-launcher does so on SIGINT).
process.once('SIGTERM', () => process.exit(143))

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
