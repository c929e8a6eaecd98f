// Keeps `userdata` in step with the server (design §5, shared/sync/SPEC.md): queues dirty reading
// positions, pushes the outbox in order, pulls until up to date, and says how it went in a SyncStatus
// the UI can show. One tab syncs at a time (Web Locks). No Vue here, and every window/document use is
// guarded, so the engine runs in Node tests.
import type { SyncChange } from '../../shared/sync/changes'
import { MAX_MUTATIONS_PER_PUSH, MAX_SYNC_BODY_BYTES, type Mutation, type PullResponse, SCHEMA_VERSION } from '../../shared/sync/protocol'
import { flushDirtyProgress } from '../db/progress-flush'
import { ensureClientId, readMeta, readSyncCursor, writeMeta } from '../db/sync-meta'
import { pendingCount } from '../db/pending-count'
import { markPhotoRefused, markPhotoUploaded, readPhotoUploads } from '../db/photo-actions'
import { type OutboxEntry, photoKey, type UserDataDb } from '../db/userdata'
import { applyPullPage } from './apply-pull'
import { backoffDelayMs } from './backoff'
import { createSyncApi, SYNC_EVENTS_PATH, type SyncApi, SyncHttpError, type SyncHttpErrorKind } from './sync-api'

/** Wait after a local change before syncing: typing a note makes one sync, not one per keystroke. */
export const SYNC_DEBOUNCE_MS = 1000
/** While the page is visible, look for other devices' changes this often (SSE pokes come sooner). */
export const SYNC_INTERVAL_MS = 60_000
/** Room left in a push body for the envelope around the mutations ([P6]). */
const PUSH_ENVELOPE_BYTES = 1024
/** A server that keeps answering hasMore cannot keep a sync going forever; the next sync goes on. */
const MAX_PULL_PAGES = 1000

export type SyncState = 'synced' | 'syncing' | 'offline' | 'error' | 'signed-out'

/**
 * What went wrong, for the UI to explain (see SyncHttpErrorKind), plus:
 * - stuck: the server stopped taking this device's changes (a gap, or a change too big to send)
 * - storage: this device's database failed (full, or broken)
 */
export type SyncErrorKind = SyncHttpErrorKind | 'stuck' | 'storage'

export interface SyncStatus {
  state: SyncState
  /** Changes on this device the server has not acknowledged yet. */
  pending: number
  error?: { kind: SyncErrorKind; message: string }
  lastSyncedAt?: number
  /** When the engine tries again by itself; absent when it waits for the user (sign in, update) or a trigger. */
  nextRetryAt?: number
}

export interface RejectedMutation {
  id: number
  name: string
  reason: string
}

export interface SyncEngineOptions {
  db: UserDataDb
  isSignedIn: () => boolean
  fetch?: typeof fetch
  /** '' in the app (same origin). */
  baseUrl?: string
  /** Defaults to navigator.locks where the browser has it; null runs without (one tab, or tests). */
  locks?: LockManager | null
  now?: () => number
  /** For the back-off's jitter: [0, 1) like Math.random. */
  random?: () => number
  onStatus?: (status: SyncStatus) => void
  /** Mutations the server refused for good ([P4]): they left the queue, their change is only on this device. */
  onRejected?: (rejected: RejectedMutation[]) => void
  /** Defaults to the global EventSource where there is one. */
  EventSource?: typeof EventSource
  /** Defaults SYNC_DEBOUNCE_MS and SYNC_INTERVAL_MS; tests shorten them. */
  debounceMs?: number
  intervalMs?: number
  /** How long one push or pull may take before it counts as offline (SYNC_REQUEST_TIMEOUT_MS); tests shorten it. */
  requestTimeoutMs?: number
}

export class SyncEngine {
  private readonly db: UserDataDb
  private readonly api: SyncApi
  private readonly options: SyncEngineOptions
  private readonly locks: LockManager | undefined
  private readonly now: () => number
  private readonly random: () => number
  private current: SyncStatus
  private running: Promise<SyncStatus> | undefined
  private runAgain = false
  private isStarted = false
  private failedAttempts = 0
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private debounceTimer: ReturnType<typeof setTimeout> | undefined
  private intervalTimer: ReturnType<typeof setInterval> | undefined
  private events: EventSource | undefined

