// `npm run bench`: build, measure the bundle, run Lighthouse against the real server, load the sync server,
// time offline convergence; print and write the figures. BENCH_ONLY=web or BENCH_ONLY=sync runs one part
// and carries the other part's figures over from the last bench/out/results.json.
// Reports only: exits 0 on a budget miss, non-zero only when something crashed.
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startAppServer, type AppServer } from './app-server'
import { type BundleReport, measureBundle } from './bundle-size'
import { type ConvergenceResult, runConvergence } from './convergence'
import { lighthousePage, type PageResult } from './lighthouse'
import { buildRows, buildSyncRows, describeEnvironment, type Environment, formatMarkdown, formatTable } from './report'
import { runSyncLoad, SYNC_LOAD_METHOD, type SyncLoadResult } from './sync-load'
import { runCommand } from './util'

const PAGES = [
  { name: 'home', path: '/' },
  { name: 'list', path: '/verhalen' },
  { name: 'reader', path: '/lezen/verhaal-brieven-die-niemand-snapt' },
]

interface Results {
  environment?: Environment
  bundle?: BundleReport
  lighthouse?: PageResult[]
  syncLoad?: SyncLoadResult[]
  convergence?: ConvergenceResult
}

async function main(): Promise<void> {
  const benchDir = path.dirname(fileURLToPath(import.meta.url))
  const repoDir = path.resolve(benchDir, '..')
  const outDir = path.join(benchDir, 'out')
  const only = process.env.BENCH_ONLY ?? ''
  if (!['', 'web', 'sync'].includes(only)) throw new Error(`BENCH_ONLY must be web or sync, got "${only}"`)
  const resultsFile = path.join(outDir, 'results.json')
  const previous: Results = only && existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Results) : {}
  mkdirSync(outDir, { recursive: true })
  const log = (line: string) => console.log(line)
  let bundle = previous.bundle
  let pages = previous.lighthouse ?? []
  if (only !== 'sync') ({ bundle, pages } = await benchWeb(repoDir, outDir))
  let syncLoad = previous.syncLoad ?? []
  let convergence = previous.convergence
  if (only !== 'web') {
    console.log('Sync server under load …')
    syncLoad = await runSyncLoad(repoDir, log)
    console.log('Offline convergence …')
    convergence = await runConvergence(repoDir, log)
  }

  const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium'
  const env = await describeEnvironment(chromePath, pages[0]?.userAgent)
  const rows = [...buildRows(bundle, pages), ...buildSyncRows(syncLoad, convergence)]
  const notes = [
    ...(only ? [`Only the ${only} part ran; the ${only === 'sync' ? 'bundle and Lighthouse' : 'sync'} figures are carried over from the run of ${previous.environment?.date ?? '(none)'}`] : []),
    ...(syncLoad.length ? [SYNC_LOAD_METHOD] : []),
  ]
  console.log(`\nSlimmernetwerk bench — ${env.date}\nNode ${env.node}, nproc ${env.nproc}, ${env.cpu}, ${env.chromium}, Lighthouse ${env.lighthouse}; KB = 1024 bytes`)
  console.log(formatTable(rows))
  for (const note of notes) console.log(`\n${note}`)
  if (only !== 'sync') printLighthouseProblems(pages)
  for (const result of syncLoad) if (result.serverOutput) console.log(`\n? ${result.database} server printed during the load:\n${result.serverOutput}`)
  const over = rows.filter((r) => r.status === 'over').length
  console.log(`\n${over === 0 ? 'All budgets met.' : `${over} figure(s) over budget.`} Raw figures: bench/out/results.json; table: bench/results.md`)

  writeFileSync(resultsFile, JSON.stringify({ environment: env, bundle, lighthouse: pages, syncLoad, convergence, rows }, null, 2) + '\n')
  writeFileSync(path.join(benchDir, 'results.md'), formatMarkdown(rows, env, pages, bundle, notes))
}

async function benchWeb(repoDir: string, outDir: string): Promise<{ bundle: BundleReport; pages: PageResult[] }> {
  const skipBuild = process.env.BENCH_SKIP_BUILD === '1'
  // Built into bench/out/dist so a build by someone else into dist/ cannot change the files mid-measurement.
  const distDir = path.resolve(repoDir, process.env.BENCH_DIST_DIR ?? (skipBuild ? 'dist' : path.join(outDir, 'dist')))
  const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium'
  const runs = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3)
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`BENCH_LIGHTHOUSE_RUNS must be a whole number ≥ 1, got "${process.env.BENCH_LIGHTHOUSE_RUNS}"`)
  try {
    accessSync(chromePath, constants.X_OK)
  } catch {
    throw new Error(`Chromium not found or not executable at ${chromePath}; set CHROME_PATH`)
  }

  if (!skipBuild) {
    console.log(`Building into ${path.relative(repoDir, distDir)} …`)
    await runCommand('npx', ['vite', 'build', '--outDir', distDir, '--emptyOutDir', '--logLevel', 'warn'], { cwd: repoDir, ms: 600_000 })
  }

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

  return { bundle, pages }
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
