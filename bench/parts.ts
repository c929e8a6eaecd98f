// The parts of `npm run bench` (run.ts) and how BENCH_ONLY picks them: a part that does not run keeps the
// figures it wrote last time (bench/out/results.json), so one part can be measured again on its own.
import type { Row } from './report'

export interface BenchPart<Results extends object, Context> {
  /** What BENCH_ONLY names it by. */
  name: string
  /** What it measures, for the "carried over" note. */
  title: string
  /** The keys of the results it writes, and only it. */
  keys: readonly (keyof Results)[]
  run: (context: Context) => Promise<Partial<Results>>
  rows: (results: Results) => Row[]
  /** How the figures were made, when the results hold some. */
  method?: (results: Results) => string | undefined
  /** Problems to print below the table (only for a part that ran). */
  printProblems?: (results: Results) => void
}

/** All parts for '' (the whole bench), else the one named; throws for an unknown name. */
export function partsToRun<Part extends { name: string }>(parts: readonly Part[], only: string): Part[] {
  if (!only) return [...parts]
  const part = parts.find((candidate) => candidate.name === only)
  if (!part) throw new Error(`BENCH_ONLY must be one of ${parts.map((candidate) => candidate.name).join(', ')}, got "${only}"`)
  return [part]
}

/** Runs the parts in `ran` in order; the keys of every other part are taken from `previous`. */
export async function runParts<Results extends object, Context>(
  parts: readonly BenchPart<Results, Context>[],
  ran: readonly BenchPart<Results, Context>[],
  context: Context,
  previous: Partial<Results>,
): Promise<Partial<Results>> {
  const results: Partial<Results> = {}
  for (const part of parts) {
    const figures = ran.includes(part) ? await part.run(context) : previous
    for (const key of part.keys) if (figures[key] !== undefined) results[key] = figures[key]
  }
  return results
}

/** When each part's figures were made: now for the parts that ran, else what `previous` says. */
export function partDates(parts: readonly { name: string }[], ran: readonly { name: string }[], now: string, previous: { ranAt?: Record<string, string>; environment?: { date: string } }): Record<string, string> {
  const dates: Record<string, string> = {}
  for (const part of parts) {
    // Results written before ranAt existed have one date for the whole run.
    const date = ran.some((r) => r.name === part.name) ? now : (previous.ranAt?.[part.name] ?? previous.environment?.date)
    if (date) dates[part.name] = date
  }
  return dates
}

/** The note under the table when only some parts ran: which figures are older, and from when. */
export function carriedOverNote(parts: readonly { name: string; title: string }[], ran: readonly { name: string }[], dates: Record<string, string>): string | undefined {
  const carried = parts.filter((part) => !ran.some((r) => r.name === part.name))
  if (carried.length === 0) return undefined
  const from = carried.map((part) => `${part.title} from ${dates[part.name] ?? '(no earlier run)'}`)
  return `Only the ${ran.map((part) => part.name).join(', ')} part ran; carried over from earlier runs: ${from.join('; ')}`
}
