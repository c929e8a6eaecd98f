// [P2] The network delivers one push twice (a retransmit, a proxy that retries): one after the other,
// or both at the same moment, or one copy long after, when another device has changed the same rows
// since. The server applies it once, whichever copy wins.
// First: Dexie takes indexedDB from the global when it loads.
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { isBookmarked, readNote } from '../../../src/client/db/user-actions'
import { SYNC_PUSH_PATH } from '../../../src/client/sync/sync-api'
import { TEST_DATABASES } from '../helpers/test-databases'
import { changeOnOtherDevice, doSomeWork, expectConverged, startFaultStage, syncUntilSynced } from './fault-harness'

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

  it('[P2] a copy that arrives late, after another device changed the same rows, changes nothing', async () => {
    const stage = await startFaultStage(testDatabase)
    const phone = await stage.device()
    const work = await doSomeWork(phone, 'late kopie')
    await syncUntilSynced(phone)
    const [phonePush] = stage.proxy.log.filter((entry) => entry.path === SYNC_PUSH_PATH)

    // The laptop turns the bookmark off and edits the note; then the phone's push arrives once more.
    const { laptop, laptopEdit } = await changeOnOtherDevice(stage, work)
    expect(await stage.proxy.replay(phonePush!)).toBe(200)

    await expectConverged(stage, [phone, laptop], { typed: [...work.typed, laptopEdit], lines: work.lines })
    // Applied again, the old push would have turned the bookmark back on ([B1]) and conflicted with the edit ([N3]).
    expect(await isBookmarked(phone.db, work.bookmark)).toBe(false)
    const notes = await stage.db.selectFrom('notes').select(['id', 'revision']).where('user_id', '=', stage.user.user.id).execute()
    expect(notes).toEqual([{ id: work.noteId, revision: 2 }])
    expect((await readNote(phone.db, work.noteId))!.fields.nextStep).toBe(laptopEdit)
  })
})
