// The stage for the sync-under-faults suite: the real server listening on loopback, the fault proxy in
// front of it, and devices — the real client SyncEngine over a `userdata` database in fake-indexeddb —
// that reach the server only through the proxy. Then the one invariant every scenario ends with:
// after a sync with the fault cleared, the devices and the server agree, and nothing was lost or doubled.
//   const stage = await startFaultStage(testDatabase)
//   const phone = await stage.device()
//   stage.proxy.inject({ kind: 'drop-response', method: 'POST', path: SYNC_PUSH_PATH })
//   await expectConverged(stage, [phone], { typed: ['Wat we zagen'] })
import 'fake-indexeddb/auto'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { expect, onTestFinished } from 'vitest'
import { bookmarkKey, lineKey, noteKey, progressKey } from '../../../src/client/db/row-keys'
import { readMeta } from '../../../src/client/db/sync-meta'
import { addLine, createNote, readNote, saveNote, saveProgress, setBookmark } from '../../../src/client/db/user-actions'
import { UserDataDb } from '../../../src/client/db/userdata'
import { SyncEngine, type SyncEngineOptions, type SyncStatus } from '../../../src/client/sync/sync-engine'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import type { SyncChange } from '../../../src/shared/sync/changes'
import { emptyNoteFields, NOTE_TEXT_FIELDS } from '../../../src/shared/sync/note'
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy'
import { registerUser, type SignedInUser } from '../auth/auth-helpers'
import type { TestDatabase } from '../helpers/test-databases'
import { buildSyncTestApp, clientRow, deviceOf, latestByKey, pullAll, type SyncTestApp } from '../sync/sync-helpers'

/**
 * Below the app's 30 s so that a test that forgets a black hole fails fast, and far above what a request
 * takes on a loaded 2-core CI machine (held and delayed requests included), so that no other test trips it.
 */
export const TEST_REQUEST_TIMEOUT_MS = 10_000
/** For the black-hole tests, which wait for it: short, and still well above a real request's time. */
export const SHORT_REQUEST_TIMEOUT_MS = 1000

export interface FaultStage extends SyncTestApp {
  /** The server's own origin (not through the proxy). */
  origin: string
  proxy: FaultProxy
  user: SignedInUser
  /** A new device of the stage's user (or of `user`), syncing through the proxy. */
  device: (options?: Partial<SyncEngineOptions> & { user?: SignedInUser }) => Promise<FaultDevice>
}

export interface FaultDevice {
  db: UserDataDb
  engine: SyncEngine
  statuses: SyncStatus[]
  rejected: { id: number; name: string; reason: string }[]
  user: SignedInUser
}

export async function startFaultStage(testDatabase: TestDatabase): Promise<FaultStage> {
  const stage = await buildSyncTestApp(testDatabase)
  await stage.app.listen({ port: 0, host: '127.0.0.1' })
  const origin = `http://127.0.0.1:${(stage.app.server.address() as AddressInfo).port}`
  const proxy = await startFaultProxy({ target: origin })
  // Registered after the app's close, so it runs first: nothing holds a connection to a closing server.
  onTestFinished(() => proxy.close())
  const user = await registerUser(stage.app)

  const device = async ({ user: owner = user, ...options }: Partial<SyncEngineOptions> & { user?: SignedInUser } = {}): Promise<FaultDevice> => {
    const db = new UserDataDb(`fault-userdata-${randomUUID()}`)
    const statuses: SyncStatus[] = []
    const rejected: FaultDevice['rejected'] = []
    const engine = new SyncEngine({
      db,
      baseUrl: proxy.url,
      fetch: browserFetch(proxy.url, owner.cookie),
      locks: null,
      isSignedIn: () => true,
      requestTimeoutMs: TEST_REQUEST_TIMEOUT_MS,
      onStatus: (status) => statuses.push(status),
      onRejected: (mutations) => rejected.push(...mutations),
      ...options,
    })
    onTestFinished(async () => {
      engine.stop()
      db.close()
      await db.delete()
    })
    return { db, engine, statuses, rejected, user: owner }
  }
  return { ...stage, origin, proxy, user, device }
}

/** Node's fetch as the browser on the proxy's origin: the session cookie on every call, Origin on POSTs. */
function browserFetch(origin: string, sessionCookie: string): typeof fetch {
  return (input, init = {}) => {
    const headers = new Headers(init.headers)
    headers.set('cookie', `${SESSION_COOKIE}=${sessionCookie}`)
    if ((init.method ?? 'GET') !== 'GET') headers.set('origin', origin)
    return fetch(new URL(String(input), origin), { ...init, headers })
  }
}

/** Syncs until the device says 'synced' (a fault may still be settling), at most `attempts` times. */
export async function syncUntilSynced(device: FaultDevice, attempts = 3): Promise<SyncStatus> {
  let status: SyncStatus | undefined
  for (let attempt = 0; attempt < attempts; attempt++) {
    status = await device.engine.syncNow()
    if (status.state === 'synced') return status
  }
  expect.fail(`the device did not sync in ${attempts} tries: ${JSON.stringify(status)}`)
}

/** The server's rows of the user, as a device that never synced before pulls them (a fresh clientId). */
export async function serverRows(stage: FaultStage, user: SignedInUser = stage.user): Promise<Map<string, SyncChange>> {
  const fresh = deviceOf(user)
  const { changes } = await pullAll(stage.app, fresh)
  return latestByKey(changes)
}

