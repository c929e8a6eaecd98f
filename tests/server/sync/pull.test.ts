// POST /api/v1/sync/pull: pages, cookies and the snapshot rule ([L1], [L2]).
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { PULL_PAGE_SIZE } from '../../../src/server/routes/sync-routes'
import type { SyncChange } from '../../../src/shared/sync/changes'
import type { Mutation, PullResponse } from '../../../src/shared/sync/protocol'
import { TEST_DATABASES } from '../helpers/test-databases'
import {
  bookmarkSet,
  buildSyncTestApp,
  changeKey,
  deviceOf,
  latestByKey,
  noteSave,
  progressSet,
  pullAll,
  pullOk,
  push,
  pushInBatches,
  pushOk,
  signedInDevice,
  userVersion,
} from './sync-helpers'

/** Mutation i writes one row of its own, in turn a bookmark, a reading position and a new note. */
function mixedMutations(count: number, from = 1): { mutations: Mutation[]; keyOf: Map<number, string> } {
  const mutations: Mutation[] = []
  const keyOf = new Map<number, string>()
  for (let id = from; id < from + count; id++) {
    if (id % 3 === 1) {
      mutations.push(bookmarkSet(id, `verhaal-${id}`))
      keyOf.set(id, `bookmark:verhaal-${id}`)
    } else if (id % 3 === 2) {
      mutations.push(progressSet(id, `column-${id}`, (id % 10) / 10))
      keyOf.set(id, `progress:column-${id}`)
    } else {
      const noteId = randomUUID()
      mutations.push(noteSave(id, noteId, 0, { title: `Notitie ${id}` }))
      keyOf.set(id, `note:${noteId}`)
    }
  }
  return { mutations, keyOf }
}

/**
 * [L1] Applies pages in order, as a device does, and checks after each page that every mutation the page
 * acknowledges has its row among what the device received so far (in this sequence or before it).
 */
function expectAcknowledgedWithEffects(pages: PullResponse<SyncChange>[], keyOf: Map<number, string>, received: Set<string>): void {
  for (const [index, page] of pages.entries()) {
    for (const change of page.changes) received.add(changeKey(change))
    const missing: number[] = []
    for (let id = 1; id <= page.lastMutationId; id++) {
      const key = keyOf.get(id)
      if (key !== undefined && !received.has(key)) missing.push(id)
    }
    expect(missing, `page ${index + 1} of ${pages.length} acknowledges through ${page.lastMutationId} without the rows of`).toEqual([])
  }
}

