// The engine's own behaviour (when it syncs, retries, batches, waits) against a small fake of the sync
// API. What the real server does with the mutations is in sync-engine.test.ts.
import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { ensureClientId } from '../../../../src/client/db/sync-meta'
import { createNote, saveProgress, setBookmark } from '../../../../src/client/db/user-actions'
import type { UserDataDb } from '../../../../src/client/db/userdata'
import { SyncEngine, type SyncEngineOptions, type SyncStatus } from '../../../../src/client/sync/sync-engine'
import type { SyncChange } from '../../../../src/shared/sync/changes'
import type { PullRequest, PullResponse, PushRequest } from '../../../../src/shared/sync/protocol'
import { bookmarkChange, makeNoteFields } from '../../../factories/sync-factory'
import { createTestUserData } from '../helpers/test-databases'

/** A sync server in memory: applies mutations in order ([P2][P3]) and answers pulls from a list of pages. */
class FakeSyncServer {
  lastMutationId = 0
  pushes: PushRequest[] = []
  pulls: PullRequest[] = []
  pages: PullResponse<SyncChange>[] = []
  /** Answer this instead, once per entry, before doing anything. */
  failures: (() => Response | never)[] = []
  /** Stop taking mutations (as behind a gap). */
  isStuck = false
  inFlight = 0
  maxInFlight = 0
  delayMs = 0

  readonly fetch: typeof fetch = async (input, init) => {
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    try {
      if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs))
      const failure = this.failures.shift()
      if (failure) return failure()
      const body = JSON.parse(String(init?.body)) as unknown
      if (String(input).endsWith('/push')) return json(this.push(body as PushRequest))
      this.pulls.push(body as PullRequest)
      const page = this.pages.shift() ?? { cookie: '0', lastMutationId: 0, changes: [], hasMore: false }
      return json({ ...page, lastMutationId: this.lastMutationId })
    } finally {
      this.inFlight--
    }
  }

  private push(request: PushRequest) {
    this.pushes.push(request)
    for (const mutation of request.mutations) {
      if (this.isStuck || mutation.id > this.lastMutationId + 1) break
      this.lastMutationId = Math.max(this.lastMutationId, mutation.id)
    }
    return { lastMutationId: this.lastMutationId, rejected: [] }
  }
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

const unreachable = (): never => {
  throw new TypeError('fetch failed')
}

class FakeEventSource extends EventTarget {
  static readonly CLOSED = 2
  static instances: FakeEventSource[] = []
  readyState = 1
  constructor(readonly url: string) {
    super()
    FakeEventSource.instances.push(this)
  }
  close(): void {
    this.readyState = FakeEventSource.CLOSED
  }
}

interface TestEngine {
  db: UserDataDb
  engine: SyncEngine
  server: FakeSyncServer
  statuses: SyncStatus[]
}

function createEngine(options: Partial<SyncEngineOptions> = {}): TestEngine {
  const db = options.db ?? createTestUserData()
  const server = new FakeSyncServer()
  const statuses: SyncStatus[] = []
  const engine = new SyncEngine({
    db,
    fetch: server.fetch,
    locks: null,
    isSignedIn: () => true,
    onStatus: (status) => statuses.push(status),
    EventSource: FakeEventSource as unknown as typeof EventSource,
    ...options,
  })
  onTestFinished(() => engine.stop())
  return { db, engine, server, statuses }
}

function stubPage(visibilityState: DocumentVisibilityState = 'visible') {
  const windowStub = new EventTarget()
  const documentStub = Object.assign(new EventTarget(), { visibilityState })
  vi.stubGlobal('window', windowStub)
  vi.stubGlobal('document', documentStub)
  return {
    goOnline: () => windowStub.dispatchEvent(new Event('online')),
    show: () => {
      documentStub.visibilityState = 'visible'
      documentStub.dispatchEvent(new Event('visibilitychange'))
    },
    hide: () => {
      documentStub.visibilityState = 'hidden'
      documentStub.dispatchEvent(new Event('visibilitychange'))
    },
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50))

afterEach(() => {
  vi.unstubAllGlobals()
  FakeEventSource.instances = []
})

