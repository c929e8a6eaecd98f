// [P5] The server (or a load balancer in front of it) answers 503 with Retry-After. The device keeps
// every change in its outbox, says in its status that it waits and until when — the moment Retry-After
// names, not its own back-off — tries again by itself then, and converges.
import { describe, expect, it } from 'vitest'
import { SYNC_PUSH_PATH } from '../../../src/client/sync/sync-api'
import type { SyncStatus } from '../../../src/client/sync/sync-engine'
import { TEST_DATABASES } from '../helpers/test-databases'
import { withTimeout } from '../sync/sync-helpers'
import { doSomeWork, expectConverged, startFaultStage } from './fault-harness'

const RETRY_AFTER_S = 1

describe.each(TEST_DATABASES)('a busy server on $name', (testDatabase) => {
  it('[P5] 503 with Retry-After: the outbox stays, the status says busy until Retry-After, then the engine retries by itself', async () => {
    const stage = await startFaultStage(testDatabase)
    // A clock that stands still: nextRetryAt must be exactly this moment plus Retry-After.
    const clock = 1_800_000_000_000
    let onStatus: (status: SyncStatus) => void = () => {}
    // The random back-off would pick a wait near 1 s too; at 0.999 it picks ~999 ms, not Retry-After's 1000.
    const phone = await stage.device({ now: () => clock, random: () => 0.999, intervalMs: 3_600_000, onStatus: (status) => onStatus(status) })
    const work = await doSomeWork(phone, 'drukte')

    stage.proxy.inject({ kind: 'status', status: 503, retryAfterS: RETRY_AFTER_S, method: 'POST', path: SYNC_PUSH_PATH })
    const busy = new Promise<SyncStatus>((resolve) => (onStatus = (status) => status.state === 'error' && resolve(status)))
    phone.engine.start()
    const failed = await withTimeout(busy, 10_000, 'the busy status')
    expect(failed).toMatchObject({ state: 'error', error: { kind: 'busy' }, pending: 5, nextRetryAt: clock + RETRY_AFTER_S * 1000 })
    expect(await phone.db.outbox.count()).toBe(5)
    expect(stage.proxy.log.map((entry) => [entry.path, entry.serverStatuses])).toEqual([[SYNC_PUSH_PATH, []]])

    // No trigger from the test: the engine's own retry timer brings it back.
    const synced = new Promise<SyncStatus>((resolve) => (onStatus = (status) => status.state === 'synced' && resolve(status)))
    await withTimeout(synced, 10_000, 'the retry after Retry-After')
    const [refused, retried] = stage.proxy.log.filter((entry) => entry.path === SYNC_PUSH_PATH)
    // Not before Retry-After (less 5 ms for clock rounding).
    expect(retried!.startedAt - refused!.endedAt!).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 5)
    expect(retried!.serverStatuses).toEqual([200])
    phone.engine.stop()

    await expectConverged(stage, [phone], work)
  })
})