/** The device's rows in the shape a pull sends them, keyed as changeKey() keys them. */
export async function deviceRows(device: FaultDevice): Promise<Map<string, SyncChange>> {
  const { db } = device
  const rows = new Map<string, SyncChange>()
  for (const { slug, bookmarked, updatedAt } of await db.bookmarks.toArray()) rows.set(bookmarkKey(slug), { type: 'bookmark', slug, bookmarked: bookmarked === 1, updatedAt })
  for (const { slug, position, updatedAt } of await db.progress.toArray()) rows.set(progressKey(slug), { type: 'progress', slug, position, at: updatedAt })
  for (const note of await db.notes.toArray()) rows.set(noteKey(note.id), { type: 'note', note })
  for (const line of await db.lines.toArray()) rows.set(lineKey(line.noteId, line.id), { type: 'note-line', line })
  return rows
}

/** The server's rows without purged notes: a device deletes a purged note, it keeps no tombstone row. */
function withoutPurged(rows: Map<string, SyncChange>): Map<string, SyncChange> {
  return new Map([...rows].filter(([, change]) => change.type !== 'note-purged'))
}

/** Every text the user typed, in a note's text fields or as a quick-log line. */
function textsOn(rows: Map<string, SyncChange>): string[] {
  const texts: string[] = []
  for (const change of rows.values()) {
    if (change.type === 'note') for (const field of NOTE_TEXT_FIELDS) texts.push(change.note.fields[field])
    if (change.type === 'note-line') texts.push(change.line.text)
  }
  return texts
}

/**
 * The invariant after a fault: sync every device with the fault cleared (twice round, so each sees the
 * others' last changes), then for each: nothing pending, its outbox empty, the server's acknowledgement
 * equal to the device's last mutation id and to the id it will never reuse, nothing rejected, its rows
 * equal to the server's; every typed text on the server; and each quick-log line text there exactly once.
 */
export async function expectConverged(stage: FaultStage, devices: FaultDevice[], expected: { typed: string[]; lines?: string[] }): Promise<void> {
  stage.proxy.clear()
  for (let round = 0; round < 2; round++) for (const device of devices) await syncUntilSynced(device)

  const server = await serverRows(stage, devices[0]!.user)
  for (const [index, device] of devices.entries()) {
    const label = `device ${index + 1}`
    expect(device.engine.status, label).toMatchObject({ state: 'synced', pending: 0 })
    expect(await device.db.outbox.count(), `${label}: outbox`).toBe(0)
    expect(await device.db.deferred.count(), `${label}: held-back changes`).toBe(0)
    expect(device.rejected, `${label}: rejected mutations`).toEqual([])
    const clientId = (await readMeta(device.db, 'clientId'))!
    const lastMutationId = (await readMeta(device.db, 'lastMutationId')) ?? 0
    const nextMutationId = (await readMeta(device.db, 'nextMutationId')) ?? 1
    expect(lastMutationId, `${label}: every mutation it made is acknowledged`).toBe(nextMutationId - 1)
    expect((await clientRow(stage.db, clientId))?.last_mutation_id ?? 0, `${label}: the server's lastMutationId`).toBe(lastMutationId)
    expect(Object.fromEntries(await deviceRows(device)), `${label}: rows equal to the server's`).toEqual(Object.fromEntries(withoutPurged(server)))
  }

  const texts = textsOn(server)
  for (const text of expected.typed) expect(texts.some((stored) => stored.includes(text)), `typed text on the server: ${text}`).toBe(true)
  const lineTexts = [...server.values()].flatMap((change) => (change.type === 'note-line' ? [change.line.text] : []))
  for (const line of expected.lines ?? []) expect(lineTexts.filter((text) => text === line), `quick-log line once: ${line}`).toHaveLength(1)
}

export interface TypedWork {
  noteId: string
  /** The slug she bookmarked. */
  bookmark: string
  typed: string[]
  lines: string[]
}

/**
 * What a coach does in a session, through the app's own actions: a new note with her texts, two
 * quick-log lines, a bookmark and a reading position. Each text carries `tag`, so it can be found again.
 */
export async function doSomeWork(device: FaultDevice, tag: string, now = Date.now()): Promise<TypedWork> {
  const fields = { ...emptyNoteFields(), title: `Doetank ${tag}`, question: `Hoe vinden mensen het loket? (${tag})`, saw: `Veel mensen liepen door (${tag})` }
  const noteId = await createNote(device.db, fields, now)
  const lines = [`Start ronde 1 (${tag})`, `Bord opgehangen (${tag})`]
  for (const [index, text] of lines.entries()) await addLine(device.db, noteId, text, now + index + 1)
  const slug = tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')
  await setBookmark(device.db, `werkvorm-${slug}`, true, now + 3)
  await saveProgress(device.db, `verhaal-${slug}`, 0.4, now + 4)
  return { noteId, bookmark: `werkvorm-${slug}`, typed: [fields.title, fields.question, fields.saw, ...lines], lines }
}

/**
 * Another device of hers takes `work` and changes it: the bookmark off, the note's next step. A retry or
 * copy of the first device's push applied again would turn the bookmark back on (last arrival wins,
 * [B1]) and merge its old save into this edit as a conflict ([N3]).
 */
export async function changeOnOtherDevice(stage: FaultStage, work: TypedWork): Promise<{ laptop: FaultDevice; laptopEdit: string }> {
  const laptop = await stage.device()
  await syncUntilSynced(laptop)
  await setBookmark(laptop.db, work.bookmark, false)
  const laptopEdit = 'Bord in drie talen (laptop)'
  await saveNote(laptop.db, work.noteId, { ...(await readNote(laptop.db, work.noteId))!.fields, nextStep: laptopEdit })
  await syncUntilSynced(laptop)
  return { laptop, laptopEdit }
}