describe('SyncEngine.syncNow', () => {
  it('signed out: reports "signed-out" with the pending count and asks the server nothing (local-only mode)', async () => {
    const { db, engine, server } = createEngine({ isSignedIn: () => false })
    await setBookmark(db, 'werkvorm-a', true)

    const status = await engine.syncNow()

    expect(status).toEqual({ state: 'signed-out', pending: 1 })
    expect(server.pushes).toHaveLength(0)
    expect(server.pulls).toHaveLength(0)
  })

  it('[C4] pushes, pulls, and reports "synced" with nothing pending', async () => {
    const { db, engine, server, statuses } = createEngine({ now: () => 5000 })
    await setBookmark(db, 'werkvorm-a', true)

    const status = await engine.syncNow()

    expect(status).toEqual({ state: 'synced', pending: 0, lastSyncedAt: 5000 })
    expect(statuses.map((s) => s.state)).toEqual(['syncing', 'synced'])
    expect(statuses[0]?.pending).toBe(1)
    expect(server.pushes[0]?.mutations).toEqual([{ id: 1, name: 'bookmark.set', args: { slug: 'werkvorm-a', bookmarked: true }, at: expect.any(Number) }])
    expect(await db.outbox.count()).toBe(0)
  })

  it('[R1] turns dirty reading positions into one progress.set per story, at the reading time', async () => {
    const { db, engine, server } = createEngine()
    await saveProgress(db, 'verhaal-a', 0.1, 1000)
    await saveProgress(db, 'verhaal-a', 0.4, 2000)

    await engine.syncNow()

    expect(server.pushes[0]?.mutations).toEqual([{ id: 1, name: 'progress.set', args: { slug: 'verhaal-a', position: 0.4 }, at: 2000 }])
    expect((await db.progress.get('verhaal-a'))?.isDirty).toBe(0)
  })

  it('[P6] pushes at most 100 mutations at a time, in id order, until the outbox is sent', async () => {
    const { db, engine, server } = createEngine()
    for (let i = 0; i < 250; i++) await setBookmark(db, `werkvorm-${i}`, true)

    await engine.syncNow()

    expect(server.pushes.map((push) => push.mutations.length)).toEqual([100, 100, 50])
    expect(server.pushes.flatMap((push) => push.mutations.map((m) => m.id))).toEqual(Array.from({ length: 250 }, (_, i) => i + 1))
    expect(await db.outbox.count()).toBe(0)
  })

  it('[P6] keeps a push under 256 KiB', async () => {
    const { db, engine, server } = createEngine()
    for (let i = 0; i < 20; i++) await createNote(db, makeNoteFields({ body: 'x'.repeat(19_000) }))

    await engine.syncNow()

    expect(server.pushes.length).toBeGreaterThan(1)
    for (const push of server.pushes) expect(new TextEncoder().encode(JSON.stringify(push)).byteLength).toBeLessThanOrEqual(256 * 1024)
    expect(await db.outbox.count()).toBe(0)
  })

  it('[P3] stops when the server does not move on (a gap), keeps the outbox, and says it is stuck', async () => {
    const { db, engine, server } = createEngine()
    await setBookmark(db, 'werkvorm-a', true)
    await setBookmark(db, 'werkvorm-b', true)
    server.isStuck = true

    const status = await engine.syncNow()

    expect(server.pushes).toHaveLength(1)
    expect(status).toMatchObject({ state: 'error', pending: 2, error: { kind: 'stuck' } })
    expect(status.nextRetryAt).toBeUndefined()
  })

  it('[P6] says "stuck" for one change too big to send, instead of sending it', async () => {
    const { db, engine, server } = createEngine()
    await createNote(db, makeNoteFields({ body: '€'.repeat(100_000) }))

    const status = await engine.syncNow()

    expect(status.error).toMatchObject({ kind: 'stuck', message: expect.stringContaining('too big') })
    expect(server.pushes).toHaveLength(0)
  })

  it('[L2] pulls page after page with the new cookie while the server has more', async () => {
    const { db, engine, server } = createEngine()
    server.pages = [
      { cookie: '5', lastMutationId: 0, changes: [bookmarkChange('werkvorm-a')], hasMore: true },
      { cookie: '9', lastMutationId: 0, changes: [bookmarkChange('werkvorm-b')], hasMore: false },
    ]

    await engine.syncNow()
    await engine.syncNow()

    expect(server.pulls.map((pull) => pull.cookie)).toEqual([null, '5', '9'])
    expect(await db.bookmarks.count()).toBe(2)
  })

  it('[C1] sends the database\'s clientId', async () => {
    const { db, engine, server } = createEngine()

    await engine.syncNow()

    expect(server.pulls[0]?.clientId).toBe(await ensureClientId(db))
  })

  it('never runs two syncs at once; a call during a sync runs it once more, which carries the newer change', async () => {
    const { db, engine, server } = createEngine()
    server.delayMs = 20
    await setBookmark(db, 'werkvorm-a', true)

    const first = engine.syncNow()
    await new Promise((resolve) => setTimeout(resolve, 5))
    await setBookmark(db, 'werkvorm-b', true)
    const second = engine.syncNow()

    expect(await second).toEqual(await first)
    expect(server.maxInFlight).toBe(1)
    expect(server.pushes.flatMap((push) => push.mutations.map((m) => m.id))).toContain(2)
    expect(await db.outbox.count()).toBe(0)
  })

  it('waits its turn while another tab syncs, then sends the change that tab missed', async () => {
    const locks = new ExclusiveLocks()
    const first = createEngine({ locks: locks.manager })
    const server = first.server
    // A second tab: the same database (one outbox), the same server.
    const second = createEngine({ db: first.db, fetch: server.fetch, locks: locks.manager })
    server.delayMs = 30
    await setBookmark(first.db, 'werkvorm-a', true)

    const firstSync = first.engine.syncNow()
    await vi.waitFor(() => expect(server.pushes).toHaveLength(1))
    // Typed in the second tab after the first tab's push left: that push cannot carry it.
    await setBookmark(first.db, 'werkvorm-b', true)
    const secondSync = second.engine.syncNow()

    expect((await firstSync).state).toBe('synced')
    expect((await secondSync).state).toBe('synced')
    expect(locks.requested).toEqual([`snw-sync:${first.db.name}`, `snw-sync:${first.db.name}`])
    expect(locks.maxHeld).toBe(1)
    expect(server.maxInFlight).toBe(1)
    expect(server.pushes.flatMap((push) => push.mutations.map((m) => m.id))).toEqual([1, 2])
    expect(await first.db.outbox.count()).toBe(0)
  })

  it('syncs under the lock when it is free', async () => {
    const locks = new ExclusiveLocks()
    const server = new FakeSyncServer()
    let heldDuringRequests = 0
    const fetchInLock: typeof fetch = async (input, init) => {
      heldDuringRequests += locks.held
      return server.fetch(input, init)
    }
    const engine = new SyncEngine({ db: createTestUserData(), fetch: fetchInLock, locks: locks.manager, isSignedIn: () => true })

    expect((await engine.syncNow()).state).toBe('synced')
    expect(server.pulls).toHaveLength(1)
    expect(heldDuringRequests).toBe(1)
    expect(locks.held).toBe(0)
  })
})

