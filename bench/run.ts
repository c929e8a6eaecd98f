// `npm run bench`: build, measure the bundle, run Lighthouse against the real server, print and write the figures.
// Reports only: exits 0 on a budget miss, non-zero only when something crashed.
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startAppServer, type AppServer } from './app-server'
import { measureBundle } from './bundle-size'
import { lighthousePage, type PageResult } from './lighthouse'
import { buildRows, describeEnvironment, formatMarkdown, formatTable } from './report'
import { runCommand } from './util'

const PAGES = [
  { name: 'home', path: '/' },
  { name: 'list', path: '/verhalen' },
  { name: 'reader', path: '/lezen/verhaal-brieven-die-niemand-snapt' },
]

async function main(): Promise<void> {
  const benchDir = path.dirname(fileURLToPath(import.meta.url))
  const repoDir = path.resolve(benchDir, '..')
  const outDir = path.join(benchDir, 'out')
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
  mkdirSync(outDir, { recursive: true })

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

  const env = await describeEnvironment(chromePath, pages[0]?.userAgent)
  const rows = buildRows(bundle, pages)
  console.log(`\nSlimmernetwerk bench — ${env.date}\nNode ${env.node}, nproc ${env.nproc}, ${env.cpu}, ${env.chromium}, Lighthouse ${env.lighthouse}; KB = 1024 bytes`)
  console.log(formatTable(rows))
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
  const over = rows.filter((r) => r.status === 'over').length
  console.log(`\n${over === 0 ? 'All budgets met.' : `${over} figure(s) over budget.`} Raw figures: bench/out/results.json; table: bench/results.md`)

  writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ environment: env, bundle, lighthouse: pages, rows }, null, 2) + '\n')
  writeFileSync(path.join(benchDir, 'results.md'), formatMarkdown(rows, env, pages, bundle))
}

// Exit through process.exit on SIGTERM so the 'exit' hooks stop the server and Chrome (chrome-launcher does so on SIGINT).
process.once('SIGTERM', () => process.exit(143))

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
