// The sync server under load (design §7): push and pull at a fixed request rate against the real server
// process, on SQLite and on PostgreSQL, with autocannon from this process.
//
// Each autocannon connection is one device that sends one request a second (push: 10 mutations with ids
// strictly increasing per device; one request in flight per device, so ids never arrive out of order).
// autocannon's rate limit sends a connection's requests for a second back to back at the start of that
// second, so the connections are started in SLOTS groups spread over the second: otherwise every request
// of a second would reach the server at once. Latency is autocannon's (request written → response read),
// exact per 2xx response; coordinated-omission correction is off because autocannon corrects against 1 ms
// for a 1 req/s connection, and a device only sends its next request after the answer anyway.
//
// The server limits pushes to 120 per user and minute (AppOptions.pushesPerMinute): 50 users with 6 devices
// each push 72 times per user in the 12 s of a run. Users sign up through the real register route (sync-setup.ts).
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import type { MutationArgs } from '../src/shared/sync/mutations'
import type { Mutation, PullResponse, PushResponse } from '../src/shared/sync/protocol'
import { SCHEMA_VERSION } from '../src/shared/sync/protocol'
import { DEFAULT_POSTGRES_URL, postgresDatabase, postJson, registerUsers, sqliteDatabase, startSyncServer, type SyncDatabase, type SyncServer } from './sync-setup'
import { withTimeout } from './util'

export const SYNC_LOAD = { users: 50, warmupS: 2, durationS: 10, pushRate: 300, pullRate: 1000, mutationsPerPush: 10, slugs: 20, fullPullEvery: 10 } as const
/** autocannon instances per phase, started 1000/SLOTS ms apart. */
const SLOTS = 50
/** The server's default per-user push limit a minute: a 429 would be a fault of the bench. */
const PUSHES_PER_USER_MINUTE = 120
const PUSH_PATH = '/api/v1/sync/push'
const PULL_PATH = '/api/v1/sync/pull'
/** How the figures were made, for the report. */
export const SYNC_LOAD_METHOD =
  `Sync load: the real server (src/server/server.ts) in its own process, autocannon in the bench process; each connection is one device at 1 request/s, ` +
  `connections started in ${SLOTS} groups across the second; ${SYNC_LOAD.warmupS} s warm-up, then ${SYNC_LOAD.durationS} requests per device; ` +
  `push = ${SYNC_LOAD.mutationsPerPush} bookmark.set/progress.set mutations; pull = the device's recent cookie, every ${SYNC_LOAD.fullPullEvery}th from scratch; ` +
  `latency = request written → answer read (2xx); failed = non-2xx + connection errors + pushes not applied; a rate counts as met at ≥ 99 % of its target; below it, the requests could not go out at that pace (answers later than 1 s, or a starved machine)`

export interface LoadFigures {
  targetRate: number
  seconds: number
  /** 2xx answers a second, over the time from the first request sent to the last (plus one interval). */
  rate: number
  p50: number
  p99: number
  max: number
  answers: number
  statusCodes: Record<string, number>
  non2xx: number
  /** Connection errors, timeouts included. */
  errors: number
  timeouts: number
  /** Pushes answered 2xx whose lastMutationId stopped short of the batch. */
  notApplied: number
  /** CPU cores in use during the phase: the server process, this process (autocannon), the whole machine (others too). */
  cores: { server: number; bench: number; machine: number }
  /** Share of the phase in which some task waited for a CPU, or for I/O (Linux PSI, /proc/pressure): how contended the machine was. */
  cpuPressure: number
  ioPressure: number
}

export interface SyncLoadResult {
  database: SyncDatabase['name']
  /** Why this database was not benched. */
  skipped?: string
  /** The bench of this database crashed (the other database still runs). */
  error?: string
  users?: number
  push?: LoadFigures
  pull?: LoadFigures
  /** The server's output when it printed more than its start lines (warnings, errors). */
  serverOutput?: string
}

interface Device {
  clientId: string
  cookie: string
  nextId: number
  cursor: string | null
}

interface Stream {
  cookie: string
  body: () => string
  onAnswer?: (status: number, text: string) => void
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** CPU seconds so far (Linux /proc; NaN elsewhere): a process's user + system time, and the machine's busy time. */
function cpuSeconds(pid: number): { server: number; bench: number; machine: number; stalled: number; ioStalled: number; at: number } {
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8')
    } catch {
      return ''
    }
  }
  const stat = read(`/proc/${pid}/stat`).split(') ')[1]?.split(' ') ?? []
  const machine = read('/proc/stat').split('\n')[0]!.split(/\s+/).slice(1).map(Number)
  const { user, system } = process.cpuUsage()
  return {
    server: (Number(stat[11]) + Number(stat[12])) / 100,
    bench: (user + system) / 1e6,
    machine: (machine.slice(0, 8).reduce((a, b) => a + b, 0) - (machine[3] ?? 0) - (machine[4] ?? 0)) / 100,
    stalled: Number(/^some .*total=(\d+)/m.exec(read('/proc/pressure/cpu'))?.[1]) / 1e6,
    ioStalled: Number(/^some .*total=(\d+)/m.exec(read('/proc/pressure/io'))?.[1]) / 1e6,
    at: performance.now(),
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN
}