/** navigator.locks for one exclusive lock per name, granted in request order, as in a browser. */
class ExclusiveLocks {
  requested: string[] = []
  held = 0
  maxHeld = 0
  private readonly tails = new Map<string, Promise<unknown>>()

  /** Only the part of LockManager the engine uses; nobody here asks query(). */
  get manager(): LockManager {
    return this as unknown as LockManager
  }

  request = async <T>(name: string, callback: (lock: Lock | null) => Promise<T>): Promise<T> => {
    this.requested.push(name)
    const previous = this.tails.get(name) ?? Promise.resolve()
    const run = previous.then(async () => {
      this.held++
      this.maxHeld = Math.max(this.maxHeld, this.held)
      try {
        return await callback({ name, mode: 'exclusive' } as Lock)
      } finally {
        this.held--
      }
    })
    this.tails.set(name, run.catch(() => undefined))
    return run
  }
}

describe('SyncEngine failures and retries', () => {
  it('[C4] offline: keeps the outbox and retries after a jittered back-off, then drains', async () => {
    const { db, engine, server, statuses } = createEngine({ random: () => 0.02, now: () => 10_000 })
    await setBookmark(db, 'werkvorm-a', true)
    server.failures = [unreachable, unreachable]
    stubPage()

    engine.start()

    await vi.waitFor(() => expect(statuses.filter((s) => s.state === 'offline')).toHaveLength(2))
    const offline = statuses.filter((s) => s.state === 'offline')
    // Full jitter on 1 s, then on 2 s: 2 % of each.
    expect(offline.map((s) => s.nextRetryAt)).toEqual([10_020, 10_040])
    expect(offline[0]).toMatchObject({ pending: 1, error: { kind: 'offline' } })
    await vi.waitFor(() => expect(statuses.at(-1)?.state).toBe('synced'))
    expect(await db.outbox.count()).toBe(0)
  })

  it('[P5] busy: retries after Retry-After', async () => {
    const { engine, server, statuses } = createEngine({ now: () => 10_000 })
    server.failures = [() => json({ error: { code: 'try_again', message: 'busy' } }, 503, { 'Retry-After': '7' })]
    stubPage()

    engine.start()

    await vi.waitFor(() => expect(statuses.some((s) => s.state === 'error')).toBe(true))
    expect(statuses.find((s) => s.state === 'error')).toMatchObject({ error: { kind: 'busy' }, nextRetryAt: 17_000 })
  })

  it('auth: reports kind "auth", keeps the outbox, and does not retry until syncNow() after signing in', async () => {
    const { db, engine, server, statuses } = createEngine({ intervalMs: 60_000 })
    await setBookmark(db, 'werkvorm-a', true)
    server.failures = [() => json({ error: { code: 'not_signed_in', message: 'Sign in first' } }, 401)]
    stubPage()

    engine.start()
    await vi.waitFor(() => expect(statuses.at(-1)?.state).toBe('error'))
    await settle()

    expect(statuses.at(-1)).toEqual({ state: 'error', pending: 1, error: { kind: 'auth', message: 'Sign in first' } })
    expect(server.pushes).toHaveLength(0)
    expect(await db.outbox.count()).toBe(1)

    expect((await engine.syncNow()).state).toBe('synced')
    expect(await db.outbox.count()).toBe(0)
  })

  it.each([
    { status: 403, kind: 'forbidden' },
    { status: 426, kind: 'too-old' },
  ])('$kind: reports it and does not retry on its own', async ({ status, kind }) => {
    const { engine, server, statuses } = createEngine()
    server.failures = [() => json({ error: { code: 'x', message: 'no' } }, status)]
    stubPage()

    engine.start()
    await vi.waitFor(() => expect(statuses.at(-1)?.state).toBe('error'))
    await settle()

    expect(statuses.at(-1)).toMatchObject({ error: { kind } })
    expect(statuses.at(-1)?.nextRetryAt).toBeUndefined()
    expect(server.pulls).toHaveLength(0)
  })
})

