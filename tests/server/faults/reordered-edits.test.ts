// [N2][N3] Two devices of one user edit the same note while the network holds their pushes back and
// lets them arrive in the other order, and pull answers come late (the other device pushed meanwhile).
// They converge to the same rows as the server, and no typed text is lost: merged where the edits do
// not overlap, a conflict copy where they do.
// First: Dexie takes indexedDB from the global when it loads.
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { addLine, readNote, saveNote } from '../../../src/client/db/user-actions'
import { SYNC_PULL_PATH, SYNC_PUSH_PATH } from '../../../src/client/sync/sync-api'
import type { NoteFields } from '../../../src/shared/sync/note'
import { TEST_DATABASES } from '../helpers/test-databases'
import { doSomeWork, expectConverged, type FaultDevice, startFaultStage, syncUntilSynced } from './fault-harness'

async function edit(device: FaultDevice, noteId: string, change: Partial<NoteFields>): Promise<void> {
  const note = await readNote(device.db, noteId)
  await saveNote(device.db, noteId, { ...note!.fields, ...change })
}

describe.each(TEST_DATABASES)('reordered and delayed syncs on $name', (testDatabase) => {
  it('[N2][N3] two devices editing one note, pushes reversed and pulls late: they converge and keep every text', async () => {
    const stage = await startFaultStage(testDatabase)
    const phone = await stage.device()
    const laptop = await stage.device()
    const { noteId, typed } = await doSomeWork(phone, 'samen')
    await syncUntilSynced(phone)
    await syncUntilSynced(laptop)

    // [N2] different fields; [N3] the same line of nextStep on both.
    const phoneTexts = { did: 'We zetten een bord bij de ingang (telefoon).', nextStep: 'Bord maken en ophangen (telefoon)' }
    const laptopTexts = { lessGood: 'Het bord was te klein (laptop).', nextStep: 'Bord maken in drie talen (laptop)' }
    await edit(phone, noteId, phoneTexts)
    await edit(laptop, noteId, laptopTexts)
    const lines = ['Regel van de telefoon', 'Regel van de laptop']
    await addLine(phone.db, noteId, lines[0]!)
    await addLine(laptop.db, noteId, lines[1]!)

    // The phone pushes first, the server gets the laptop's push first; both pull answers come 150 ms late.
    stage.proxy.inject({ kind: 'reorder', count: 2, method: 'POST', path: SYNC_PUSH_PATH })
    stage.proxy.inject({ kind: 'delay', ms: 150, phase: 'response', method: 'POST', path: SYNC_PULL_PATH, times: 2 })
    const pushesBefore = stage.proxy.log.filter((entry) => entry.path === SYNC_PUSH_PATH).length
    const phoneSync = phone.engine.syncNow()
    await stage.proxy.waitFor({ path: SYNC_PUSH_PATH }, pushesBefore + 1)
    const laptopSync = laptop.engine.syncNow()
    const statuses = await Promise.all([phoneSync, laptopSync])
    expect(statuses.map((status) => status.state)).toEqual(['synced', 'synced'])

    const pushes = stage.proxy.log.filter((entry) => entry.path === SYNC_PUSH_PATH && entry.fault === 'reorder')
    expect(pushes).toHaveLength(2)
    // Arrived phone-first, answered laptop-first: the server applied them reversed.
    expect(pushes[1]!.endedAt!).toBeLessThanOrEqual(pushes[0]!.endedAt!)
    expect(stage.proxy.log.filter((entry) => entry.fault === 'delay')).toHaveLength(2)

    await expectConverged(stage, [phone, laptop], { typed: [...typed, ...Object.values(phoneTexts), ...Object.values(laptopTexts)], lines })
    // [N3] The nextStep lines overlapped: the server's note has one side, a conflict copy the other.
    const notes = await phone.db.notes.toArray()
    expect(notes).toHaveLength(2)
    expect(notes.filter((note) => note.conflictOf === noteId)).toHaveLength(1)
    // [N2] The fields only one side changed are merged into the note itself.
    expect((await readNote(phone.db, noteId))!.fields).toMatchObject({ did: phoneTexts.did, lessGood: laptopTexts.lessGood })
  })
})
