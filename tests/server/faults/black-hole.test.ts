// A network that swallows everything: connections open, nothing ever answers (a captive portal, a
// dead access point). A sync must end by itself and say the device is offline, keep the outbox, and
// converge once the network answers again; a sync that waited forever would stop every later one.
import { describe, expect, it } from 'vitest'
import { SYNC_PULL_PATH, SYNC_PUSH_PATH } from '../../../src/client/sync/sync-api'
import { TEST_DATABASES } from '../helpers/test-databases'
import { withTimeout } from '../sync/sync-helpers'
import { doSomeWork, expectConverged, startFaultStage, SHORT_REQUEST_TIMEOUT_MS } from './fault-harness'

/** Bound of the test's own wait: far above the request timeout, far below "forever". */
const SYNC_MUST_END_MS = 15_000

describe.each(TEST_DATABASES)('a black-holed network on $name', (testDatabase) => {
  it('a sync ends as offline when nothing answers, keeps the outbox, and converges after', async () => {
    const stage = await startFaultStage(testDatabase)
    const phone = await stage.device({ requestTimeoutMs: SHORT_REQUEST_TIMEOUT_MS })
    const work = await doSomeWork(phone, 'zwart gat')

    stage.proxy.inject({ kind: 'black-hole', scope: 'all' })
    const startedAt = Date.now()
    const failed = await withTimeout(phone.engine.syncNow(), SYNC_MUST_END_MS, 'a sync on a black-holed network')
    expect(failed).toMatchObject({ state: 'offline', error: { kind: 'offline', message: 'The server did not answer in time' }, pending: 5 })
    expect(await phone.db.outbox.count()).toBe(5)
    // It ended by its own timeout (less 5 ms for clock rounding): the network sent no error, nor any byte.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(SHORT_REQUEST_TIMEOUT_MS - 5)
    expect(stage.proxy.log).toEqual([])

    await expectConverged(stage, [phone], work)
  })

  it('a pull whose answer never comes (the push committed) ends the sync, and nothing is applied twice', async () => {
    const stage = await startFaultStage(testDatabase)
    const phone = await stage.device({ requestTimeoutMs: SHORT_REQUEST_TIMEOUT_MS })
    const work = await doSomeWork(phone, 'stille pull')

    stage.proxy.inject({ kind: 'black-hole', method: 'POST', path: SYNC_PULL_PATH })
    const failed = await withTimeout(phone.engine.syncNow(), SYNC_MUST_END_MS, 'a sync whose pull is black-holed')
    expect(failed).toMatchObject({ state: 'offline', error: { kind: 'offline', message: 'The server did not answer in time' } })
    expect(await phone.db.outbox.count()).toBe(5)
    expect(stage.proxy.log.map((entry) => [entry.path, entry.serverStatuses])).toEqual([[SYNC_PUSH_PATH, [200]], [SYNC_PULL_PATH, []]])

    await expectConverged(stage, [phone], work)
    expect(await stage.db.selectFrom('note_lines').select('id').where('user_id', '=', stage.user.user.id).execute()).toHaveLength(2)
  })
})
