// The long run of the model-based sync fuzz (issue 6): the same model, commands and invariants as
// tests/server/fuzz/sync-model.test.ts — three devices (the real SyncEngine over fake-indexeddb) against
// the real app on SQLite or PostgreSQL, with lost replies, duplicated requests, offline spells, clock skew,
// server restarts, and edits made while a push or pull is held — for as many scenarios as asked. No vitest: it runs in the bench's own process.
// The runs go in batches of BATCH_RUNS with seeds seed, seed+1, …, so that one failure (shrunk before it
// is reported) does not end the long run.
//
//   import { runSyncFuzz } from './sync-fuzz'
//   const result = await runSyncFuzz({ runs: 500, seed: 1, database: 'postgres', log: console.log })
//   // → { database, runs, batches: [{ seed, runs, failed }], failures: [{ seed, path, counterexample, commands, error }],
//   //     commands, interleaved, restarts, durationMs }; failures is empty when every run held
//
// Replay a failure in the test with what it names:
//   SYNC_FUZZ_SEED=<seed> SYNC_FUZZ_PATH=<path> npx vitest run tests/server/fuzz/sync-model.test.ts -t '<SQLite|PostgreSQL>'
// On its own: `node --import tsx bench/sync-fuzz.ts` with SYNC_FUZZ_RUNS (200), SYNC_FUZZ_SEED (1),
// SYNC_FUZZ_DATABASE (sqlite | postgres | both), SYNC_FUZZ_MAX_COMMANDS (that of the test); exits 1 when
// a run failed.
// PostgreSQL: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test) on a loopback address; the
// run gets a database of its own, dropped afterwards (sync-setup.ts). `timeLimitMs` stops drawing new runs.
// The fuzz modules load on demand: they install fake-indexeddb as the global IndexedDB, which the rest of
// the bench process (Lighthouse, Playwright) must not see.
import { pathToFileURL } from 'node:url'
import { openDatabase, type ServerDb } from '../src/server/db/database'
import type { FuzzScenario } from '../tests/server/fuzz/fuzz-commands'
import type { FuzzDatabaseHandle } from '../tests/server/fuzz/fuzz-server'
import { DEFAULT_POSTGRES_URL, postgresDatabase, sqliteDatabase, type SyncDatabase } from './sync-setup'

/** Scenarios per fast-check run: a failure costs one batch (and its shrinking), not the whole run. */
const BATCH_RUNS = 50

export interface SyncFuzzOptions {
  runs: number
  seed: number
  database: 'sqlite' | 'postgres'
  log?: (line: string) => void
  /** Commands per scenario at most (default that of the test). */
  maxCommands?: number
  timeLimitMs?: number
}

export interface SyncFuzzFailure {
  seed: number
  /** fast-check's path: with the seed, replays the shrunk scenario. */
  path: string
  counterexample: FuzzScenario | undefined
  /** The shrunk commands, one a line. */
  commands: string
  /** Every invariant that failed. */
  error: string
}

export interface SyncFuzzResult {
  database: 'sqlite' | 'postgres'
  runs: number
  batches: { seed: number; runs: number; failed: boolean }[]
  failures: SyncFuzzFailure[]
  /** Commands run, shrinking included. */
  commands: number
  /** User actions made while that device's own push or pull was held, by hold ('pull afterServer'…). */
  interleaved: Record<string, number>
  restarts: number
  durationMs: number
}

export async function runSyncFuzz(options: SyncFuzzOptions): Promise<SyncFuzzResult> {
  const { checkSyncModel } = await import('../tests/server/fuzz/fuzz-run')
  const database = options.database === 'sqlite' ? sqliteDatabase() : await postgresDatabase(process.env.BENCH_POSTGRES_URL ?? DEFAULT_POSTGRES_URL)
  if (typeof database === 'string') throw new Error(database)
  const started = performance.now()
  const result: SyncFuzzResult = { database: options.database, runs: 0, batches: [], failures: [], commands: 0, interleaved: {}, restarts: 0, durationMs: 0 }
  const handle = await openHandle(database)
  try {
    for (let batch = 0; result.runs < options.runs; batch++) {
      const elapsedMs = performance.now() - started
      if (options.timeLimitMs !== undefined && elapsedMs >= options.timeLimitMs) break
      const seed = options.seed + batch
      const report = await checkSyncModel({
        database: handle,
        runs: Math.min(BATCH_RUNS, options.runs - result.runs),
        seed,
        maxCommands: options.maxCommands,
        ...(options.timeLimitMs === undefined ? {} : { timeLimitMs: options.timeLimitMs - elapsedMs }),
      })
      result.runs += report.runs
      result.commands += report.commands
      for (const [hold, count] of Object.entries(report.interleaved)) result.interleaved[hold] = (result.interleaved[hold] ?? 0) + count
      result.restarts += report.restarts
      result.batches.push({ seed, runs: report.runs, failed: report.failure !== undefined })
      if (report.failure) {
        const { path, scenario, commands, error } = report.failure
        result.failures.push({ seed, path, counterexample: scenario, commands, error })
        options.log?.(`  sync fuzz on ${options.database} FAILED: seed ${seed}, path ${path}\n${commands}\n${error}`)
      }
      options.log?.(`  sync fuzz on ${options.database}: ${result.runs}/${options.runs} runs, ${result.failures.length} failures, ${Math.round((performance.now() - started) / 1000)} s`)
    }
  } finally {
    await handle.serverDb.close()
    await database.drop()
  }
  result.durationMs = performance.now() - started
  return result
}

/** The fuzz's handle on a bench database: reopen() closes the connection and opens it again, as a restarted server. */
async function openHandle(database: SyncDatabase): Promise<FuzzDatabaseHandle> {
  const handle: { serverDb: ServerDb; reopen: () => Promise<ServerDb> } = {
    serverDb: await openDatabase(database.url),
    reopen: async () => {
      await handle.serverDb.close()
      handle.serverDb = await openDatabase(database.url)
      return handle.serverDb
    },
  }
  return handle
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(process.env.SYNC_FUZZ_RUNS ?? 200)
  const seed = Number(process.env.SYNC_FUZZ_SEED ?? 1)
  const which = process.env.SYNC_FUZZ_DATABASE ?? 'both'
  const maxCommands = process.env.SYNC_FUZZ_MAX_COMMANDS ? Number(process.env.SYNC_FUZZ_MAX_COMMANDS) : undefined
  let failures = 0
  for (const database of (['sqlite', 'postgres'] as const).filter((name) => which === 'both' || which === name)) {
    const result = await runSyncFuzz({ runs, seed, database, maxCommands, log: (line) => console.log(line) })
    failures += result.failures.length
    console.log(JSON.stringify({ ...result, failures: result.failures.map(({ seed: failedSeed, path }) => ({ seed: failedSeed, path })) }))
  }
  process.exit(failures > 0 ? 1 : 0)
}
