// Convergence (design §7): 100 mutations queued offline are on the server ≤ 5 s after the network returns.
// The real SyncEngine over a `userdata` database in fake-indexeddb runs in this process, as a device; the
// real server runs in its own process (SQLite), as it would on another machine. The device's fetch keeps
// the session cookie and throws a TypeError while "offline", as a browser's fetch does without network.
import { registerUsers, sqliteDatabase, startSyncServer } from './sync-setup'
import { median } from './util'

export const CONVERGENCE = { runs: 5, mutations: 100 } as const

export interface ConvergenceRun {
  /** Network back → the push answer that acknowledges the last mutation: from then on the server has them all. */
  ackMs: number
  /** Network back → syncNow() done (push, then the pull applied on the device). */
  syncMs: number
  /** Rows another device of the user pulls afterwards (bookmarks + notes + positions). */
  rowsOnServer: number
  pushes: number
}

export interface ConvergenceResult {
  database: 'SQLite'
  runs: ConvergenceRun[]
  medianAckMs: number
  maxAckMs: number
  medianSyncMs: number
  maxSyncMs: number
}

/** One unmeasured warm-up run, then CONVERGENCE.runs measured ones, each with a fresh user and device. */
export async function runConvergence(repoDir: string, log: (line: string) => void): Promise<ConvergenceResult> {
  const database = sqliteDatabase()
  try {
    const server = await startSyncServer(repoDir, database.url)
    try {
      log(`  convergence: server at ${server.origin}; 1 warm-up + ${CONVERGENCE.runs} runs of ${CONVERGENCE.mutations} offline mutations …`)
      const cookies = await registerUsers(server.origin, CONVERGENCE.runs + 1)
      const { convergeOnce } = await import('./convergence-device')
      const runs: ConvergenceRun[] = []
      for (const [i, cookie] of cookies.entries()) {
        const run = await convergeOnce(server.origin, cookie, CONVERGENCE.mutations)
        if (i > 0) runs.push(run)
      }
      const ack = runs.map((run) => run.ackMs)
      const sync = runs.map((run) => run.syncMs)
      return { database: 'SQLite', runs, medianAckMs: median(ack), maxAckMs: Math.max(...ack), medianSyncMs: median(sync), maxSyncMs: Math.max(...sync) }
    } finally {
      await server.stop()
    }
  } finally {
    await database.drop()
  }
}
