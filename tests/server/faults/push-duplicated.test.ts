// [P2] The network delivers one push twice (a retransmit, a proxy that retries): one after the other,
// or both at the same moment. The server applies it once, whichever copy wins.
import { describe, expect, it } from 'vitest'
import { SYNC_PUSH_PATH } from '../../../src/client/sync/sync-api'
import { TEST_DATABASES } from '../helpers/test-databases'
import { doSomeWork, expectConverged, startFaultStage, syncUntilSynced } from './fault-harness'

describe.each(TEST_DATABASES)('a duplicated push on $name', (testDatabase) => {
  it.each(['sequential', 'parallel'] as const)('[P2] a push the server gets twice (%s) is applied once', async (mode) => {
    const stage = await startFaultStage(testDatabase)
    const phone = await stage.device()
    const work = await doSomeWork(phone, `dubbel ${mode}`)

    stage.proxy.inject({ kind: 'duplicate', mode, method: 'POST', path: SYNC_PUSH_PATH })
    // In parallel the copy the device hears may be the one that lost a race for the device's row (503): it tries again.
    await syncUntilSynced(phone)
    const [duplicated] = stage.proxy.log.filter((entry) => entry.path === SYNC_PUSH_PATH)
    expect(duplicated).toMatchObject({ fault: 'duplicate' })
    expect(duplicated!.serverStatuses).toHaveLength(2)
    expect(duplicated!.serverStatuses).toContain(200)

    await expectConverged(stage, [phone], work)
    const notes = await stage.db.selectFrom('notes').select(['id', 'revision']).where('user_id', '=', stage.user.user.id).execute()
    expect(notes).toEqual([{ id: work.noteId, revision: 1 }])
    const revisions = await stage.db.selectFrom('note_revisions').select('revision').where('user_id', '=', stage.user.user.id).execute()
    expect(revisions).toHaveLength(1)
    expect(await stage.db.selectFrom('note_lines').select('id').where('user_id', '=', stage.user.user.id).execute()).toHaveLength(2)
    expect(await stage.db.selectFrom('rejected_mutations').select('mutation_id').execute()).toEqual([])
  })
})
