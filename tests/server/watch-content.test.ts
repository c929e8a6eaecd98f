import { describe, expect, it, onTestFinished, vi } from 'vitest'
import { watchContent } from '../../src/server/content/watch-content'
import { loadContent } from '../../src/server/content/load-content'
import { contentChangesSince, importContent } from '../../src/server/repositories/content-repository'
import { createContentDir, makeVerhaalFrontMatter, writeContentFile, writeRawContentFile, writeSampleContent } from '../factories/content-factory'
import { TEST_DATABASES } from './helpers/test-databases'

/** Long enough for the watcher's settle time and an import on a slow CI machine; polled, not slept. */
const PICKED_UP_WITHIN_MS = 5_000

describe.each(TEST_DATABASES)('watching content/ on $name', (testDatabase) => {
  async function watchedSample() {
    const { serverDb } = await testDatabase.create()
    const contentDir = createContentDir()
    writeSampleContent(contentDir)
    const { version: cursor } = await importContent(serverDb, loadContent(contentDir))
    const stopWatching = watchContent(contentDir, serverDb)
    onTestFinished(stopWatching)
    return { serverDb, contentDir, cursor }
  }

  it('picks up a new file while the server runs', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {})
    onTestFinished(() => {
      vi.restoreAllMocks()
    })
    const { serverDb, contentDir, cursor } = await watchedSample()

    writeContentFile(contentDir, 'verhaal-vers', makeVerhaalFrontMatter({ title: 'Vers van de pers' }))

    const changes = await vi.waitFor(
      async () => {
        const delta = await contentChangesSince(serverDb, cursor)
        expect(delta.items.map((item) => item.slug)).toEqual(['verhaal-vers'])
        return delta
      },
      { timeout: PICKED_UP_WITHIN_MS, interval: 100 },
    )
    expect(changes.items[0]?.title).toBe('Vers van de pers')
    expect(console.log).toHaveBeenCalledWith(expect.stringContaining('1 added'))
  })

  it('keeps serving the last good content when a file turns invalid, and says which file', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    onTestFinished(() => {
      vi.restoreAllMocks()
    })
    const { serverDb, contentDir } = await watchedSample()
    const before = await contentChangesSince(serverDb, 0)

    writeRawContentFile(contentDir, 'column-durf-te-stoppen.md', '---\ntype: column\ntitle: Half geschreven\n---\n')

    await vi.waitFor(() => expect(errors).toHaveBeenCalledWith(expect.stringContaining('column-durf-te-stoppen.md: field "summary"')), {
      timeout: PICKED_UP_WITHIN_MS,
      interval: 100,
    })
    expect(await contentChangesSince(serverDb, 0)).toEqual(before)
  })
})
