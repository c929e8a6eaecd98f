// The security sweep's table of every API route (method, path, body, who may call it) and what the
// sweep tests share: a fixture with a signed-in user who has data, a valid request per route, a dump of
// the whole database (to prove a refused request stored nothing) and the one shape of an API error.
// routes.test.ts fails when the server has an API route this table does not name: a new route joins the sweep.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { expect } from 'vitest'
import type { AppOptions } from '../../../src/server/app'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import type { ServerDb } from '../../../src/server/db/database'
import { ACCOUNT_PATHS } from '../../../src/shared/account-export'
import { AUTH_PATHS } from '../../../src/shared/auth'
import { photoPath } from '../../../src/shared/sync/note-photo'
import { MAX_SYNC_BODY_BYTES, SCHEMA_VERSION } from '../../../src/shared/sync/protocol'
import { GOOD_PASSWORD, makeRegistration } from '../auth/auth-helpers'
import type { TestDatabase } from '../helpers/test-databases'
import { type PushedPhoto, pushPhoto, uploadPhoto } from '../sync/photo-helpers'
import { bookmarkSet, buildSyncTestApp, type Device, EVENTS_URL, noteSave, PULL_URL, PUSH_URL, pushOk, signedInDevice, type SyncTestApp } from '../sync/sync-helpers'

export const HOST = 'slimmernetwerk.test'
export const OWN_ORIGIN = `http://${HOST}`
export const EVIL_ORIGIN = 'https://evil.example'

/** Anna, signed in, with a note, an uploaded photo and one whose bytes have not arrived; Bram, signed in, with nothing. */
export interface SweepFixture extends SyncTestApp {
  anna: Device
  bram: Device
  noteId: string
  uploaded: PushedPhoto
  pending: PushedPhoto
}

export async function sweepFixture(testDatabase: TestDatabase, app: Partial<AppOptions> = {}): Promise<SweepFixture> {
  const syncApp = await buildSyncTestApp(testDatabase, { app })
  const anna = await signedInDevice(syncApp.app)
  const bram = await signedInDevice(syncApp.app)
  const noteId = randomUUID()
  await pushOk(syncApp.app, anna, [noteSave(1, noteId, 0, { title: 'Van Anna', body: 'geheim-van-anna' }), bookmarkSet(2, 'verhaal-a')])
  const uploaded = await pushPhoto(syncApp.app, anna, noteId, { mutationId: 3, seed: 3, args: { alt: 'alt-van-anna' } })
  expect((await uploadPhoto(syncApp.app, anna, uploaded.id, uploaded.bytes)).statusCode).toBe(204)
  const pending = await pushPhoto(syncApp.app, anna, noteId, { mutationId: 4, seed: 4 })
  return { ...syncApp, anna, bram, noteId, uploaded, pending }
}

export type BodyKind = 'none' | 'json' | 'image'

export interface SweepRequest {
  url: string
  /** A JSON value for `json` routes, the bytes for `image` routes. */
  payload?: unknown
}

export interface SweptRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** The route as Fastify names it (`/api/v1/photos/:id`). */
  route: string
  body: BodyKind
  /** The route's body limit in bytes, for a body one byte larger (413). */
  bodyLimit?: number
  /** Whether it reads or writes a signed-in user's data (401 without a session). */
  needsSession: boolean
  /** A request Anna's own browser makes that the route takes (2xx); undefined for the event stream (inject cannot end it). */
  valid?: (fixture: SweepFixture) => SweepRequest
  /** The valid body with one field of a type the schema refuses. */
  wrongType?: (fixture: SweepFixture) => unknown
  /** URLs whose query or path parameters the route's schema refuses (400). */
  badQuery?: (fixture: SweepFixture) => string[]
}

const AUTH_BODY_LIMIT = 16 * 1024
const pushBody = (fixture: SweepFixture) => ({ clientId: fixture.anna.clientId, schemaVersion: SCHEMA_VERSION, mutations: [bookmarkSet(3, 'verhaal-b')] })
const pullBody = (fixture: SweepFixture) => ({ clientId: fixture.anna.clientId, schemaVersion: SCHEMA_VERSION, cookie: null })
const deleteAccount = (route: string): SweptRoute => ({
  method: 'DELETE',
  route,
  body: 'json',
  bodyLimit: 16 * 1024,
  needsSession: true,
  valid: () => ({ url: route, payload: { password: GOOD_PASSWORD } }),
  wrongType: () => ({ password: 12345678901 }),
})

