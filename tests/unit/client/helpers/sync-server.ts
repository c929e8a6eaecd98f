// The real sync server for client sync tests: the app listening on a free port over a SQLite file (so that
// it can stop and start again on the same data), a browser-like fetch with the session cookie, and
// devices of one user, each its own `userdata` database and SyncEngine.
//   const { a, b } = await twoDevices()
//   await createNote(a.db, …); await expectSynced(a); await expectSynced(b)
import 'fake-indexeddb/auto'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { expect, onTestFinished } from 'vitest'
import { readNote, saveNote } from '../../../../src/client/db/user-actions'
import type { UserDataDb } from '../../../../src/client/db/userdata'
import type { NoteFields } from '../../../../src/shared/sync/note'
import { type RejectedMutation, SyncEngine, type SyncStatus } from '../../../../src/client/sync/sync-engine'
import { type AppOptions, buildApp } from '../../../../src/server/app'
import { openDatabase, type ServerDb } from '../../../../src/server/db/database'
import { AUTH_PATHS } from '../../../../src/shared/auth'
import { createContentDir, createTempDir, writeSampleContent } from '../../../factories/content-factory'
import { createTestUserData } from './test-databases'

export interface TestServer {
  /** The origin the server listens on now. */
  origin: string
  stop: () => Promise<void>
  /** Listens again on the same database (and port). */
  restart: () => Promise<void>
}

/** The real app, with its sync routes, on a free port over a SQLite file. */
export async function startServer(options: Partial<Pick<AppOptions, 'photoQuotaBytes'>> = {}): Promise<TestServer> {
  const dir = createTempDir('slimmernetwerk-sync-')
  const serverDb: ServerDb = await openDatabase(`sqlite:${path.join(dir, 'server.db')}`)
  const contentDir = createContentDir()
  writeSampleContent(contentDir)
  const distDir = createTempDir('slimmernetwerk-dist-')
  let app: FastifyInstance | undefined
  let port = 0

  const listen = async () => {
    const built = await buildApp({ ...options, serverDb, contentDir, distDir, passwordCost: { N: 2 ** 10 } })
    await built.listen({ port, host: '127.0.0.1' })
    port = (built.server.address() as AddressInfo).port
    app = built
  }
  const stop = async () => {
    await app?.close()
    app = undefined
  }
  onTestFinished(async () => {
    await stop()
    await serverDb.close()
  })
  await listen()
  const server: TestServer = { origin: `http://127.0.0.1:${port}`, stop, restart: listen }
  return server
}

export interface Session {
  /** `snw_session=…`, as a browser would send it; '' when signed out. */
  cookie: string
}

/**
 * Node's fetch as a browser on the server's origin: relative URLs, the session cookie on every call
 * (Node keeps no cookies), and an Origin header on POSTs (the server's CSRF check).
 */
export function browserFetch(server: TestServer, session: Session): typeof fetch {
  return async (input, init = {}) => {
    const headers = new Headers(init.headers)
    if (session.cookie) headers.set('cookie', session.cookie)
    if ((init.method ?? 'GET') !== 'GET') headers.set('origin', server.origin)
    return fetch(new URL(String(input), server.origin), { ...init, headers })
  }
}

let nextUser = 1

export async function register(server: TestServer): Promise<Session> {
  const session: Session = { cookie: '' }
  const number = nextUser++
  const response = await browserFetch(server, session)(AUTH_PATHS.register, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: `apparaat${number}-${crypto.randomUUID()}@example.nl`, displayName: `Coach ${number}`, password: 'lange-zin-over-de-doetank' }),
  })
  expect(response.status, await response.clone().text()).toBe(201)
  const setCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith('snw_session='))
  expect(setCookie).toBeDefined()
  session.cookie = setCookie!.split(';')[0]!
  return session
}

export interface Device {
  db: UserDataDb
  engine: SyncEngine
  statuses: SyncStatus[]
  rejected: RejectedMutation[]
}

export function device(server: TestServer, session: Session): Device {
  const db = createTestUserData()
  const statuses: SyncStatus[] = []
  const rejected: RejectedMutation[] = []
  const engine = new SyncEngine({
    db,
    fetch: browserFetch(server, session),
    locks: null,
    isSignedIn: () => true,
    onStatus: (status) => statuses.push(status),
    onRejected: (mutations) => rejected.push(...mutations),
  })
  onTestFinished(() => engine.stop())
  return { db, engine, statuses, rejected }
}

export async function twoDevices() {
  const server = await startServer()
  const session = await register(server)
  return { server, session, a: device(server, session), b: device(server, session) }
}

export async function expectSynced(device: Device): Promise<void> {
  const status = await device.engine.syncNow()
  expect(status, JSON.stringify(status.error)).toMatchObject({ state: 'synced', pending: 0 })
}

export async function edit(db: UserDataDb, id: string, change: Partial<NoteFields>, now?: number): Promise<void> {
  const note = await readNote(db, id)
  await saveNote(db, id, { ...note!.fields, ...change }, now)
}
