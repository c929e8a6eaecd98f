// The real server of the sync fuzz: buildApp on a database handle, restarted as a restarted process would
// be (close the app, reopen the database, build a new app on it), users signed up through the real
// register route, and the server's view of a user read back through a pull from a fresh clientId.
// Requests go through `app.inject`: the whole Fastify path (hooks, validation, routes, repositories) runs,
// and a run is deterministic and fast (no sockets, no ports to free after a restart); faults are made in
// the devices' fetch (fuzz-network.ts), not on the wire. No vitest here: the bench imports it too.
import { randomUUID } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { changeKey } from '../../../src/client/db/row-keys'
import { buildApp } from '../../../src/server/app'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import type { ServerDb } from '../../../src/server/db/database'
import { AUTH_PATHS } from '../../../src/shared/auth'
import type { SyncChange } from '../../../src/shared/sync/changes'
import { type PullResponse, SCHEMA_VERSION } from '../../../src/shared/sync/protocol'

/** What the fuzz needs of a database: TEST_DATABASES' handle in vitest, fuzz-database.ts in the bench. */
export interface FuzzDatabaseHandle {
  serverDb: ServerDb
  /** Closes the connection and opens the same database again, as a restarted server does. */
  reopen: () => Promise<ServerDb>
}

const PULL_PATH = '/api/v1/sync/pull'
/** Pull pages a fresh device may need to read a user's whole state; more means the server loops. */
const MAX_STATE_PAGES = 1000
/**
 * [L2] Small pages: most pulls take several, so a pull can be held between two pages and the user's
 * actions land between them; the acknowledgement comes only with the last page.
 */
const PULL_PAGE_SIZE = 4

let nextAddress = 1

export class FuzzServer {
  private app: FastifyInstance | undefined
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'snw-sync-fuzz-'))
  restarts = 0

  constructor(private readonly database: FuzzDatabaseHandle) {
    mkdirSync(path.join(this.dir, 'dist'))
    mkdirSync(path.join(this.dir, 'content', 'images'), { recursive: true })
  }

  async start(): Promise<void> {
    const app = await buildApp({
      serverDb: this.database.serverDb,
      distDir: path.join(this.dir, 'dist'),
      contentDir: path.join(this.dir, 'content'),
      // Sign-ups are not what is tested: the cheapest scrypt cost the app takes.
      passwordCost: { N: 2 ** 10 },
      // The fuzz pushes far more often than a person: the push limit has tests of its own.
      pushesPerMinute: 1_000_000,
      pullPageSize: PULL_PAGE_SIZE,
    })
    await app.ready()
    this.app = app
  }

  async restart(): Promise<void> {
    await this.app?.close()
    this.app = undefined
    await this.database.reopen()
    await this.start()
    this.restarts++
  }

  async close(): Promise<void> {
    await this.app?.close()
    this.app = undefined
    rmSync(this.dir, { recursive: true, force: true })
  }

  get serverDb(): ServerDb {
    return this.database.serverDb
  }

  inject(options: InjectOptions): Promise<LightMyRequestResponse> {
    if (!this.app) throw new Error('the fuzz server is not running')
    return this.app.inject(options)
  }

  /**
   * Signs up a new user and answers the session cookie (`snw_session=…`). Each sign-up comes from its own
   * address: the register route allows 10 per address and hour, and a long run signs up hundreds.
   */
  async register(): Promise<string> {
    const n = nextAddress++
    const response = await this.inject({
      method: 'POST',
      url: AUTH_PATHS.register,
      remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      payload: { email: `fuzz-${randomUUID()}@example.nl`, displayName: `Fuzz ${n}`, password: 'lange-zin-over-de-doetank' },
    })
    const token = response.cookies.find((cookie) => cookie.name === SESSION_COOKIE)?.value
    if (response.statusCode !== 201 || !token) throw new Error(`register: ${response.statusCode} ${response.body}`)
    return `${SESSION_COOKIE}=${token}`
  }

  /** Everything of the user as a new device of theirs would pull it: the latest state of each row. */
  async stateOf(sessionCookie: string): Promise<Map<string, SyncChange>> {
    const clientId = randomUUID()
    const rows = new Map<string, SyncChange>()
    let cookie: string | null = null
    for (let page = 0; page < MAX_STATE_PAGES; page++) {
      const response = await this.inject({
        method: 'POST',
        url: PULL_PATH,
        headers: { 'content-type': 'application/json', cookie: sessionCookie },
        payload: JSON.stringify({ clientId, cookie, schemaVersion: SCHEMA_VERSION }),
      })
      if (response.statusCode !== 200) throw new Error(`state pull: ${response.statusCode} ${response.body}`)
      const answer = response.json<PullResponse<SyncChange>>()
      for (const change of answer.changes) rows.set(changeKey(change), change)
      if (!answer.hasMore) return rows
      cookie = answer.cookie
    }
    throw new Error(`state pull: still hasMore after ${MAX_STATE_PAGES} pages`)
  }

  /** The server's acknowledgement of a device ([P1]): what it stored with the device's last push. */
  async lastMutationIdOf(clientId: string): Promise<number> {
    const row = await this.database.serverDb.db.selectFrom('sync_clients').select('last_mutation_id').where('client_id', '=', clientId).executeTakeFirst()
    return row?.last_mutation_id ?? 0
  }

  /** The user's change version: a device that pulled everything has it as its cookie. */
  async versionOf(sessionCookie: string): Promise<number> {
    const token = sessionCookie.slice(SESSION_COOKIE.length + 1)
    const me = await this.inject({ method: 'GET', url: AUTH_PATHS.me, cookies: { [SESSION_COOKIE]: token } })
    const userId = me.json<{ user: { id: string } }>().user.id
    const row = await this.database.serverDb.db.selectFrom('user_versions').select('version').where('user_id', '=', userId).executeTakeFirst()
    return row?.version ?? 0
  }
}
