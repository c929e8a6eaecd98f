// [P2] A push whose answer never reaches the device, although the server committed it: the answer
// dropped whole, or the connection reset halfway through it. The device keeps its outbox ([C4]), sends
// the same mutations again, and the server applies none of them twice.
// First: Dexie takes indexedDB from the global when it loads.
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { SYNC_PUSH_PATH } from '../../../src/client/sync/sync-api'
import type { Fault } from '../../support/fault-proxy'
import { TEST_DATABASES } from '../helpers/test-databases'
import { clientRow } from '../sync/sync-helpers'
import { readMeta } from '../../../src/client/db/sync-meta'
import { isBookmarked, readNote } from '../../../src/client/db/user-actions'
import { changeOnOtherDevice, doSomeWork, expectConverged, startFaultStage } from './fault-harness'

const LOST_ANSWERS: { name: string; fault: Fault }[] = [
  { name: 'dropped after the server committed', fault: { kind: 'drop-response', method: 'POST', path: SYNC_PUSH_PATH } },
  { name: 'reset mid-body after the server committed', fault: { kind: 'reset-mid-body', method: 'POST', path: SYNC_PUSH_PATH } },
]

describe.each(TEST_DATABASES)('a lost push answer on $name', (testDatabase) => {
  it.each(LOST_ANSWERS)('[P2] push answer $name: the retry applies nothing twice', async ({ fault }) => {
    const stage = await startFaultStage(testDatabase)
    const phone = await stage.device()
    const work = await doSomeWork(phone, 'verloren antwoord')

    stage.proxy.inject(fault)
    const failed = await phone.engine.syncNow()
    // Counted after the sync: it turned the reading position into a mutation of its own.
    const made = (await readMeta(phone.db, 'nextMutationId'))! - 1
    expect(made).toBe(5)
    expect(failed.state).toBe('offline')
    expect(failed.error?.kind).toBe('offline')
    // The server did commit: this is the case where a blind retry would apply everything twice.
    const clientId = (await readMeta(phone.db, 'clientId'))!
    expect((await clientRow(stage.db, clientId))?.last_mutation_id).toBe(made)
    // [C4] Nothing acknowledged reached the device: everything stays queued.
    expect(await phone.db.outbox.count()).toBe(made)
    expect(failed.pending).toBe(made)

    // Meanwhile the laptop takes the phone's work and changes it (see changeOnOtherDevice).
    const { laptop, laptopEdit } = await changeOnOtherDevice(stage, work)

    await expectConverged(stage, [phone, laptop], { typed: [...work.typed, laptopEdit], lines: work.lines })
    // The same push went to the server twice and answered 200 both times.
    expect(stage.proxy.log.filter((entry) => entry.path === SYNC_PUSH_PATH).map((entry) => entry.serverStatuses)).toEqual([[200], [200], [200]])
    // Applied once: the laptop's later changes stand, one note at the laptop's revision, no conflict copy, each line once.
    expect(await isBookmarked(phone.db, work.bookmark)).toBe(false)
    const notes = await stage.db.selectFrom('notes').select(['id', 'revision']).where('user_id', '=', stage.user.user.id).execute()
    expect(notes).toEqual([{ id: work.noteId, revision: 2 }])
    expect((await readNote(phone.db, work.noteId))!.fields.nextStep).toBe(laptopEdit)
    const lines = await stage.db.selectFrom('note_lines').select('text').where('user_id', '=', stage.user.user.id).execute()
    expect(lines.map((line) => line.text).sort()).toEqual([...work.lines].sort())
  })
})
