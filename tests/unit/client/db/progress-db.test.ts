import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { readAllProgress, readProgress, saveProgress } from '../../../../src/client/db/progress-db'
import { createTestUserData } from '../helpers/test-databases'

describe('saveProgress', () => {
  it.each([
    { position: -0.2, stored: 0 },
    { position: 0.4, stored: 0.4 },
    { position: 1.7, stored: 1 },
  ])('stores a scroll position of $position as $stored', async ({ position, stored }) => {
    const db = createTestUserData()

    await saveProgress(db, 'verhaal-a', position, 1000)

    expect(await readProgress(db, 'verhaal-a')).toEqual({ slug: 'verhaal-a', position: stored, updatedAt: 1000 })
  })

  it('keeps one row per story, the latest position', async () => {
    const db = createTestUserData()

    await saveProgress(db, 'verhaal-a', 0.2, 1000)
    await saveProgress(db, 'verhaal-a', 0.6, 2000)

    expect(await readAllProgress(db)).toEqual([{ slug: 'verhaal-a', position: 0.6, updatedAt: 2000 }])
  })
})

describe('readAllProgress', () => {
  it('lists the most recently read story first', async () => {
    const db = createTestUserData()
    await saveProgress(db, 'gisteren', 0.5, 1000)
    await saveProgress(db, 'net-nog', 0.1, 3000)
    await saveProgress(db, 'vanochtend', 0.9, 2000)

    expect((await readAllProgress(db)).map((row) => row.slug)).toEqual(['net-nog', 'vanochtend', 'gisteren'])
  })

  it('answers an empty list before anything was read', async () => {
    expect(await readAllProgress(createTestUserData())).toEqual([])
  })
})