  constructor(options: SyncEngineOptions) {
    this.options = options
    this.db = options.db
    this.now = options.now ?? Date.now
    this.random = options.random ?? Math.random
    this.api = createSyncApi({ fetch: options.fetch, baseUrl: options.baseUrl, now: this.now, requestTimeoutMs: options.requestTimeoutMs })
    this.locks = options.locks === undefined ? defaultLocks() : (options.locks ?? undefined)
    this.current = { state: options.isSignedIn() ? 'synced' : 'signed-out', pending: 0 }
  }

  get status(): SyncStatus {
    return this.current
  }

  /**
   * Syncs now. Signed out, it only reports 'signed-out' (the device works on its own). Calls never
   * overlap: a call during a sync makes that sync run once more, and answers its promise.
   */
  syncNow(): Promise<SyncStatus> {
    this.clearRetry()
    if (!this.options.isSignedIn()) {
      this.closeEvents()
      return this.report({ state: 'signed-out' })
    }
    if (this.running) {
      this.runAgain = true
      return this.running
    }
    this.running = this.runUntilQuiet().finally(() => {
      this.running = undefined
    })
    return this.running
  }

  /** After a local change: sync soon, once the changes stop for a moment. Only while started. */
  requestSync(): void {
    void this.refreshPending()
    if (!this.isStarted) return
    clearTimeout(this.debounceTimer)
    this.debounceTimer = setTimeout(() => void this.syncNow(), this.options.debounceMs ?? SYNC_DEBOUNCE_MS)
  }

