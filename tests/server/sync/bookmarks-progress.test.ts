// Bookmarks and reading progress between two devices of one user ([B1], [R1]).
import { describe, expect, it } from 'vitest'
import { TEST_DATABASES } from '../helpers/test-databases'
import { bookmarkSet, buildSyncTestApp, deviceOf, progressSet, pullAll, pushOk, signedInDevice, userVersion } from './sync-helpers'

describe.each(TEST_DATABASES)('sync of bookmarks and reading progress on $name', (testDatabase) => {
  it('[B1] lets the last bookmark push to arrive win, whatever its device clock says', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const laptop = deviceOf(phone.user)
    await pushOk(app, phone, [bookmarkSet(1, 'verhaal-a', true, 5_000)])
    // Arrives later, made earlier by a clock that runs behind: it still wins.
    await pushOk(app, laptop, [bookmarkSet(1, 'verhaal-a', false, 1_000)])
    const onPhone = await pullAll(app, phone, null)
    expect(onPhone.changes).toEqual([{ type: 'bookmark', slug: 'verhaal-a', bookmarked: false, updatedAt: 1_000 }])

    await pushOk(app, phone, [bookmarkSet(2, 'verhaal-a', true, 2_000)])
    expect((await pullAll(app, laptop, null)).changes).toEqual([{ type: 'bookmark', slug: 'verhaal-a', bookmarked: true, updatedAt: 2_000 }])
  })

  it('[B1] keeps a removed bookmark as a tombstone that a pull carries to every device', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const laptop = deviceOf(phone.user)
    const tablet = deviceOf(phone.user)
    await pushOk(app, phone, [bookmarkSet(1, 'verhaal-a'), bookmarkSet(2, 'verhaal-b')])
    expect((await pullAll(app, laptop)).changes).toHaveLength(2)

    await pushOk(app, phone, [bookmarkSet(3, 'verhaal-a', false)])
    const row = await db.selectFrom('bookmarks').selectAll().where('user_id', '=', phone.user.user.id).where('slug', '=', 'verhaal-a').executeTakeFirstOrThrow()
    expect(row.bookmarked).toBe(0)
    // The laptop had it: the removal reaches it.
    expect((await pullAll(app, laptop)).changes).toEqual([expect.objectContaining({ type: 'bookmark', slug: 'verhaal-a', bookmarked: false })])
    // A new device hears of it too, so that nothing can bring it back by mistake.
    const onTablet = await pullAll(app, tablet, null)
    expect(onTablet.changes).toEqual([
      expect.objectContaining({ slug: 'verhaal-b', bookmarked: true }),
      expect.objectContaining({ slug: 'verhaal-a', bookmarked: false }),
    ])
  })

  it('[R1] keeps the reading position with the latest `at`: an older update that arrives later does not overwrite it, and its device pulls the winner', async () => {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const laptop = deviceOf(phone.user)
    await pushOk(app, phone, [progressSet(1, 'verhaal-a', 0.8, 20_000)])
    const before = await pullAll(app, laptop)
    const version = await userVersion(db, phone.user.user.id)

    // Read earlier on the laptop (its clock runs behind), sent later: ignored. The laptop shows its own
    // position until told otherwise, so the winner comes back in its next pull, although it pulled it before.
    expect(await pushOk(app, laptop, [progressSet(1, 'verhaal-a', 0.2, 10_000)])).toEqual({ lastMutationId: 1, rejected: [] })
    const stored = await db.selectFrom('progress').select(['position', 'at']).where('user_id', '=', phone.user.user.id).executeTakeFirstOrThrow()
    expect(stored).toEqual({ position: 0.8, at: 20_000 })
    expect(await userVersion(db, phone.user.user.id)).toBeGreaterThan(version)
    expect((await pullAll(app, laptop)).changes).toEqual([{ type: 'progress', slug: 'verhaal-a', position: 0.8, at: 20_000 }])
    expect(before.changes).toEqual([{ type: 'progress', slug: 'verhaal-a', position: 0.8, at: 20_000 }])

    // A later reading wins, from whichever device.
    await pushOk(app, laptop, [progressSet(2, 'verhaal-a', 0.9, 30_000)])
    expect((await pullAll(app, phone)).changes).toEqual([{ type: 'progress', slug: 'verhaal-a', position: 0.9, at: 30_000 }])
  })

  it('[R1] ends at the latest reading whatever order the updates arrive in', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const user = await signedInDevice(app)
    const updates = [
      { position: 0.3, at: 3_000 },
      { position: 0.9, at: 9_000 },
      { position: 0.1, at: 1_000 },
      { position: 0.5, at: 5_000 },
    ]
    // Each update from a device of its own, in this order of arrival.
    for (const { position, at } of updates) await pushOk(app, deviceOf(user.user), [progressSet(1, 'verhaal-a', position, at)])
    expect((await pullAll(app, user, null)).changes).toEqual([{ type: 'progress', slug: 'verhaal-a', position: 0.9, at: 9_000 }])
  })
})
