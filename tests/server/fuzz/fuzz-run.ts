// Runs the model-based sync fuzz: fast-check draws scenarios (fuzz-commands.ts), each runs its commands
// on three devices against the real server (a device's sync may wait at a held request while the next
// commands run), brings them to quiescence and checks the invariants (fuzz-invariants.ts). Seeded and reproducible: a failure reports fast-check's seed and path, which
// replay the shrunk scenario exactly. No vitest here: the test and the bench's long run both call
// checkSyncModel. fake-indexeddb first: Dexie takes indexedDB from the global when it loads.
import 'fake-indexeddb/auto'
import fc from 'fast-check'
import { readMeta } from '../../../src/client/db/sync-meta'
import { advanceSync, closeEditor, runCommand, settle, type FuzzRun } from './fuzz-actions'
import { CLIENT_COUNT, describeCommands, type FuzzScenario, scenarioArbitrary } from './fuzz-commands'
import { createFuzzDevice, disposeFuzzDevice, FuzzClock, type FuzzDevice } from './fuzz-device'
import { checkAcknowledged, checkDeviceEqualsServer, checkModel, toServerView } from './fuzz-invariants'
import { FuzzModel } from './fuzz-model'
import { type FuzzDatabaseHandle, FuzzServer } from './fuzz-server'
import { WireLog } from './fuzz-wire-log'

/** Sync rounds over all devices before quiescence counts as not reached: two suffice when all is well. */
const MAX_QUIESCENCE_ROUNDS = 6

export interface SyncModelOptions {
  database: FuzzDatabaseHandle
  runs: number
  seed: number
  /** fast-check's path of a failure: with its seed, replays exactly that (shrunk) scenario. */
  path?: string
  /** Commands per scenario at most. */
  maxCommands?: number
  /** Stops drawing (and shrinking) after this long; what ran is reported. */
  timeLimitMs?: number
  log?: (line: string) => void
}

export interface SyncModelFailure {
  seed: number
  path: string
  scenario: FuzzScenario | undefined
  /** The shrunk scenario's commands, one a line. */
  commands: string
  error: string
}

export interface SyncModelReport {
  runs: number
  seed: number
  failure: SyncModelFailure | undefined
  /** Commands run, shrinking included. */
  commands: number
  /** User actions made while the device's own push or pull was held, by hold ('push beforeServer'…). */
  interleaved: Record<string, number>
  restarts: number
  durationMs: number
}

export const DEFAULT_MAX_COMMANDS = 40

export async function checkSyncModel(options: SyncModelOptions): Promise<SyncModelReport> {
  const started = performance.now()
  const server = new FuzzServer(options.database)
  await server.start()
  let commands = 0
  const interleaved = new Map<string, number>()
  try {
    const property = fc.asyncProperty(scenarioArbitrary(options.maxCommands ?? DEFAULT_MAX_COMMANDS), async (scenario) => {
      commands += scenario.commands.length
      await runScenario(server, scenario, interleaved)
    })
    const details = await fc.check(property, {
      seed: options.seed,
      numRuns: options.runs,
      ...(options.path ? { path: options.path } : {}),
      ...(options.timeLimitMs ? { interruptAfterTimeLimit: options.timeLimitMs } : {}),
      // A sync bug shrinks slowly (each try is a whole run): report the first failure found, shrunk.
      endOnFailure: false,
    })
    const failure: SyncModelFailure | undefined = details.failed
      ? {
          seed: details.seed,
          path: details.counterexamplePath ?? '',
          scenario: details.counterexample?.[0],
          commands: details.counterexample ? describeCommands(details.counterexample[0].commands) : '',
          error: details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance),
        }
      : undefined
    const report = { runs: details.numRuns, seed: details.seed, failure, commands, interleaved: Object.fromEntries([...interleaved].sort()), restarts: server.restarts, durationMs: performance.now() - started }
    const during = [...interleaved].sort().map(([hold, count]) => `${count} at ${hold}`)
    options.log?.(`sync fuzz: ${report.runs} runs, ${commands} commands (user actions during a held sync: ${during.join(', ') || 'none'}), ${server.restarts} restarts in ${Math.round(report.durationMs)} ms${failure ? ', FAILED' : ''}`)
    return report
  } finally {
    await server.close()
  }
}

/** One scenario, from fresh users and devices to the checked invariants; throws with every violation. */
export async function runScenario(server: FuzzServer, scenario: FuzzScenario, interleaved = new Map<string, number>()): Promise<void> {
  const sessions = [await server.register()]
  if (scenario.isThirdDeviceOtherUser) sessions.push(await server.register())
  const model = new FuzzModel()
  const wire = new WireLog()
  const clock = new FuzzClock()
  const devices: FuzzDevice[] = []
  const run: FuzzRun = { server, model, wire, devices, interleaved }
  try {
    for (let index = 0; index < CLIENT_COUNT; index++) {
      const user = index === 2 && scenario.isThirdDeviceOtherUser ? 1 : 0
      devices.push(await createFuzzDevice({ index, user, sessionCookie: sessions[user]!, server, wire, clock, skewS: scenario.clockSkewS[index]! }))
    }
    for (const [step, command] of scenario.commands.entries()) {
      clock.tick++
      wire.step = step
      await runCommand(run, command)
    }
    wire.step = scenario.commands.length
    const problems = [...wire.violations, ...(await quiesce(run, sessions))]
    if (problems.length === 0) {
      for (const device of devices) problems.push(...(await checkAcknowledged(run, device)))
      for (const [user, session] of sessions.entries()) {
        const view = toServerView(user, await server.stateOf(session))
        problems.push(...checkModel(run, view))
        for (const device of devices.filter((candidate) => candidate.user === user)) problems.push(...(await checkDeviceEqualsServer(device, view)))
      }
      problems.push(...wire.violations)
    }
    if (problems.length > 0) throw new Error([...new Set(problems)].join('\n'))
  } finally {
    for (const device of devices) await disposeFuzzDevice(device)
  }
}

/**
 * Every editor saved and closed; all online, no faults, no holds: a sync still under way ends; then every device syncs, round after
 * round, until none has anything pending and each has pulled its user's latest change version. Answers
 * why not, if that is not reached.
 */
async function quiesce(run: FuzzRun, sessions: string[]): Promise<string[]> {
  for (const device of run.devices) await closeEditor(run, device)
  for (const device of run.devices) device.link.heal()
  for (const device of run.devices) await advanceSync(run, device, () => settle(run, device))
  for (let round = 0; round < MAX_QUIESCENCE_ROUNDS; round++) {
    const pending: number[] = []
    for (const device of run.devices) {
      let status: Awaited<ReturnType<typeof device.engine.syncNow>> | undefined
      await advanceSync(run, device, async () => {
        status = await device.engine.syncNow()
      })
      if (status?.state !== 'synced') return [`quiescence: device ${device.index} synced to ${JSON.stringify(status)} on a healthy network`]
      pending.push(status.pending)
    }
    // Quiet once a whole round changed nothing any device has not pulled since.
    let isQuiet = pending.every((count) => count === 0)
    for (const device of run.devices) {
      if ((await readMeta(device.db, 'cookie')) !== String(await run.server.versionOf(sessions[device.user]!))) isQuiet = false
    }
    if (isQuiet) return []
  }
  return [`quiescence: not reached after ${MAX_QUIESCENCE_ROUNDS} rounds of syncing every device`]
}