  /** Syncs now, and from then on on every trigger: online, page shown, local change, SSE poke, every minute while visible. */
  start(): void {
    if (this.isStarted) return
    this.isStarted = true
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline)
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisibilityChange)
    this.intervalTimer = setInterval(() => {
      if (isPageVisible()) void this.syncNow()
    }, this.options.intervalMs ?? SYNC_INTERVAL_MS)
    void this.syncNow()
  }

  stop(): void {
    this.isStarted = false
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline)
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisibilityChange)
    clearInterval(this.intervalTimer)
    clearTimeout(this.debounceTimer)
    this.clearRetry()
    this.closeEvents()
  }

  private readonly onOnline = (): void => {
    void this.syncNow()
  }

  private readonly onVisibilityChange = (): void => {
    if (isPageVisible()) void this.syncNow()
  }

  private async runUntilQuiet(): Promise<SyncStatus> {
    let status: SyncStatus
    do {
      this.runAgain = false
      status = await this.runLocked()
    } while (this.runAgain && status.state === 'synced' && this.options.isSignedIn())
    return status
  }

  private async runLocked(): Promise<SyncStatus> {
    if (!this.locks) return this.runOnce()
    // The lock is per database: two devices in one test process must not wait on each other. While
    // another tab syncs, this one waits its turn rather than skipping: a change made here meanwhile may
    // have missed that tab's push, and must not wait for the next trigger.
    return this.locks.request(`snw-sync:${this.db.name}`, () => this.runOnce())
  }

  private async runOnce(): Promise<SyncStatus> {
    await this.report({ state: 'syncing', lastSyncedAt: this.current.lastSyncedAt })
    try {
      const clientId = await ensureClientId(this.db)
      await flushDirtyProgress(this.db)
      const stuck = await this.pushOutbox(clientId)
      await this.pullAll(clientId)
      await this.uploadPhotos()
      const lastSyncedAt = this.now()
      await writeMeta(this.db, 'lastSyncedAt', lastSyncedAt)
      this.failedAttempts = 0
      void this.openEvents(clientId)
      // A stuck outbox waits for a trigger: retrying at once would only stop at the same place.
      if (stuck) return await this.report({ state: 'error', error: { kind: 'stuck', message: stuck }, lastSyncedAt })
      return await this.report({ state: 'synced', lastSyncedAt })
    } catch (error) {
      return this.reportFailure(error)
    }
  }

  /**
   * [P1]–[P4] Pushes the outbox in id order, at most 100 mutations and 256 KiB at a time, until it is
   * empty or the server stops taking it. Entries stay in the outbox until a pull acknowledges them
   * ([C4]); the server skips any it already applied ([P2]). Answers why it got stuck, if it did.
   */
  private async pushOutbox(clientId: string): Promise<string | undefined> {
    let after = 0
    for (;;) {
      const batch = await this.takeBatch(after)
      if (batch.length === 0) return undefined
      const response = await this.api.push({ clientId, schemaVersion: SCHEMA_VERSION, mutations: batch.map(toMutation) })
      if (response.rejected.length > 0) {
        const names = new Map(batch.map((entry) => [entry.id, entry.name]))
        this.options.onRejected?.(response.rejected.map(({ id, reason }) => ({ id, name: names.get(id) ?? '', reason })))
      }
      const lastId = batch[batch.length - 1]!.id
      if (response.lastMutationId < lastId) {
        // [P3] A gap: the server is missing a mutation before these. Asking again would stop at the same place.
        return `The server stopped at change ${response.lastMutationId}, before ${batch.find((entry) => entry.id > response.lastMutationId)!.id}`
      }
      after = response.lastMutationId
    }
  }

  /** The next batch after `after`, marked as sent before it leaves: saveNote no longer folds edits into it. */
  private takeBatch(after: number): Promise<OutboxEntry[]> {
    const { db } = this
    return db.transaction('rw', [db.outbox, db.meta], async () => {
      const entries = await db.outbox.where('id').above(after).limit(MAX_MUTATIONS_PER_PUSH).toArray()
      const batch: OutboxEntry[] = []
      let bytes = PUSH_ENVELOPE_BYTES
      for (const entry of entries) {
        bytes += jsonBytes(toMutation(entry)) + 1
        if (bytes > MAX_SYNC_BODY_BYTES) break
        batch.push(entry)
      }
      if (batch.length === 0 && entries.length > 0) {
        throw new StuckError(`Change ${entries[0]!.id} is too big to send (over ${MAX_SYNC_BODY_BYTES / 1024} KiB)`)
      }
      const last = batch[batch.length - 1]
      if (last && last.id > ((await readMeta(db, 'pushedThrough')) ?? 0)) await writeMeta(db, 'pushedThrough', last.id)
      return batch
    })
  }

  /** [L1][L2] Pulls pages until the server has no more, applying each in its own transaction. */
  private async pullAll(clientId: string): Promise<void> {
    let { cookie } = await readSyncCursor(this.db)
    for (let page = 0; page < MAX_PULL_PAGES; page++) {
      const response: PullResponse<SyncChange> = await this.api.pull({ clientId, cookie, schemaVersion: SCHEMA_VERSION })
      await applyPullPage(this.db, response)
      if (!response.hasMore || response.cookie === cookie) return
      cookie = response.cookie
    }
  }

  /**
   * [A2] Sends the bytes of photos taken here, after the push that told the server about them. A refusal
   * for good is kept with the photo (she sees why and can try again); anything a retry can fix ends this
   * sync as a failure of its own kind, and the bytes wait for the next.
   */
  private async uploadPhotos(): Promise<void> {
    for (const { photo, file } of await readPhotoUploads(this.db)) {
      try {
        await this.api.uploadPhoto(photo.id, new Blob([file.data], { type: file.mime }), file.mime)
        await markPhotoUploaded(this.db, file.hash)
      } catch (error) {
        if (!(error instanceof SyncHttpError) || error.kind !== 'rejected-request') throw error
        if (error.status === 410) {
          // Removed on another device meanwhile: nobody needs the bytes there.
          await markPhotoUploaded(this.db, file.hash)
        } else if (error.status === 404 && (await this.db.outbox.where('key').equals(photoKey(photo.noteId, photo.id)).count()) > 0) {
          // The push that adds the photo has not been applied yet: the next sync sends both.
        } else if (error.status === 413) {
          await markPhotoRefused(this.db, file.hash, error.details.code === 'photo_quota' ? 'quota' : 'too-large')
        } else {
          await markPhotoRefused(this.db, file.hash, 'refused')
        }
      }
    }
  }

  private async reportFailure(error: unknown): Promise<SyncStatus> {
    const lastSyncedAt = this.current.lastSyncedAt
    if (error instanceof StuckError) return this.report({ state: 'error', error: { kind: 'stuck', message: error.message }, lastSyncedAt })
    if (!(error instanceof SyncHttpError)) {
      const message = error instanceof Error ? error.message : String(error)
      return this.report({ state: 'error', error: { kind: 'storage', message }, lastSyncedAt, nextRetryAt: this.scheduleRetry() })
    }
    const failure = { kind: error.kind, message: error.message }
    switch (error.kind) {
      case 'offline':
        return this.report({ state: 'offline', error: failure, lastSyncedAt, nextRetryAt: this.scheduleRetry() })
      case 'busy':
        return this.report({ state: 'error', error: failure, lastSyncedAt, nextRetryAt: this.scheduleRetry(error.retryAfterMs) })
      case 'server':
      case 'invalid':
        return this.report({ state: 'error', error: failure, lastSyncedAt, nextRetryAt: this.scheduleRetry() })
      case 'auth':
        // No retry: only signing in again helps, and the app calls syncNow() after that.
        this.closeEvents()
        return this.report({ state: 'error', error: failure, lastSyncedAt })
      case 'forbidden':
      case 'too-old':
      case 'rejected-request':
        return this.report({ state: 'error', error: failure, lastSyncedAt })
    }
  }

  /** Answers when the retry will run, or undefined when the engine is not started (a caller drives it). */
  private scheduleRetry(retryAfterMs?: number): number | undefined {
    if (!this.isStarted) return undefined
    const delay = retryAfterMs ?? backoffDelayMs(this.failedAttempts, this.random)
    if (retryAfterMs === undefined) this.failedAttempts++
    this.clearRetry()
    this.retryTimer = setTimeout(() => void this.syncNow(), delay)
    return this.now() + delay
  }

  private clearRetry(): void {
    clearTimeout(this.retryTimer)
    this.retryTimer = undefined
  }

  private async report(status: Omit<SyncStatus, 'pending'>): Promise<SyncStatus> {
    let pending = this.current.pending
    let lastSyncedAt = status.lastSyncedAt
    try {
      pending = await pendingCount(this.db)
      lastSyncedAt ??= await readMeta(this.db, 'lastSyncedAt')
    } catch {
      // A database that cannot be read says so in the status already; keep the last count.
    }
    const next: SyncStatus = { ...status, pending, lastSyncedAt }
    if (next.lastSyncedAt === undefined) delete next.lastSyncedAt
    if (next.nextRetryAt === undefined) delete next.nextRetryAt
    this.current = next
    this.options.onStatus?.(next)
    return next
  }

  /** The current state again, with a fresh pending count (read first: a sync may report meanwhile). */
  private async refreshPending(): Promise<SyncStatus> {
    try {
      const pending = await pendingCount(this.db)
      this.current = { ...this.current, pending }
    } catch {
      // Keep the last count; a failing database shows in the next sync's status.
    }
    this.options.onStatus?.(this.current)
    return this.current
  }

  /** An SSE poke means another device changed something: sync soon. */
  private async openEvents(clientId: string): Promise<void> {
    const EventSourceClass = this.options.EventSource ?? (typeof EventSource === 'undefined' ? undefined : EventSource)
    if (!this.isStarted || !EventSourceClass || this.events) return
    const events = new EventSourceClass(`${this.options.baseUrl ?? ''}${SYNC_EVENTS_PATH}?clientId=${encodeURIComponent(clientId)}`)
    events.addEventListener('poke', () => this.requestSync())
    events.addEventListener('error', () => {
      // Closed for good (e.g. signed out): the next successful sync opens a new one.
      if (events.readyState === EventSourceClass.CLOSED && this.events === events) this.events = undefined
    })
    this.events = events
  }

  private closeEvents(): void {
    this.events?.close()
    this.events = undefined
  }
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  return new SyncEngine(options)
}

class StuckError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StuckError'
  }
}

function toMutation({ id, name, args, at }: OutboxEntry): Mutation {
  return { id, name, args, at }
}

function jsonBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).byteLength
}

function defaultLocks(): LockManager | undefined {
  return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : undefined
}

function isPageVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState === 'visible'
}
