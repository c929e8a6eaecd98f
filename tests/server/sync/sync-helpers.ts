// Devices for sync server tests: a signed-in user's device pushes and pulls by injecting requests.
//   const { app, database } = await buildSyncTestApp(testDatabase)
//   const phone = await signedInDevice(app, { userAgent: ANDROID_UA })
//   await pushOk(app, phone, [bookmarkSet(1, 'verhaal-a', true)])
//   const { changes, lastMutationId } = await pullAll(app, phone)
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import type {
  Kysely,
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  TableNode,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'
import { expect, onTestFinished } from 'vitest'
import { changeKey } from '../../../src/client/db/row-keys'
import { buildApp, type AppOptions } from '../../../src/server/app'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import type { Database } from '../../../src/server/db/schema'
import type { ServerDb } from '../../../src/server/db/database'
import type { SyncChange } from '../../../src/shared/sync/changes'
import type { MutationArgs, MutationName } from '../../../src/shared/sync/mutations'
import { emptyNoteFields, type NoteFields } from '../../../src/shared/sync/note'
import { SCHEMA_VERSION, type Mutation, type PullResponse, type PushResponse } from '../../../src/shared/sync/protocol'
import { createContentDir } from '../../factories/content-factory'
import { registerUser, type SignedInUser } from '../auth/auth-helpers'
import { createTestDistDir, TEST_PASSWORD_COST } from '../helpers/test-app'
import type { TestDatabase, TestDatabaseHandle } from '../helpers/test-databases'

export const PUSH_URL = '/api/v1/sync/push'
export const PULL_URL = '/api/v1/sync/pull'
export const EVENTS_URL = '/api/v1/sync/events'

export const ANDROID_UA = 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'
export const WINDOWS_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'

export interface SyncTestApp {
  app: FastifyInstance
  database: TestDatabaseHandle
  /** The database as the test sees it: without the plugin the app's queries may run through. */
  db: Kysely<Database>
}

/**
 * As buildTestApp, without content (sync does not need it), and with an optional Kysely plugin on the
 * app's database connection: a test can make a query fail as a busy or lost database would ([P5]).
 */
export async function buildSyncTestApp(
  testDatabase: TestDatabase,
  options: { plugin?: KyselyPlugin; app?: Partial<Omit<AppOptions, 'serverDb' | 'distDir' | 'contentDir'>> } = {},
): Promise<SyncTestApp> {
  const database = await testDatabase.create()
  const db = database.serverDb.db
  const serverDb: ServerDb = options.plugin ? { ...database.serverDb, db: db.withPlugin(options.plugin) } : database.serverDb
  const app = await buildApp({
    passwordCost: TEST_PASSWORD_COST,
    // High enough for the tests that push a few hundred mutations; the limit has tests of its own.
    pushesPerMinute: 10_000,
    ...options.app,
    serverDb,
    distDir: createTestDistDir(),
    contentDir: createContentDir(),
  })
  // Registered after the database's cleanup, so it runs first: the app closes before its database.
  onTestFinished(() => app.close())
  await app.ready()
  return { app, database, db }
}

/** One `userdata` database of a signed-in user: its clientId, session and browser. */
export interface Device {
  user: SignedInUser
  clientId: string
  userAgent: string
  /** The cookie of this device's last pull; null before the first. */
  cookie: string | null
}

export function deviceOf(user: SignedInUser, options: { userAgent?: string; clientId?: string } = {}): Device {
  return { user, clientId: options.clientId ?? randomUUID(), userAgent: options.userAgent ?? WINDOWS_UA, cookie: null }
}

export async function signedInDevice(app: FastifyInstance, options: { userAgent?: string } = {}): Promise<Device> {
  return deviceOf(await registerUser(app), options)
}

// ---- Mutations ----

export function mutation<Name extends MutationName>(id: number, name: Name, args: MutationArgs[Name], at = 1_000_000 + id): Mutation {
  return { id, name, args, at }
}

export function bookmarkSet(id: number, slug: string, bookmarked = true, at?: number): Mutation {
  return mutation(id, 'bookmark.set', { slug, bookmarked }, at)
}

export function progressSet(id: number, slug: string, position: number, at?: number): Mutation {
  return mutation(id, 'progress.set', { slug, position }, at)
}

export function noteFields(overrides: Partial<NoteFields> = {}): NoteFields {
  return { ...emptyNoteFields(), ...overrides }
}

export function noteSave(id: number, noteId: string, baseRevision: number, fields: Partial<NoteFields>, at?: number): Mutation {
  return mutation(id, 'note.save', { id: noteId, baseRevision, fields: noteFields(fields) }, at)
}

export function noteDelete(id: number, noteId: string, at?: number): Mutation {
  return mutation(id, 'note.delete', { id: noteId }, at)
}

export function noteRestore(id: number, noteId: string, at?: number): Mutation {
  return mutation(id, 'note.restore', { id: noteId }, at)
}

export function notePurge(id: number, noteId: string, at?: number): Mutation {
  return mutation(id, 'note.purge', { id: noteId }, at)
}

/** [N9] A quick-log line; `at` is its time. */
export function noteAddLine(id: number, noteId: string, lineId: string, text: string, at?: number): Mutation {
  return mutation(id, 'note.addLine', { noteId, id: lineId, text }, at)
}

/** Any mutation shape, also one the types forbid: for [P4] and [P6]. */
export function rawMutation(id: unknown, name: unknown, args: unknown, at: unknown = 1_000_000): Record<string, unknown> {
  return { id, name, args, at }
}

// ---- Requests ----

function headersOf(device: Device, extra: Record<string, string> = {}) {
  return { 'content-type': 'application/json', 'user-agent': device.userAgent, ...extra }
}

/** POSTs a push as the device; `body` overrides the envelope, for malformed requests. */
export function push(
  app: FastifyInstance,
  device: Device,
  mutations: unknown[],
  options: { body?: Record<string, unknown>; headers?: Record<string, string>; sessionCookie?: string | null } = {},
): Promise<LightMyRequestResponse> {
  const sessionCookie = options.sessionCookie === undefined ? device.user.cookie : options.sessionCookie
  return app.inject({
    method: 'POST',
    url: PUSH_URL,
    headers: headersOf(device, options.headers),
    cookies: sessionCookie === null ? {} : { [SESSION_COOKIE]: sessionCookie },
    payload: JSON.stringify({ clientId: device.clientId, schemaVersion: SCHEMA_VERSION, mutations, ...options.body }),
  })
}

export async function pushOk(app: FastifyInstance, device: Device, mutations: unknown[]): Promise<PushResponse> {
  const response = await push(app, device, mutations)
  expect(response.statusCode, response.body).toBe(200)
  return response.json<PushResponse>()
}

/** Pushes many mutations in batches of `batchSize` (at most 100, [P6]). */
export async function pushInBatches(app: FastifyInstance, device: Device, mutations: Mutation[], batchSize = 100): Promise<PushResponse> {
  let last: PushResponse = { lastMutationId: 0, rejected: [] }
  for (let start = 0; start < mutations.length; start += batchSize) last = await pushOk(app, device, mutations.slice(start, start + batchSize))
  return last
}

export function pull(
  app: FastifyInstance,
  device: Device,
  cookie: string | null = device.cookie,
  options: { body?: Record<string, unknown>; headers?: Record<string, string>; sessionCookie?: string | null } = {},
): Promise<LightMyRequestResponse> {
  const sessionCookie = options.sessionCookie === undefined ? device.user.cookie : options.sessionCookie
  return app.inject({
    method: 'POST',
    url: PULL_URL,
    headers: headersOf(device, options.headers),
    cookies: sessionCookie === null ? {} : { [SESSION_COOKIE]: sessionCookie },
    payload: JSON.stringify({ clientId: device.clientId, cookie, schemaVersion: SCHEMA_VERSION, ...options.body }),
  })
}

export async function pullOk(app: FastifyInstance, device: Device, cookie: string | null = device.cookie): Promise<PullResponse<SyncChange>> {
  const response = await pull(app, device, cookie)
  expect(response.statusCode, response.body).toBe(200)
  return response.json<PullResponse<SyncChange>>()
}

export interface PullSequence {
  pages: PullResponse<SyncChange>[]
  changes: SyncChange[]
  /** Of the last page. */
  lastMutationId: number
  cookie: string
}

/** [L2] Pulls from `cookie` until hasMore is false (bounded), and keeps the device's cookie. */
export async function pullAll(app: FastifyInstance, device: Device, cookie: string | null = device.cookie, maxPages = 50): Promise<PullSequence> {
  const pages: PullResponse<SyncChange>[] = []
  let next = cookie
  for (;;) {
    expect(pages.length, 'pull pages').toBeLessThan(maxPages)
    const page = await pullOk(app, device, next)
    pages.push(page)
    next = page.cookie
    if (!page.hasMore) break
  }
  device.cookie = next
  const last = pages[pages.length - 1]!
  return { pages, changes: pages.flatMap((page) => page.changes), lastMutationId: last.lastMutationId, cookie: last.cookie }
}

// ---- Reading changes and rows ----

/** A change's row key, as the device stores it: the product's own function, so tests and app agree. */
export { changeKey }

/** [A1] The photos in the changes, latest state per id, in the order they were taken. */
export function photosIn(changes: SyncChange[]) {
  const byId = new Map<string, Extract<SyncChange, { type: 'note-photo' }>['photo']>()
  for (const change of changes) if (change.type === 'note-photo') byId.set(change.photo.id, change.photo)
  return [...byId.values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
}

/** [N9] The quick-log lines in the changes, as a device shows them: in time order, ties by id. */
export function linesIn(changes: SyncChange[]) {
  return changes.flatMap((change) => (change.type === 'note-line' ? [change.line] : [])).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
}

export function bookmarksIn(changes: SyncChange[]) {
  return changes.filter((change) => change.type === 'bookmark')
}

export function notesIn(changes: SyncChange[]) {
  return changes.flatMap((change) => (change.type === 'note' ? [change.note] : []))
}

/** What a device holds after applying every change in order: the last change per row wins. */
export function latestByKey(changes: SyncChange[]): Map<string, SyncChange> {
  const rows = new Map<string, SyncChange>()
  for (const change of changes) rows.set(changeKey(change), change)
  return rows
}

export async function userVersion(db: Kysely<Database>, userId: string): Promise<number> {
  const row = await db.selectFrom('user_versions').select('version').where('user_id', '=', userId).executeTakeFirst()
  return row?.version ?? 0
}

export async function clientRow(db: Kysely<Database>, clientId: string) {
  return db.selectFrom('sync_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst()
}

/** Everything a push can store for a user and a device, to compare before and after a refused one. */
export async function storedState(db: Kysely<Database>, userId: string, clientId: string) {
  const [bookmarks, progress, notes, revisions, bases, rejected, client, version] = await Promise.all([
    db.selectFrom('bookmarks').selectAll().where('user_id', '=', userId).orderBy('slug').execute(),
    db.selectFrom('progress').selectAll().where('user_id', '=', userId).orderBy('slug').execute(),
    db.selectFrom('notes').selectAll().where('user_id', '=', userId).orderBy('id').execute(),
    db.selectFrom('note_revisions').selectAll().where('user_id', '=', userId).orderBy('note_id').orderBy('revision').execute(),
    db.selectFrom('note_client_bases').selectAll().where('user_id', '=', userId).orderBy('note_id').orderBy('client_id').execute(),
    db.selectFrom('rejected_mutations').selectAll().where('client_id', '=', clientId).orderBy('mutation_id').execute(),
    clientRow(db, clientId),
    db.selectFrom('user_versions').selectAll().where('user_id', '=', userId).executeTakeFirst(),
  ])
  return { bookmarks, progress, notes, revisions, bases, rejected, client, version }
}

// ---- Failures ----

/** A database error as the drivers raise them: `code` is SQLite's result code or PostgreSQL's SQLSTATE. */
export function databaseError(code: string): Error {
  return Object.assign(new Error(`simulated database failure (${code})`), { code })
}

/** The SQLSTATE / result code of a failure a retry can fix, per dialect ([P5]). */
export function transientCode(dialect: 'sqlite' | 'postgres'): string {
  return dialect === 'sqlite' ? 'SQLITE_BUSY' : '40001'
}

function tableName(node: OperationNode | undefined): string | undefined {
  return node?.kind === 'TableNode' ? (node as TableNode).table.identifier.name : undefined
}

export function tableOf(node: RootOperationNode): string | undefined {
  if (node.kind === 'InsertQueryNode') return tableName(node.into)
  if (node.kind === 'SelectQueryNode') return tableName(node.from?.froms[0])
  if (node.kind === 'UpdateQueryNode') return tableName(node.table)
  return undefined
}

/**
 * Fails the `nth` query (counted from when it is armed) of a kind on a table, after the database ran
 * it: the statement's effect is inside the transaction and must be rolled back with everything else.
 */
export class FailingQueryPlugin implements KyselyPlugin {
  private readonly matching = new WeakSet<object>()
  private seen = 0
  armed = false
  failures = 0

  constructor(private readonly rule: { kind: RootOperationNode['kind']; table: string; nth: number; error: () => Error }) {}

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.armed && args.node.kind === this.rule.kind && tableOf(args.node) === this.rule.table) this.matching.add(args.queryId)
    return args.node
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.armed && this.matching.has(args.queryId) && ++this.seen === this.rule.nth) {
      this.failures++
      throw this.rule.error()
    }
    return args.result
  }

  arm(): void {
    this.armed = true
    this.seen = 0
  }

  disarm(): void {
    this.armed = false
  }
}

// ---- Waiting ----

/** Rejects after `ms`, so that every wait in a test is bounded. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms: ${what}`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
