// Opens the server database named by DATABASE_URL (SQLite by default, PostgreSQL for postgres://)
// and brings its schema up to date.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely'
import pg from 'pg'
import { migrationProvider } from './migrations'
import type { Database } from './schema'

export type DialectName = 'sqlite' | 'postgres'

export interface ServerDb {
  db: Kysely<Database>
  dialect: DialectName
  close: () => Promise<void>
}

// PostgreSQL returns bigint as a string by default; our versions fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value))

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url)
}

export function sqliteFileFromUrl(url: string): string {
  const file = url.replace(/^(sqlite|file):(\/\/)?/, '')
  if (file === '') throw new Error(`DATABASE_URL "${url}" names no SQLite file`)
  return file
}

export async function openDatabase(url: string, options: { searchPath?: string } = {}): Promise<ServerDb> {
  const serverDb = isPostgresUrl(url) ? openPostgres(url, options.searchPath) : openSqlite(sqliteFileFromUrl(url))
  // Kysely looks for its migration tables in every schema: name the one we work in, or a migrated
  // sibling schema on the same PostgreSQL makes it skip creating them here.
  const migrationSchema = serverDb.dialect === 'postgres' ? await currentSchema(serverDb.db) : undefined
  await migrateToLatest(serverDb.db, migrationSchema)
  return serverDb
}

function openSqlite(file: string): ServerDb {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  // An acknowledged write must survive a power cut, not only a crash of this process.
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  return { db, dialect: 'sqlite', close: () => db.destroy() }
}

function openPostgres(url: string, searchPath?: string): ServerDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(searchPath ? { options: `-c search_path=${searchPath}` } : {}),
  })
  // A connection PostgreSQL drops (restart, failover, idle timeout) emits 'error'; unheard, that ends the
  // process. The query under way fails on its own and the push answers 503, so logging is enough here.
  const logLost = (error: Error) => console.error(`PostgreSQL connection lost: ${error.message}`)
  pool.on('error', logLost)
  pool.on('connect', (client) => client.on('error', logLost))
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { db, dialect: 'postgres', close: () => db.destroy() }
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db)
  const schema = rows[0]?.schema
  if (!schema) throw new Error('PostgreSQL has no current schema: check the search_path of DATABASE_URL')
  return schema
}

async function migrateToLatest(db: Kysely<Database>, migrationTableSchema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, ...(migrationTableSchema ? { migrationTableSchema } : {}) })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`)
  }
}