/** `rate` connections at 1 request a second each, for `seconds`; stream(n) makes connection n's requests. */
async function fixedRate(server: SyncServer, path: string, rate: number, seconds: number, stream: (connection: number) => Stream): Promise<LoadFigures> {
  const { origin } = server
  if (rate % SLOTS !== 0) throw new Error(`rate ${rate} must be a multiple of ${SLOTS}`)
  const latencies: number[] = []
  const instances: autocannon.Instance[] = []
  const results: Promise<autocannon.Result>[] = []
  let connection = 0
  const cpuBefore = cpuSeconds(server.pid)
  let firstSentAt = Number.NaN
  let lastSentAt = Number.NaN
  const setupClient = (client: autocannon.Client) => {
    const { cookie, body, onAnswer } = stream(connection++)
    const headers = { 'content-type': 'application/json', origin, cookie, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) slimmernetwerk-bench' }
    const setupRequest = (request: autocannon.Request) => {
      lastSentAt = performance.now()
      if (Number.isNaN(firstSentAt)) firstSentAt = lastSentAt
      return { ...request, body: body() }
    }
    client.setRequests([{ method: 'POST', path, headers, setupRequest, onResponse: (status, text) => onAnswer?.(status, text) }])
  }
  try {
    const startAt = performance.now()
    for (let slot = 0; slot < SLOTS; slot++) {
      // By the clock, not by adding up sleeps: late slots would otherwise pile up on the next second's first ones.
      await sleep(startAt + (slot * 1000) / SLOTS - performance.now())
      results.push(
        new Promise((resolve, reject) => {
          const connections = rate / SLOTS
          const options = { url: origin, connections, connectionRate: 1, amount: connections * seconds, timeout: 10, ignoreCoordinatedOmission: true, setupClient }
          const instance = autocannon(options, (error: unknown, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)))
          instance.on('response', (_client, status, _bytes, ms) => void (status < 300 && latencies.push(ms)))
          instances.push(instance)
        }),
      )
    }
    const done = await withTimeout(Promise.all(results), (seconds + 30) * 1000, `autocannon ${path}`)
    const cpu = cpuSeconds(server.pid)
    const cores = (key: 'server' | 'bench' | 'machine' | 'stalled' | 'ioStalled') => (cpu[key] - cpuBefore[key]) / ((cpu.at - cpuBefore.at) / 1000)
    const statusCodes: Record<string, number> = {}
    for (const result of done) {
      for (const [code, { count = 0 }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (statusCodes[code] ?? 0) + count
    }
    const sum = (key: 'non2xx' | 'errors' | 'timeouts' | '2xx') => done.reduce((total, result) => total + result[key], 0)
    latencies.sort((a, b) => a - b)
    return {
      targetRate: rate,
      seconds,
      // Over the time the requests went out: the generator's own lag counts against the rate too.
      rate: sum('2xx') / ((lastSentAt - firstSentAt) / 1000 + 1 / rate),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? Number.NaN,
      answers: Object.values(statusCodes).reduce((a, b) => a + b, 0),
      statusCodes,
      non2xx: sum('non2xx'),
      errors: sum('errors'),
      timeouts: sum('timeouts'),
      notApplied: 0,
      cores: { server: cores('server'), bench: cores('bench'), machine: cores('machine') },
      cpuPressure: cores('stalled'),
      ioPressure: cores('ioStalled'),
    }
  } finally {
    for (const instance of instances) instance.stop()
  }
}

function pushMutations(device: Device): Mutation[] {
  const at = Date.now()
  return Array.from({ length: SYNC_LOAD.mutationsPerPush }, (_, i) => {
    const id = device.nextId++
    const slug = `bench-item-${id % SYNC_LOAD.slugs}`
    return i % 2 === 0
      ? { id, name: 'bookmark.set', args: { slug, bookmarked: id % 3 !== 0 } satisfies MutationArgs['bookmark.set'], at }
      : { id, name: 'progress.set', args: { slug, position: (id % 100) / 100 } satisfies MutationArgs['progress.set'], at }
  })
}

/** Push phase: one new device per connection, spread over the users (SYNC_LOAD.users × 6 devices at 300 req/s). */
async function pushLoad(server: SyncServer, cookies: readonly string[], seconds: number, devices: Device[]): Promise<LoadFigures> {
  let notApplied = 0
  const figures = await fixedRate(server, PUSH_PATH, SYNC_LOAD.pushRate, seconds, (n) => {
    const device: Device = { clientId: randomUUID(), cookie: cookies[n % cookies.length]!, nextId: 1, cursor: null }
    devices.push(device)
    let lastSent = 0
    return {
      cookie: device.cookie,
      body: () => {
        const mutations = pushMutations(device)
        lastSent = mutations[mutations.length - 1]!.id
        return JSON.stringify({ clientId: device.clientId, schemaVersion: SCHEMA_VERSION, mutations })
      },
      onAnswer: (status, text) => {
        if (status < 300 && (JSON.parse(text) as PushResponse).lastMutationId !== lastSent) notApplied++
      },
    }
  })
  return { ...figures, notApplied }
}

/** Pull phase: each connection pulls as one of the pushing devices, with its recent cookie, and every 10th time from scratch (cookie null). */
async function pullLoad(server: SyncServer, devices: readonly Device[], seconds: number): Promise<LoadFigures> {
  return fixedRate(server, PULL_PATH, SYNC_LOAD.pullRate, seconds, (n) => {
    const device = devices[n % devices.length]!
    let count = n
    return {
      cookie: device.cookie,
      body: () => JSON.stringify({ clientId: device.clientId, schemaVersion: SCHEMA_VERSION, cookie: count++ % SYNC_LOAD.fullPullEvery === 0 ? null : device.cursor }),
    }
  })
}

async function benchDatabase(repoDir: string, database: SyncDatabase, log: (line: string) => void): Promise<SyncLoadResult> {
  if ((SYNC_LOAD.pushRate * (SYNC_LOAD.warmupS + SYNC_LOAD.durationS)) / SYNC_LOAD.users > PUSHES_PER_USER_MINUTE) throw new Error('too few users for the push rate: 429s')
  const server = await startSyncServer(repoDir, database.url)
  try {
    await database.verify()
    const startOutput = server.output()
    log(`  ${database.name}: server at ${server.origin}; signing up ${SYNC_LOAD.users} users …`)
    const cookies = await registerUsers(server.origin, SYNC_LOAD.users)
    log(`  ${database.name}: push ${SYNC_LOAD.pushRate} req/s, ${SYNC_LOAD.warmupS} s warm-up + ${SYNC_LOAD.durationS} s …`)
    await pushLoad(server, cookies, SYNC_LOAD.warmupS, [])
    const devices: Device[] = []
    const push = await pushLoad(server, cookies, SYNC_LOAD.durationS, devices)
    // Each device's current cookie, as it would have it after its last sync.
    for (const device of devices) {
      const answer = await postJson(server.origin, PULL_PATH, { clientId: device.clientId, schemaVersion: SCHEMA_VERSION, cookie: null }, { cookie: device.cookie })
      if (answer.status !== 200) throw new Error(`pull for the cursor: ${answer.status} ${answer.text}`)
      device.cursor = (JSON.parse(answer.text) as PullResponse).cookie
    }
    log(`  ${database.name}: pull ${SYNC_LOAD.pullRate} req/s, ${SYNC_LOAD.warmupS} s warm-up + ${SYNC_LOAD.durationS} s …`)
    await pullLoad(server, devices, SYNC_LOAD.warmupS)
    const pull = await pullLoad(server, devices, SYNC_LOAD.durationS)
    const extra = server.output().slice(startOutput.length).trim()
    return { database: database.name, users: cookies.length, push, pull, ...(extra ? { serverOutput: extra.slice(0, 4000) } : {}) }
  } finally {
    await server.stop()
  }
}

/** Both databases in turn, each on its own fresh server process; PostgreSQL is skipped with a note when unreachable. */
export async function runSyncLoad(repoDir: string, log: (line: string) => void): Promise<SyncLoadResult[]> {
  const results: SyncLoadResult[] = []
  const databases = [async () => sqliteDatabase(), () => postgresDatabase(process.env.BENCH_POSTGRES_URL ?? DEFAULT_POSTGRES_URL)]
  for (const open of databases) {
    const database = await open()
    if (typeof database === 'string') {
      log(`  PostgreSQL skipped: ${database}`)
      results.push({ database: 'PostgreSQL', skipped: database })
      continue
    }
    try {
      results.push(await benchDatabase(repoDir, database, log))
    } catch (error) {
      log(`  ${database.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      results.push({ database: database.name, error: error instanceof Error ? error.message : String(error) })
    } finally {
      await database.drop()
    }
  }
  return results
}