/** Every API route of the server. */
export const SWEPT_ROUTES: SweptRoute[] = [
  { method: 'GET', route: '/api/v1/health', body: 'none', needsSession: false, valid: () => ({ url: '/api/v1/health' }) },
  {
    method: 'GET',
    route: '/api/v1/content',
    body: 'none',
    needsSession: false,
    valid: () => ({ url: '/api/v1/content' }),
    badQuery: () => ['/api/v1/content?onbekend=1', '/api/v1/content?since=abc', '/api/v1/content?view=alles', `/api/v1/content?since=${'9'.repeat(40)}`, '/api/v1/content?since=1&since=2'],
  },
  {
    method: 'POST',
    route: AUTH_PATHS.register,
    body: 'json',
    bodyLimit: AUTH_BODY_LIMIT,
    needsSession: false,
    valid: () => ({ url: AUTH_PATHS.register, payload: makeRegistration() }),
    wrongType: () => ({ ...makeRegistration(), displayName: ['Anna'] }),
  },
  {
    method: 'POST',
    route: AUTH_PATHS.login,
    body: 'json',
    bodyLimit: AUTH_BODY_LIMIT,
    needsSession: false,
    valid: (fixture) => ({ url: AUTH_PATHS.login, payload: { email: fixture.anna.user.user.email, password: fixture.anna.user.password } }),
    wrongType: (fixture) => ({ email: fixture.anna.user.user.email, password: { $ne: '' } }),
  },
  { method: 'POST', route: AUTH_PATHS.logout, body: 'none', bodyLimit: AUTH_BODY_LIMIT, needsSession: false, valid: () => ({ url: AUTH_PATHS.logout }) },
  { method: 'GET', route: AUTH_PATHS.me, body: 'none', needsSession: true, valid: () => ({ url: AUTH_PATHS.me }) },
  {
    method: 'POST',
    route: AUTH_PATHS.password,
    body: 'json',
    bodyLimit: AUTH_BODY_LIMIT,
    needsSession: true,
    valid: () => ({ url: AUTH_PATHS.password, payload: { currentPassword: GOOD_PASSWORD, newPassword: 'een-nieuw-lang-wachtwoord' } }),
    wrongType: () => ({ currentPassword: GOOD_PASSWORD, newPassword: 42 }),
  },
  deleteAccount(ACCOUNT_PATHS.account),
  deleteAccount(`${ACCOUNT_PATHS.account}/`),
  { method: 'GET', route: ACCOUNT_PATHS.export, body: 'none', needsSession: true, valid: () => ({ url: ACCOUNT_PATHS.export }) },
  {
    method: 'POST',
    route: PUSH_URL,
    body: 'json',
    bodyLimit: MAX_SYNC_BODY_BYTES,
    needsSession: true,
    valid: (fixture) => ({ url: PUSH_URL, payload: pushBody(fixture) }),
    wrongType: (fixture) => ({ ...pushBody(fixture), mutations: 'bookmark.set' }),
  },
  {
    method: 'POST',
    route: PULL_URL,
    body: 'json',
    bodyLimit: 4096,
    needsSession: true,
    valid: (fixture) => ({ url: PULL_URL, payload: pullBody(fixture) }),
    wrongType: (fixture) => ({ ...pullBody(fixture), cookie: 0 }),
  },
  {
    method: 'GET',
    route: EVENTS_URL,
    body: 'none',
    needsSession: true,
    badQuery: (fixture) => [EVENTS_URL, `${EVENTS_URL}?clientId=telefoon`, `${EVENTS_URL}?clientId=${fixture.anna.clientId}&extra=1`],
  },
  {
    method: 'PUT',
    route: '/api/v1/photos/:id',
    body: 'image',
    needsSession: true,
    valid: (fixture) => ({ url: photoPath(fixture.pending.id), payload: fixture.pending.bytes }),
    badQuery: () => ['/api/v1/photos/niet-een-uuid', '/api/v1/photos/..%2F..%2Fetc%2Fpasswd'],
  },
  {
    method: 'GET',
    route: '/api/v1/photos/:id',
    body: 'none',
    needsSession: true,
    valid: (fixture) => ({ url: photoPath(fixture.uploaded.id) }),
    badQuery: () => ['/api/v1/photos/niet-een-uuid', `/api/v1/photos/${randomUUID()}x`],
  },
]

