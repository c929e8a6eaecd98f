// Export and account deletion for server tests: fetch and unzip an export, delete an account, and count
// every row a user has in every table of the database (so that a table added later is not forgotten).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { strFromU8, unzipSync } from 'fflate'
import { type Kysely, sql } from 'kysely'
import { expect } from 'vitest'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import type { ServerDb } from '../../../src/server/db/database'
import type { Database } from '../../../src/server/db/schema'
import { ACCOUNT_JSON_FILE, ACCOUNT_PATHS, type AccountExport } from '../../../src/shared/account-export'

export function requestExport(app: FastifyInstance, sessionCookie: string | null): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'GET', url: ACCOUNT_PATHS.export, cookies: sessionCookie === null ? {} : { [SESSION_COOKIE]: sessionCookie } })
}

export interface UnzippedExport {
  account: AccountExport
  /** Every file in the ZIP by its path, as text. */
  files: Map<string, string>
  /** The same, as bytes (for photos). */
  bytes: Map<string, Uint8Array>
}

export function unzipExport(response: LightMyRequestResponse): UnzippedExport {
  const entries = unzipSync(new Uint8Array(response.rawPayload))
  const files = new Map(Object.entries(entries).map(([name, bytes]) => [name, strFromU8(bytes)]))
  const json = files.get(ACCOUNT_JSON_FILE)
  expect(json, 'account.json in the ZIP').toBeDefined()
  return { account: JSON.parse(json!) as AccountExport, files, bytes: new Map(Object.entries(entries)) }
}

export async function exportOk(app: FastifyInstance, sessionCookie: string): Promise<UnzippedExport> {
  const response = await requestExport(app, sessionCookie)
  expect(response.statusCode, response.body).toBe(200)
  return unzipExport(response)
}

export function requestDelete(
  app: FastifyInstance,
  sessionCookie: string | null,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'DELETE',
    url: ACCOUNT_PATHS.account,
    headers: { 'content-type': 'application/json', ...headers },
    cookies: sessionCookie === null ? {} : { [SESSION_COOKIE]: sessionCookie },
    payload: JSON.stringify(body),
  })
}

/** Tables that hold no user's data. */
const TABLES_WITHOUT_USER_DATA = new Set(['content_items', 'content_state'])

async function tablesOf({ db, dialect }: ServerDb) {
  const tables = await db.introspection.getTables()
  if (dialect === 'sqlite') return tables.filter((table) => !table.isView)
  // On PostgreSQL the introspection sees the other tests' schemas too: keep this test's own.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
  return tables.filter((table) => !table.isView && table.schema === rows[0]?.schema)
}

/**
 * How many rows the user has in each table of the database. Rejected mutations belong to the user
 * through their devices: pass the device ids (read before a delete, which removes the devices too).
 * A table this function does not know how to attribute fails the test: say here how its rows belong to a user.
 */
export async function rowsPerTable(serverDb: ServerDb, userId: string, clientIds: string[]): Promise<Record<string, number>> {
  const { db } = serverDb
  const counts: Record<string, number> = {}
  for (const table of await tablesOf(serverDb)) {
    if (TABLES_WITHOUT_USER_DATA.has(table.name)) continue
    const columns = new Set(table.columns.map((column) => column.name))
    let where
    if (table.name === 'users') where = sql`id = ${userId}`
    else if (columns.has('user_id')) where = sql`user_id = ${userId}`
    else if (columns.has('client_id')) where = clientIds.length === 0 ? sql`1 = 0` : sql`client_id in (${sql.join(clientIds)})`
    else throw new Error(`Table ${table.name}: rowsPerTable does not know whose rows it holds`)
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table.name)} where ${where}`.execute(db)
    counts[table.name] = Number(rows[0]?.n ?? 0)
  }
  return counts
}

export async function clientIdsOf(db: Kysely<Database>, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('sync_clients').select('client_id').where('user_id', '=', userId).execute()
  return rows.map((row) => row.client_id)
}
