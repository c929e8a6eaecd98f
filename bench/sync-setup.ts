// Setup for the sync benches: the real server (src/server/server.ts) in its own process over a throw-away
// SQLite file or a fresh PostgreSQL database, users signed up through the real register route, and a
// small JSON POST helper. Loopback only.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { AUTH_PATHS } from '../src/shared/auth'
import { type ServerProcess, startServerProcess } from './app-server'

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test'
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])
/** The register route allows 10 sign-ups per client address and hour (AUTH_RATE_LIMITS.registerPerIp). */
const SIGNUPS_PER_ADDRESS = 10

export interface SyncDatabase {
  name: 'SQLite' | 'PostgreSQL'
  url: string
  /** Deletes the file or drops the schema. */
  drop: () => Promise<void>
  /** Throws unless the server created its tables where this database says (PostgreSQL: the schema of the URL). */
  verify: () => Promise<void>
}

export function sqliteDatabase(): SyncDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'snw-sync-bench-'))
  return { name: 'SQLite', url: `sqlite:${path.join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }), verify: async () => {} }
}

async function pgQuery(url: string, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    return (await client.query(text, values)).rows as Record<string, unknown>[]
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * A fresh database on the PostgreSQL server of `baseUrl`, dropped afterwards; a string says why there is none.
 * Not a schema in the shared database: there, the server's start-up migration (Kysely introspects the tables
 * of every schema) fails with "schema … does not exist" when someone drops another schema at that moment.
 * Without the right to create a database, a fresh schema named in the URL's search_path is the fallback.
 */
export async function postgresDatabase(baseUrl: string): Promise<SyncDatabase | string> {
  const base = new URL(baseUrl)
  if (!LOOPBACK.has(base.hostname)) return `PostgreSQL at ${base.hostname} is not a loopback address: not benched`
  const name = `snw_bench_${randomBytes(6).toString('hex')}`
  let url: string
  let drop: () => Promise<void>
  try {
    await pgQuery(baseUrl, `create database ${name}`)
    url = Object.assign(new URL(baseUrl), { pathname: `/${name}` }).href
    drop = async () => void (await pgQuery(baseUrl, `drop database if exists ${name} with (force)`))
  } catch (error) {
    if ((error as { code?: string }).code !== '42501') {
      return `PostgreSQL unreachable at ${base.hostname}:${base.port || 5432} (${error instanceof Error ? error.message : String(error)}); set BENCH_POSTGRES_URL`
    }
    await pgQuery(baseUrl, `create schema ${name}`)
    url = `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${name}`)}`
    drop = async () => void (await pgQuery(baseUrl, `drop schema if exists ${name} cascade`))
  }
  return {
    name: 'PostgreSQL',
    url,
    drop,
    verify: async () => {
      const rows = await pgQuery(url, 'select count(*)::int as n from information_schema.tables where table_schema = current_schema()')
      if (!(Number(rows[0]?.n) > 0)) throw new Error(`the server created no tables in ${name}`)
    },
  }
}

export type SyncServer = ServerProcess

/** The real server on a free loopback port, without content watching (no built app needed). */
export async function startSyncServer(repoDir: string, databaseUrl: string): Promise<SyncServer> {
  const distDir = mkdtempSync(path.join(os.tmpdir(), 'snw-sync-dist-'))
  return startServerProcess({
    repoDir,
    env: { DATABASE_URL: databaseUrl, DIST_DIR: distDir, CONTENT_DIR: path.join(repoDir, 'content') },
    cleanUp: () => rmSync(distDir, { recursive: true, force: true }),
  })
}

export interface JsonAnswer {
  status: number
  text: string
  setCookie: string[]
}

/** POST as the app does: JSON, the server's own Origin, the session cookie; from `localAddress` if given. */
export function postJson(origin: string, pathname: string, body: unknown, options: { cookie?: string; localAddress?: string } = {}): Promise<JsonAnswer> {
  const payload = JSON.stringify(body)
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), origin, ...(options.cookie ? { cookie: options.cookie } : {}) }
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(pathname, origin), { method: 'POST', agent: false, localAddress: options.localAddress, timeout: 30_000, headers }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text, setCookie: response.headers['set-cookie'] ?? [] }))
      response.on('error', reject)
    })
    request.on('timeout', () => request.destroy(new Error(`POST ${pathname} timed out`)))
    request.on('error', reject)
    request.end(payload)
  })
}

/**
 * Signs up `count` users and answers their `snw_session=…` cookies. The register route allows 10 sign-ups
 * per client address and hour, so each group of 10 comes from its own loopback address (127.0.0.2, .3, …),
 * as people behind different addresses would: the server's limit itself is left as it is. Two at a time:
 * each sign-up is one scrypt hash (N=2^17, 128 MiB), and the machine has two cores.
 */
export async function registerUsers(origin: string, count: number): Promise<string[]> {
  const tag = randomBytes(4).toString('hex')
  const signUp = async (n: number): Promise<string> => {
    const localAddress = `127.0.0.${2 + Math.floor(n / SIGNUPS_PER_ADDRESS)}`
    const body = { email: `bench-${tag}-${n}@example.nl`, displayName: `Bench ${n}`, password: 'lange-zin-over-de-doetank-bench' }
    const answer = await postJson(origin, AUTH_PATHS.register, body, { localAddress })
    const cookie = answer.setCookie.find((line) => line.startsWith('snw_session='))?.split(';')[0]
    if (answer.status !== 201 || !cookie) throw new Error(`register ${n} from ${localAddress}: ${answer.status} ${answer.text}`)
    return cookie
  }
  const cookies: string[] = []
  for (let n = 0; n < count; n += 2) cookies.push(...(await Promise.all([n, n + 1].filter((i) => i < count).map(signUp))))
  return cookies
}
