import { rmSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadContent } from '../../src/server/content/load-content'
import type { ServerDb } from '../../src/server/db/database'
import { contentChangesSince, currentContentVersion, importContent } from '../../src/server/repositories/content-repository'
import {
  createContentDir,
  makeColumnFrontMatter,
  makeVerhaalFrontMatter,
  writeContentFile,
  writeSampleContent,
} from '../factories/content-factory'
import { TEST_DATABASES } from './helpers/test-databases'

const importFolder = (serverDb: ServerDb, contentDir: string) => importContent(serverDb, loadContent(contentDir))

const slugsOf = (changes: { items: { slug: string }[] }) => changes.items.map((item) => item.slug)

describe.each(TEST_DATABASES)('content repository on $name', (testDatabase) => {
  async function importedSample() {
    const { serverDb, reopen } = await testDatabase.create()
    const contentDir = createContentDir()
    const slugs = writeSampleContent(contentDir)
    const first = await importFolder(serverDb, contentDir)
    return { serverDb, reopen, contentDir, slugs, cursor: first.version }
  }

  it('gives every item of the first import the first version', async () => {
    const { serverDb, slugs, cursor } = await importedSample()
    expect(cursor).toBe(1)
    const changes = await contentChangesSince(serverDb, 0)
    expect(changes.version).toBe(1)
    expect(slugsOf(changes)).toEqual(slugs)
    expect(changes.removed).toEqual([])
    for (const item of changes.items) {
      expect(item.version).toBe(1)
      expect(new Date(item.updatedAt).toISOString()).toBe(item.updatedAt)
    }
  })

  it('sends only a new file after the cursor', async () => {
    const { serverDb, contentDir, cursor } = await importedSample()
    writeContentFile(contentDir, 'verhaal-nieuw', makeVerhaalFrontMatter({ title: 'Nieuw verhaal' }))
    expect(await importFolder(serverDb, contentDir)).toEqual({ version: cursor + 1, added: 1, changed: 0, removed: 0 })

    const changes = await contentChangesSince(serverDb, cursor)
    expect(changes).toMatchObject({ version: cursor + 1, removed: [] })
    expect(changes.items).toEqual([expect.objectContaining({ slug: 'verhaal-nieuw', title: 'Nieuw verhaal', version: cursor + 1 })])
  })

  it('sends only a changed file after the cursor, with a higher version', async () => {
    const { serverDb, contentDir, cursor } = await importedSample()
    writeContentFile(contentDir, 'column-durf-te-stoppen', makeColumnFrontMatter({ title: 'Durf echt te stoppen' }))
    expect(await importFolder(serverDb, contentDir)).toMatchObject({ added: 0, changed: 1, removed: 0 })

    const changes = await contentChangesSince(serverDb, cursor)
    expect(changes.items).toEqual([expect.objectContaining({ slug: 'column-durf-te-stoppen', title: 'Durf echt te stoppen' })])
    expect(changes.items[0]!.version).toBeGreaterThan(cursor)
  })

  it('names a deleted file in removed, and no longer sends it', async () => {
    const { serverDb, contentDir, cursor } = await importedSample()
    rmSync(path.join(contentDir, 'analyse-heldere-brief.md'))
    expect(await importFolder(serverDb, contentDir)).toMatchObject({ added: 0, changed: 0, removed: 1 })

    expect(await contentChangesSince(serverDb, cursor)).toEqual({ version: cursor + 1, items: [], removed: ['analyse-heldere-brief'] })
    const everything = await contentChangesSince(serverDb, 0)
    expect(slugsOf(everything)).not.toContain('analyse-heldere-brief')
  })

  it('keeps the cursor when nothing changed', async () => {
    const { serverDb, contentDir, cursor } = await importedSample()
    expect(await importFolder(serverDb, contentDir)).toEqual({ version: cursor, added: 0, changed: 0, removed: 0 })
    expect(await currentContentVersion(serverDb)).toBe(cursor)
    expect(await contentChangesSince(serverDb, cursor)).toEqual({ version: cursor, items: [], removed: [] })
  })

  it('keeps the cursor when the database is opened again, so clients do not download everything again', async () => {
    const { reopen, contentDir, cursor } = await importedSample()
    const reopened = await reopen()
    expect(await currentContentVersion(reopened)).toBe(cursor)
    expect(await importFolder(reopened, contentDir)).toMatchObject({ version: cursor, added: 0, changed: 0 })
    expect(await contentChangesSince(reopened, cursor)).toEqual({ version: cursor, items: [], removed: [] })
  })

  it('sends an item again when a removed file comes back', async () => {
    const { serverDb, contentDir } = await importedSample()
    const file = path.join(contentDir, 'column-durf-te-stoppen.md')
    rmSync(file)
    const afterRemoval = await importFolder(serverDb, contentDir)
    writeContentFile(contentDir, 'column-durf-te-stoppen', makeColumnFrontMatter())
    expect(await importFolder(serverDb, contentDir)).toMatchObject({ version: afterRemoval.version + 1, changed: 1 })

    const changes = await contentChangesSince(serverDb, afterRemoval.version)
    expect(slugsOf(changes)).toEqual(['column-durf-te-stoppen'])
    expect(changes.removed).toEqual([])
    expect(slugsOf(await contentChangesSince(serverDb, 0))).toContain('column-durf-te-stoppen')
  })

  it('gives two imports of the same files at once a single new version', async () => {
    const { serverDb } = await testDatabase.create()
    const contentDir = createContentDir()
    writeSampleContent(contentDir)
    const content = loadContent(contentDir)
    const results = await Promise.all([importContent(serverDb, content), importContent(serverDb, content)])
    expect(results.map((result) => result.added).sort()).toEqual([0, 4])
    expect(await currentContentVersion(serverDb)).toBe(1)
  })
})