describe('SyncEngine triggers', () => {
  it('start() syncs at once, on online, when the page is shown again, and on an SSE poke (debounced); stop() ends them', async () => {
    const page = stubPage()
    const { db, engine, server } = createEngine({ debounceMs: 20 })
    const pulls = () => server.pulls.length

    engine.start()
    await vi.waitFor(() => expect(pulls()).toBe(1))
    await vi.waitFor(() => expect(FakeEventSource.instances).toHaveLength(1))
    expect(FakeEventSource.instances[0]!.url).toBe(`/api/v1/sync/events?clientId=${await ensureClientId(db)}`)

    page.goOnline()
    await vi.waitFor(() => expect(pulls()).toBe(2))

    page.hide()
    await settle()
    expect(pulls()).toBe(2)
    page.show()
    await vi.waitFor(() => expect(pulls()).toBe(3))

    const events = FakeEventSource.instances[0]!
    for (let i = 0; i < 3; i++) events.dispatchEvent(new Event('poke'))
    await vi.waitFor(() => expect(pulls()).toBe(4))
    await settle()
    expect(pulls()).toBe(4)

    engine.stop()
    expect(events.readyState).toBe(FakeEventSource.CLOSED)
    page.goOnline()
    page.show()
    events.dispatchEvent(new Event('poke'))
    await settle()
    expect(pulls()).toBe(4)
  })

  it('requestSync() folds a burst of local changes into one sync', async () => {
    stubPage()
    const { db, engine, server } = createEngine({ debounceMs: 30 })
    engine.start()
    await vi.waitFor(() => expect(server.pulls).toHaveLength(1))

    for (const slug of ['a', 'b', 'c']) {
      await setBookmark(db, `werkvorm-${slug}`, true)
      engine.requestSync()
    }
    await vi.waitFor(() => expect(server.pulls).toHaveLength(2))
    await settle()

    expect(server.pulls).toHaveLength(2)
    expect(server.pushes).toHaveLength(1)
    expect(server.pushes[0]?.mutations).toHaveLength(3)
  })

  it('syncs every interval while the page is visible, not while it is hidden', async () => {
    const page = stubPage()
    const { engine, server } = createEngine({ intervalMs: 25 })

    engine.start()
    await vi.waitFor(() => expect(server.pulls.length).toBeGreaterThanOrEqual(3))
    page.hide()
    await settle()
    const whileHidden = server.pulls.length
    await settle()

    expect(server.pulls.length).toBe(whileHidden)
  })

  it('runs without window, document or EventSource (Node)', async () => {
    const { engine, server } = createEngine({ EventSource: undefined })

    engine.start()
    await vi.waitFor(() => expect(server.pulls).toHaveLength(1))
    engine.stop()
  })
})