describe.each(TEST_DATABASES)('sync pull on $name', (testDatabase) => {
  it('[L1] answers an empty pull to a device that never pushed', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    expect(await pullOk(app, phone, null)).toEqual({ cookie: '0', lastMutationId: 0, changes: [], hasMore: false })
  })

  it(`[L1][L2] pages more than ${PULL_PAGE_SIZE} rows: every row arrives exactly once, and lastMutationId is what push acknowledged`, async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const count = 2 * PULL_PAGE_SIZE + 150
    const { mutations, keyOf } = mixedMutations(count)
    const acknowledged = await pushInBatches(app, phone, mutations)
    expect(acknowledged).toEqual({ lastMutationId: count, rejected: [] })

    const sequence = await pullAll(app, phone, null)
    expect(sequence.pages.map((page) => [page.changes.length, page.hasMore])).toEqual([
      [PULL_PAGE_SIZE, true],
      [PULL_PAGE_SIZE, true],
      [150, false],
    ])
    const keys = sequence.changes.map(changeKey)
    expect(new Set(keys).size).toBe(keys.length)
    expect(new Set(keys)).toEqual(new Set(keyOf.values()))
    // Cookies move forward page by page and end at the user's version.
    const cookies = sequence.pages.map((page) => Number(page.cookie))
    expect(cookies).toEqual([...cookies].sort((a, b) => a - b))
    expect(sequence.cookie).toBe(String(await userVersion(db, phone.user.user.id)))
    expect(sequence.lastMutationId).toBe(acknowledged.lastMutationId)
    expectAcknowledgedWithEffects(sequence.pages, keyOf, new Set())

    // Nothing new: an empty page with the same cookie.
    expect(await pullOk(app, phone, sequence.cookie)).toEqual({ cookie: sequence.cookie, lastMutationId: count, changes: [], hasMore: false })
  })

  it('[L1][L2] sends a row that changed again once, at its latest state, also to a device that pulled it before', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const laptop = deviceOf(phone.user)
    const count = PULL_PAGE_SIZE + 10
    const { mutations } = mixedMutations(count)
    await pushInBatches(app, phone, mutations)
    const first = await pullAll(app, laptop, null)
    expect(first.changes).toHaveLength(count)

    // Rows of the first page change again.
    await pushOk(app, phone, [bookmarkSet(count + 1, 'verhaal-1', false), progressSet(count + 2, 'column-2', 0.9)])
    const increment = await pullAll(app, laptop)
    expect(increment.changes).toEqual([
      expect.objectContaining({ type: 'bookmark', slug: 'verhaal-1', bookmarked: false }),
      expect.objectContaining({ type: 'progress', slug: 'column-2', position: 0.9 }),
    ])
    // The laptop pulled for itself: it has pushed nothing.
    expect(increment.lastMutationId).toBe(0)

    const full = await pullAll(app, laptop, null)
    const keys = full.changes.map(changeKey)
    expect(keys).toHaveLength(count)
    expect(new Set(keys).size).toBe(count)
    expect(latestByKey(full.changes).get('bookmark:verhaal-1')).toMatchObject({ bookmarked: false })
    expect(latestByKey(full.changes)).toEqual(latestByKey([...first.changes, ...increment.changes]))
  })

  it('[L1] starts a device afresh from 0 when its cookie is from the future (a restored server)', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const { mutations } = mixedMutations(PULL_PAGE_SIZE + 5)
    await pushInBatches(app, phone, mutations)
    const version = await userVersion(db, phone.user.user.id)
    const fromScratch = await pullAll(app, phone, null)
    for (const cookie of [String(version + 1), '9999999999999999']) {
      const fromTheFuture = await pullAll(app, phone, cookie)
      expect(fromTheFuture).toEqual(fromScratch)
      expect(fromTheFuture.changes).toHaveLength(PULL_PAGE_SIZE + 5)
    }
    // A cookie equal to the version is the present, not the future.
    expect((await pullOk(app, phone, String(version))).changes).toEqual([])
  })

  it('[L1] never acknowledges a mutation in a page whose pull sequence has not yet carried its effect', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    // The device's newest mutations land in the last page of a full pull.
    const count = PULL_PAGE_SIZE + 30
    const { mutations, keyOf } = mixedMutations(count)
    await pushInBatches(app, phone, mutations)
    const sequence = await pullAll(app, phone, null)
    expect(sequence.pages.length).toBeGreaterThan(1)
    expectAcknowledgedWithEffects(sequence.pages, keyOf, new Set())
    expect(sequence.lastMutationId).toBe(count)
  })

  it('[L1] a pull racing pushes never reports lastMutationId N without the effect of mutation N', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    // More than a page already, so that a full pull takes several pages while pushes go on.
    const { mutations, keyOf } = mixedMutations(PULL_PAGE_SIZE + 20)
    await pushInBatches(app, phone, mutations)
    const received = new Set<string>()
    expectAcknowledgedWithEffects((await pullAll(app, phone, null)).pages, keyOf, received)

    let nextId = PULL_PAGE_SIZE + 21
    let lastAcknowledged = 0
    for (let round = 0; round < 15; round++) {
      const batch = mixedMutations(7, nextId)
      for (const [id, key] of batch.keyOf) keyOf.set(id, key)
      nextId += 7
      const [pushed, incremental, full] = await Promise.all([push(app, phone, batch.mutations), pullAll(app, phone), pullAll(app, { ...phone }, null)])
      expect(pushed.statusCode, pushed.body).toBe(200)
      lastAcknowledged = pushed.json<{ lastMutationId: number }>().lastMutationId
      expect(lastAcknowledged).toBe(nextId - 1)
      // The device that keeps its cookie, and one that starts from nothing.
      expectAcknowledgedWithEffects(incremental.pages, keyOf, received)
      expectAcknowledgedWithEffects(full.pages, keyOf, new Set())
      expect(incremental.lastMutationId === lastAcknowledged || incremental.lastMutationId === lastAcknowledged - 7).toBe(true)
    }
    const final = await pullAll(app, phone)
    expectAcknowledgedWithEffects(final.pages, keyOf, received)
    expect(final.lastMutationId).toBe(lastAcknowledged)
    expect(received).toEqual(new Set(keyOf.values()))
  })
})
