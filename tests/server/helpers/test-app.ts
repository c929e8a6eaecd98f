// Builds the Fastify app for a test, in the way of fastify/demo's test/helper.ts: a database, imported
// content and a small built app shell, all closed and removed when the test finishes. Inject requests into `app`.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { onTestFinished } from 'vitest'
import { type AppOptions, buildApp } from '../../../src/server/app'
import { loadContent } from '../../../src/server/content/load-content'
import { importContent } from '../../../src/server/repositories/content-repository'
import { createContentDir, createTempDir, writeSampleContent } from '../../factories/content-factory'
import type { TestDatabase, TestDatabaseHandle } from './test-databases'

export const TEST_INDEX_HTML = '<!doctype html><html lang="nl"><head><title>Slimmernetwerk</title></head><body><div id="app"></div></body></html>\n'
export const TEST_ASSET = 'assets/index-0a1b2c3d.js'

/** A folder shaped like `vite build` output: index.html, a hashed asset and a service worker. */
export function createTestDistDir(): string {
  const dir = createTempDir('slimmernetwerk-dist-')
  mkdirSync(path.join(dir, 'assets'))
  writeFileSync(path.join(dir, 'index.html'), TEST_INDEX_HTML)
  writeFileSync(path.join(dir, TEST_ASSET), 'console.log("app")\n')
  writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})\n')
  return dir
}

export interface TestApp {
  app: FastifyInstance
  database: TestDatabaseHandle
  contentDir: string
  distDir: string
}

/** A cheap scrypt cost for tests that sign in; the default (N=2^17) has a test of its own. */
export const TEST_PASSWORD_COST = { N: 2 ** 14 }

/**
 * Call inside a test. Without a contentDir, the app serves one sample item of each type. `app` options
 * override the test defaults (`{ passwordCost: undefined }` gives the production default).
 */
export async function buildTestApp(
  testDatabase: TestDatabase,
  options: { contentDir?: string; app?: Partial<Omit<AppOptions, 'serverDb' | 'distDir' | 'contentDir'>> } = {},
): Promise<TestApp> {
  const database = await testDatabase.create()
  const contentDir = options.contentDir ?? createContentDir()
  if (!options.contentDir) writeSampleContent(contentDir)
  await importContent(database.serverDb, loadContent(contentDir))
  const distDir = createTestDistDir()

  const app = await buildApp({ passwordCost: TEST_PASSWORD_COST, ...options.app, serverDb: database.serverDb, distDir, contentDir })
  // Registered last, so it runs first: the app closes before its database.
  onTestFinished(() => app.close())
  await app.ready()
  return { app, database, contentDir, distDir }
}
