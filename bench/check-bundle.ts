// The bundle budgets of DESIGN.md §7, enforced in `npm test`: sizes are deterministic, unlike timings.
import path from 'node:path'
import { largestLocaleJs, measureBundle } from './bundle-size'

export const BUNDLE_BUDGETS_KIB = { firstRenderJs: 80, allJs: 150 } as const

const distDir = path.resolve(process.argv[2] ?? 'dist')
const report = measureBundle(distDir)
const largest = largestLocaleJs(report)
const rows = [
  { name: 'JS to first render of /', gzip: report.firstRenderJs.gzip, budget: BUNDLE_BUDGETS_KIB.firstRenderJs },
  { name: `all JS, one language (${largest.locale})`, gzip: largest.gzip, budget: BUNDLE_BUDGETS_KIB.allJs },
]
let isOver = false
for (const row of rows) {
  const kib = row.gzip / 1024
  const verdict = kib <= row.budget ? 'ok' : 'OVER BUDGET'
  if (kib > row.budget) isOver = true
  console.log(`${row.name.padEnd(30)} ${kib.toFixed(1).padStart(6)} KiB gzip  (budget ${row.budget} KiB)  ${verdict}`)
}
console.log(`${'all JS, both languages'.padEnd(30)} ${(report.allJs.gzip / 1024).toFixed(1).padStart(6)} KiB gzip  (no budget: one person's app loads one; both are precached)`)
if (report.firstRenderJs.notPreloaded.length > 0) console.log(`not preloaded: ${report.firstRenderJs.notPreloaded.join(', ')}`)
process.exit(isOver ? 1 : 0)