export const STATE_CHANGING_ROUTES = SWEPT_ROUTES.filter((route) => route.method !== 'GET')
export const JSON_ROUTES = SWEPT_ROUTES.filter((route) => route.body === 'json')
export const routeName = (route: SweptRoute) => `${route.method} ${route.route}`

export interface SendOptions {
  /** The session cookie to send; Anna's by default, null for none. */
  sessionCookie?: string | null
  headers?: Record<string, string>
  /** The raw body and its type, instead of the request's own. */
  raw?: { payload: string | Buffer; contentType: string }
}

/** Sends a request as a browser on HOST would (Host header set), with Anna's session cookie unless told otherwise. */
export function send(fixture: SweepFixture, route: SweptRoute, request: SweepRequest, options: SendOptions = {}): Promise<LightMyRequestResponse> {
  const sessionCookie = options.sessionCookie === undefined ? fixture.anna.user.cookie : options.sessionCookie
  const headers: Record<string, string> = { host: HOST, ...options.headers }
  let payload: string | Buffer | undefined
  if (options.raw) {
    payload = options.raw.payload
    headers['content-type'] = options.raw.contentType
  } else if (route.body === 'json') {
    payload = JSON.stringify(request.payload)
    headers['content-type'] = 'application/json'
  } else if (route.body === 'image') {
    payload = request.payload as Buffer
    headers['content-type'] = 'image/png'
  }
  return injectRaw(fixture.app, { method: route.method, url: request.url, headers, payload, sessionCookie })
}

export function injectRaw(
  app: FastifyInstance,
  options: { method: SweptRoute['method']; url: string; headers?: Record<string, string>; payload?: string | Buffer; sessionCookie?: string | null },
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: options.method,
    url: options.url,
    headers: options.headers ?? {},
    ...(options.payload === undefined ? {} : { payload: options.payload }),
    cookies: options.sessionCookie ? { [SESSION_COOKIE]: options.sessionCookie } : {},
  })
}

/** The one shape of an API error (shared/api-error.ts): JSON with a code and a message, never a stack or HTML. */
export function expectApiError(response: LightMyRequestResponse, status: number, code?: string): void {
  const what = `${response.statusCode} ${response.body.slice(0, 300)}`
  expect(response.statusCode, what).toBe(status)
  expect(response.headers['content-type'], what).toMatch(/^application\/json/)
  expect(response.headers['x-content-type-options']).toBe('nosniff')
  const body = response.json<{ error?: { code?: unknown; message?: unknown } }>()
  expect(Object.keys(body), what).toEqual(['error'])
  expect(Object.keys(body.error ?? {}).sort(), what).toEqual(['code', 'message'])
  expect(body.error!.code, what).toEqual(expect.stringMatching(/^[a-z0-9_]+$/))
  expect(body.error!.message, what).toEqual(expect.stringMatching(/\S/))
  if (code) expect(body.error!.code, what).toBe(code)
  expect(response.body, what).not.toMatch(/<html|<body|\n\s+at |node_modules|\/src\/server\//i)
}

async function tablesOf({ db, dialect }: ServerDb): Promise<string[]> {
  const tables = (await db.introspection.getTables()).filter((table) => !table.isView)
  if (dialect === 'sqlite') return tables.map((table) => table.name).sort()
  // On PostgreSQL the introspection sees the other tests' schemas too: keep this test's own.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
  return tables.filter((table) => table.schema === rows[0]?.schema).map((table) => table.name).sort()
}

/** Every row of every table, as text: equal before and after means the request stored nothing. */
export async function databaseDump(serverDb: ServerDb): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {}
  for (const table of await tablesOf(serverDb)) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(serverDb.db)
    dump[table] = rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value))).sort()
  }
  return dump
}
