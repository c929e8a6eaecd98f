// [L3] A pull answer cut off by a connection reset halfway through its body, after the server's push
// committed. The device applies nothing of the broken page — no row, no acknowledgement, no cookie —
// and converges with the next sync.
// First: Dexie takes indexedDB from the global when it loads.
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { readMeta } from '../../../src/client/db/sync-meta'
import { SYNC_PULL_PATH } from '../../../src/client/sync/sync-api'
import { TEST_DATABASES } from '../helpers/test-databases'
import { doSomeWork, expectConverged, startFaultStage, syncUntilSynced } from './fault-harness'

describe.each(TEST_DATABASES)('a broken pull answer on $name', (testDatabase) => {
  it('[L3] a pull answer reset mid-body applies nothing, and the next sync converges', async () => {
    const stage = await startFaultStage(testDatabase)
    const laptop = await stage.device()
    const phone = await stage.device()
    const fromLaptop = await doSomeWork(laptop, 'laptop')
    await syncUntilSynced(laptop)
    await syncUntilSynced(phone)
    const before = { cookie: await readMeta(phone.db, 'cookie'), lastMutationId: await readMeta(phone.db, 'lastMutationId') }
    const rowsBefore = { notes: await phone.db.notes.count(), lines: await phone.db.lines.count(), bookmarks: await phone.db.bookmarks.count() }

    const fromPhone = await doSomeWork(phone, 'telefoon')
    await doSomeWork(laptop, 'laptop later')
    await syncUntilSynced(laptop)
    stage.proxy.inject({ kind: 'reset-mid-body', method: 'POST', path: SYNC_PULL_PATH })
    const failed = await phone.engine.syncNow()

    expect(failed).toMatchObject({ state: 'offline', error: { kind: 'offline' }, pending: 5 })
    // The push went through; the pull's answer broke after its headers and part of its body.
    expect(stage.proxy.log.slice(-2).map((entry) => [entry.path, entry.serverStatuses, entry.outcome])).toEqual([
      ['/api/v1/sync/push', [200], { status: 200 }],
      [SYNC_PULL_PATH, [200], 'reset'],
    ])
    // Nothing of it applied: the outbox whole, cookie and acknowledgement as before, none of the laptop's new rows.
    expect(await phone.db.outbox.count()).toBe(5)
    expect({ cookie: await readMeta(phone.db, 'cookie'), lastMutationId: await readMeta(phone.db, 'lastMutationId') }).toEqual(before)
    expect(await phone.db.notes.count()).toBe(rowsBefore.notes + 1)
    expect(await phone.db.lines.count()).toBe(rowsBefore.lines + 2)
    expect(await phone.db.bookmarks.count()).toBe(rowsBefore.bookmarks + 1)

    const typed = [...fromLaptop.typed, ...fromPhone.typed]
    await expectConverged(stage, [phone, laptop], { typed, lines: [...fromLaptop.lines, ...fromPhone.lines] })
  })
})
