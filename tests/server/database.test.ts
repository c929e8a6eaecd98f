import { describe, expect, it } from 'vitest'
import { loadContent } from '../../src/server/content/load-content'
import { contentChangesSince, importContent } from '../../src/server/repositories/content-repository'
import { createContentDir, makeVerhaalFrontMatter, writeContentFile } from '../factories/content-factory'
import { TEST_DATABASES } from './helpers/test-databases'

describe.each(TEST_DATABASES)('server database on $name', (testDatabase) => {
  it('keeps two databases side by side apart, each migrated and with its own content', async () => {
    // On PostgreSQL these are two schemas of one database, as with several apps or test files sharing a server.
    const first = await testDatabase.create()
    const second = await testDatabase.create()
    for (const [slug, { serverDb }] of [['alleen-in-de-eerste', first], ['alleen-in-de-tweede', second]] as const) {
      const contentDir = createContentDir()
      writeContentFile(contentDir, slug, makeVerhaalFrontMatter())
      await importContent(serverDb, loadContent(contentDir))
    }
    expect((await contentChangesSince(first.serverDb, 0)).items.map((item) => item.slug)).toEqual(['alleen-in-de-eerste'])
    expect((await contentChangesSince(second.serverDb, 0)).items.map((item) => item.slug)).toEqual(['alleen-in-de-tweede'])
  })

  it('opens an already migrated database again without migrating twice', async () => {
    const { reopen } = await testDatabase.create()
    const reopened = await reopen()
    expect((await contentChangesSince(reopened, 0)).version).toBe(0)
  })
})
