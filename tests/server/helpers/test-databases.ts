// Both server databases, for `describe.each(TEST_DATABASES)`: every server test runs on SQLite and PostgreSQL.
// Each call of create() gives the current test its own empty database (a temp SQLite file, or a random
// PostgreSQL schema), closed and removed when the test finishes: no table is shared between tests or files.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { onTestFinished } from 'vitest'
import { type DialectName, openDatabase, type ServerDb } from '../../../src/server/db/database'

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface TestDatabaseHandle {
  /** The open connection; replaced by reopen(). */
  serverDb: ServerDb
  /** Closes the connection and opens the same database again, as a restarted server does. */
  reopen: () => Promise<ServerDb>
}

export interface TestDatabase {
  /** For test names: `describe.each(TEST_DATABASES)('… on $name', …)`. */
  name: string
  dialect: DialectName
  /** A fresh, migrated database for the current test (call it inside the test, not in a hook). */
  create: () => Promise<TestDatabaseHandle>
}

const sqlite: TestDatabase = {
  name: 'SQLite',
  dialect: 'sqlite',
  create: () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'slimmernetwerk-db-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    return openHandle(() => openDatabase(`sqlite:${path.join(dir, 'server.db')}`))
  },
}

const postgres: TestDatabase = {
  name: 'PostgreSQL',
  dialect: 'postgres',
  create: async () => {
    const schema = `test_${randomBytes(8).toString('hex')}`
    await runAdminQuery(`CREATE SCHEMA ${schema}`)
    // Kysely's migrator looks through every schema's tables; a schema dropped by a test running in
    // parallel at that moment makes it fail. Migrations share a lock that dropping takes alone.
    onTestFinished(() => withSchemaLock('exclusive', () => runAdminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)))
    return openHandle(() => withSchemaLock('shared', () => openDatabase(TEST_POSTGRES_URL, { searchPath: schema })))
  },
}

export const TEST_DATABASES: TestDatabase[] = [sqlite, postgres]

async function openHandle(open: () => Promise<ServerDb>): Promise<TestDatabaseHandle> {
  const handle: TestDatabaseHandle = {
    serverDb: await open(),
    reopen: async () => {
      await handle.serverDb.close()
      handle.serverDb = await open()
      return handle.serverDb
    },
  }
  // Registered after the schema's cleanup, so it runs first: hooks run in reverse order.
  onTestFinished(() => handle.serverDb.close())
  return handle
}

const SCHEMA_LOCK_KEY = 4_242_001

async function withSchemaLock<T>(mode: 'shared' | 'exclusive', work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await client.connect()
  const suffix = mode === 'shared' ? '_shared' : ''
  try {
    await client.query(`SELECT pg_advisory_lock${suffix}($1)`, [SCHEMA_LOCK_KEY])
    return await work()
  } finally {
    await client.query(`SELECT pg_advisory_unlock${suffix}($1)`, [SCHEMA_LOCK_KEY]).catch(() => {})
    await client.end()
  }
}

async function runAdminQuery(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await client.connect()
  try {
    await client.query(query)
  } finally {
    await client.end()
  }
}
