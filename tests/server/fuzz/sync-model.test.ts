// The model-based sync fuzz in `npm test`: a bounded number of seeded runs per database (the model and its
// commands are in this folder; the long run is bench/sync-fuzz.ts). Syncs run to their end, or stop at a
// held push or pull while the user goes on working on that device, also typing in its note editor. Reproduce a failure with what it prints:
//   SYNC_FUZZ_SEED=<seed> SYNC_FUZZ_PATH=<path> npx vitest run tests/server/fuzz/sync-model.test.ts -t '<database>'
// SYNC_FUZZ_RUNS=<n> runs more (or fewer) scenarios; SYNC_FUZZ_SEED alone draws other scenarios.
import { describe, expect, it } from 'vitest'
import { TEST_DATABASES } from '../helpers/test-databases'
import { checkSyncModel, type SyncModelFailure } from './fuzz-run'

/** Fixed, so that CI runs the same scenarios every time. */
const DEFAULT_SEED = 20_260_302
const DEFAULT_RUNS = 12

const seed = Number(process.env.SYNC_FUZZ_SEED ?? DEFAULT_SEED)
const runs = Number(process.env.SYNC_FUZZ_RUNS ?? DEFAULT_RUNS)
const path = process.env.SYNC_FUZZ_PATH

function reproduction(database: string, failure: SyncModelFailure): string {
  return [
    `Sync fuzz failed on ${database} (seed ${failure.seed}, path ${failure.path}).`,
    `Reproduce: SYNC_FUZZ_SEED=${failure.seed} SYNC_FUZZ_PATH=${failure.path} npx vitest run tests/server/fuzz/sync-model.test.ts -t '${database}'`,
    `Scenario: ${JSON.stringify({ ...failure.scenario, commands: undefined })}`,
    'Commands (shrunk):',
    failure.commands,
    'Violations:',
    failure.error,
  ].join('\n')
}

describe.each(TEST_DATABASES)('model-based sync fuzz on $name', (testDatabase) => {
  it(
    '[C2][C4][P2][L1][L3][N2][N3][N5][N8][N9][B1][R1] three devices, faults, restarts and edits during a push or pull: every outbox empties, all agree with the server, nothing typed is lost nor folded into a sent entry, nothing applied twice',
    async () => {
      const database = await testDatabase.create()
      // A long run (SYNC_FUZZ_RUNS) says what it covered: commands, and user actions during a held sync.
      const report = await checkSyncModel({ database, runs, seed, path, log: process.env.SYNC_FUZZ_RUNS ? (line) => console.log(`${testDatabase.name}: ${line}`) : undefined })
      if (report.failure) expect.fail(reproduction(testDatabase.name, report.failure))
      expect(report.runs).toBe(path ? 1 : runs)
    },
    // Generous: a failure shrinks, and each try is a whole run.
    600_000,
  )
})
