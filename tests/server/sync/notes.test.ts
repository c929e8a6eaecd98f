// Doetank notes between devices: apply, merge, conflict copies, trash and purge, quick-log lines ([N1]–[N3], [N5], [N7]–[N9]).
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { SyncChange } from '../../../src/shared/sync/changes'
import type { NoteFields, SyncedNote } from '../../../src/shared/sync/note'
import { TEST_DATABASES } from '../helpers/test-databases'
import {
  ANDROID_UA,
  buildSyncTestApp,
  type Device,
  deviceOf,
  latestByKey,
  linesIn,
  noteAddLine,
  noteDelete,
  noteFields,
  notePurge,
  noteRestore,
  noteSave,
  notesIn,
  pull,
  pullAll,
  pushOk,
  signedInDevice,
  userVersion,
} from './sync-helpers'

const LINES = ['Wat wilden we?', 'Het loket vindbaar maken.', 'Wat deden we?', 'Posters bij de ingang.', 'Wat zagen we?'].join('\n')

/** The notes a device holds after a full pull: the latest state of each. */
async function notesOf(app: Parameters<typeof pullAll>[0], device: Device): Promise<SyncedNote[]> {
  return notesIn([...latestByKey((await pullAll(app, { ...device }, null)).changes).values()])
}

function noteById(notes: SyncedNote[], id: string): SyncedNote {
  const note = notes.find((n) => n.id === id)
  expect(note, `note ${id}`).toBeDefined()
  return note!
}

const conflictCopiesOf = (notes: SyncedNote[], id: string) => notes.filter((n) => n.conflictOf === id)

describe.each(TEST_DATABASES)('sync of notes on $name', (testDatabase) => {
  /** A user with a laptop and an Android tablet, and a note both have pulled at revision 1. */
  async function twoDevicesWithNote(fields: Partial<NoteFields>) {
    const { app, db } = await buildSyncTestApp(testDatabase)
    const laptop = await signedInDevice(app)
    const tablet = deviceOf(laptop.user, { userAgent: ANDROID_UA })
    const noteId = randomUUID()
    await pushOk(app, laptop, [noteSave(1, noteId, 0, fields, 1_000)])
    await pullAll(app, laptop)
    await pullAll(app, tablet)
    return { app, db, laptop, tablet, noteId }
  }

  it('[N1] applies a save on the current revision as it is', async () => {
    const { app, laptop, tablet, noteId } = await twoDevicesWithNote({ title: 'Bibliotheek', body: LINES, tags: ['loket'] })
    const edited = noteFields({ title: 'Bibliotheek Noord', question: 'Hoe?', body: 'Alles anders', decision: 'bijsturen', werkvormen: ['de-doetank'], tags: [] })
    expect(await pushOk(app, tablet, [noteSave(1, noteId, 1, edited, 2_000)])).toEqual({ lastMutationId: 1, rejected: [] })
    const pulled = await pullAll(app, laptop)
    expect(pulled.changes).toEqual([
      {
        type: 'note',
        note: { id: noteId, revision: 2, fields: edited, createdAt: 1_000, updatedAt: 2_000, deletedAt: null, conflictOf: null, conflictDevice: null },
      },
    ])
  })

  it('[N2] keeps both edits when two devices change different fields from the same base', async () => {
    const { app, laptop, tablet, noteId } = await twoDevicesWithNote({ title: 'Bibliotheek', body: LINES, tags: ['loket'] })
    await pushOk(app, laptop, [noteSave(2, noteId, 1, { title: 'Bibliotheek Noord', body: LINES, tags: ['loket', 'posters'] })])
    await pushOk(app, tablet, [noteSave(1, noteId, 1, { title: 'Bibliotheek', body: LINES, decision: 'doorgaan', tags: ['flyers'] })])
    const notes = await notesOf(app, laptop)
    expect(notes).toHaveLength(1)
    const note = noteById(notes, noteId)
    expect(note.revision).toBe(3)
    expect(note.fields).toEqual(noteFields({ title: 'Bibliotheek Noord', body: LINES, decision: 'doorgaan', tags: ['flyers', 'posters'] }))
  })

  it('[N2] merges edits of different lines of one text field', async () => {
    const { app, laptop, tablet, noteId } = await twoDevicesWithNote({ body: LINES })
    const fromLaptop = LINES.replace('Wat wilden we?', 'Wat wilden we bereiken?')
    const fromTablet = LINES.replace('Wat zagen we?', 'Wat zagen we? Meer bezoekers.')
    await pushOk(app, laptop, [noteSave(2, noteId, 1, { body: fromLaptop })])
    await pushOk(app, tablet, [noteSave(1, noteId, 1, { body: fromTablet })])
    const notes = await notesOf(app, tablet)
    expect(conflictCopiesOf(notes, noteId)).toEqual([])
    expect(noteById(notes, noteId).fields.body).toBe(LINES.replace('Wat wilden we?', 'Wat wilden we bereiken?').replace('Wat zagen we?', 'Wat zagen we? Meer bezoekers.'))
  })

  it('[N3] keeps the server’s text and a conflict copy with the other device’s text when both changed the same line', async () => {
    const { app, laptop, tablet, noteId } = await twoDevicesWithNote({ title: 'Bibliotheek', body: LINES })
    const fromLaptop = noteFields({ title: 'Bibliotheek', body: LINES.replace('Posters bij de ingang.', 'Posters bij de ingang en in de hal.') })
    const fromTablet = noteFields({ title: 'Bibliotheek', body: LINES.replace('Posters bij de ingang.', 'Een bord op de stoep.') })
    await pushOk(app, laptop, [noteSave(2, noteId, 1, fromLaptop, 2_000)])
    await pushOk(app, tablet, [noteSave(1, noteId, 1, fromTablet, 3_000)])

    const notes = await notesOf(app, laptop)
    expect(noteById(notes, noteId)).toMatchObject({ revision: 2, fields: fromLaptop, conflictOf: null })
    const copies = conflictCopiesOf(notes, noteId)
    expect(copies).toHaveLength(1)
    expect(copies[0]).toMatchObject({ revision: 1, fields: fromTablet, conflictOf: noteId, conflictDevice: 'android', createdAt: 3_000, deletedAt: null })
    expect(copies[0]!.id).not.toBe(noteId)
    // No text is lost: both lines exist somewhere the user can see them.
    const allText = notes.map((n) => n.fields.body).join('\n')
    expect(allText).toContain('Posters bij de ingang en in de hal.')
    expect(allText).toContain('Een bord op de stoep.')
  })

  it('[N3] keeps the merged fields in the note and the device’s whole text in the copy when one field conflicts', async () => {
    const { app, laptop, tablet, noteId } = await twoDevicesWithNote({ title: 'Bibliotheek', body: LINES, decision: '' })
    await pushOk(app, laptop, [noteSave(2, noteId, 1, { title: 'Bibliotheek', body: LINES, decision: 'doorgaan' })])
    await pushOk(app, tablet, [noteSave(1, noteId, 1, { title: 'Bibliotheek Zuid', body: LINES, decision: 'stoppen' })])
    const notes = await notesOf(app, tablet)
    // The title only the tablet changed merges in; the decision both chose differently stays the laptop's.
    expect(noteById(notes, noteId)).toMatchObject({ revision: 3, fields: noteFields({ title: 'Bibliotheek Zuid', body: LINES, decision: 'doorgaan' }) })
    expect(conflictCopiesOf(notes, noteId).map((copy) => copy.fields)).toEqual([noteFields({ title: 'Bibliotheek Zuid', body: LINES, decision: 'stoppen' })])
  })

  it('[N5] moves a note to the trash, and an edit of the deleted note restores it', async () => {
    const { app, db, laptop, tablet, noteId } = await twoDevicesWithNote({ title: 'Bibliotheek', body: LINES })
    await pushOk(app, laptop, [noteDelete(2, noteId, 5_000)])
    const deleted = noteById(notesIn((await pullAll(app, tablet)).changes), noteId)
    expect(deleted).toMatchObject({ revision: 1, deletedAt: 5_000, fields: noteFields({ title: 'Bibliotheek', body: LINES }) })

    // Deleting it again changes nothing.
    const version = await userVersion(db, laptop.user.user.id)
    expect(await pushOk(app, laptop, [noteDelete(3, noteId)])).toEqual({ lastMutationId: 3, rejected: [] })
    expect(await userVersion(db, laptop.user.user.id)).toBe(version)

    // The tablet had not heard of the delete when it edited: the edit brings the note back.
    await pushOk(app, tablet, [noteSave(1, noteId, 1, { title: 'Bibliotheek', body: `${LINES}\nNog iets.` }, 6_000)])
    const restored = noteById(await notesOf(app, laptop), noteId)
    expect(restored).toMatchObject({ revision: 2, deletedAt: null, updatedAt: 6_000, fields: noteFields({ title: 'Bibliotheek', body: `${LINES}\nNog iets.` }) })
  })

  it('[N5] restores a note from the trash, and rejects deleting or restoring a note that does not exist', async () => {
    const { app, laptop, noteId } = await twoDevicesWithNote({ title: 'Bibliotheek' })
    await pushOk(app, laptop, [noteDelete(2, noteId), noteRestore(3, noteId)])
    expect(noteById(await notesOf(app, laptop), noteId)).toMatchObject({ deletedAt: null, fields: noteFields({ title: 'Bibliotheek' }) })

    const unknown = randomUUID()
    const response = await pushOk(app, laptop, [noteDelete(4, unknown), noteRestore(5, unknown), notePurge(6, unknown)])
    expect(response.lastMutationId).toBe(6)
    expect(response.rejected).toEqual([
      { id: 4, reason: expect.stringMatching(/note\.delete: no such note/) },
      { id: 5, reason: expect.stringMatching(/note\.restore: no such note/) },
      { id: 6, reason: expect.stringMatching(/note\.purge: no such note/) },
    ])
    expect((await notesOf(app, laptop)).map((n) => n.id)).toEqual([noteId])
  })

  it('[N3] keeps the text of a save from a revision the server never made (a restored server) in a conflict copy', async () => {
    const { app, laptop, tablet, noteId } = await twoDevicesWithNote({ title: 'Bibliotheek' })
    const response = await pushOk(app, tablet, [noteSave(1, noteId, 7, { title: 'Uit de toekomst' }), noteSave(2, noteId, 1, { title: 'Bibliotheek Oost' })])
    expect(response).toEqual({ lastMutationId: 2, rejected: [] })
    const notes = await notesOf(app, laptop)
    // Nothing to merge against: the server's title stays, the device's text sits beside it.
    expect(notes.find((note) => note.conflictOf === noteId)?.fields.title).toBe('Uit de toekomst')
    expect(notes.filter((note) => note.conflictOf === null).map((note) => note.fields.title)).toContain('Bibliotheek Oost')
  })

  it('[N7] purges a note on every device, and a later edit from a device that had not heard of it revives it with its text', async () => {
    const { app, db, laptop, tablet, noteId } = await twoDevicesWithNote({ title: 'Bibliotheek', body: LINES })
    await pushOk(app, laptop, [noteDelete(2, noteId), notePurge(3, noteId)])
    // The tablet hears of it as note-purged; so does a new device.
    expect((await pullAll(app, tablet)).changes).toEqual([{ type: 'note-purged', id: noteId } satisfies SyncChange])
    expect((await pullAll(app, deviceOf(laptop.user), null)).changes).toEqual([{ type: 'note-purged', id: noteId }])
    // Gone for good: the server keeps no text of it.
    const row = await db.selectFrom('notes').select(['fields', 'purged']).where('user_id', '=', laptop.user.user.id).where('id', '=', noteId).executeTakeFirstOrThrow()
    expect(row).toEqual({ fields: '{}', purged: 1 })
    expect(await db.selectFrom('note_revisions').selectAll().where('user_id', '=', laptop.user.user.id).execute()).toEqual([])
    // Purging again and restoring a purged note change nothing.
    const again = await pushOk(app, laptop, [notePurge(4, noteId), noteRestore(5, noteId)])
    expect(again.rejected.map((r) => r.id)).toEqual([5])

    // A phone that pulled revision 1 and was offline since then edits it.
    const phone = deviceOf(laptop.user, { userAgent: ANDROID_UA })
    const typed = noteFields({ title: 'Bibliotheek', body: `${LINES}\nGetypt in de trein.` })
    await pushOk(app, phone, [noteSave(1, noteId, 1, typed, 9_000)])
    const revived = noteById(notesIn((await pullAll(app, tablet)).changes), noteId)
    expect(revived).toMatchObject({ fields: typed, deletedAt: null, conflictOf: null, updatedAt: 9_000 })
    expect(revived.revision).toBeGreaterThan(1)
    expect(noteById(await notesOf(app, laptop), noteId)).toEqual(revived)
  })

  // Found by the sync fuzz: the tablet kept a line the purge had deleted, as it never pulled the purge.
  it('[N7][N9] a note revived after its purge: a device that had not pulled the purge gets it first, then the revived note, and lines stored since', async () => {
    const { app, laptop, tablet, noteId } = await twoDevicesWithNote({ title: 'Sessie' })
    await pushOk(app, tablet, [noteAddLine(1, noteId, randomUUID(), 'Weg met de purge')])
    await pullAll(app, tablet)
    await pushOk(app, laptop, [noteDelete(2, noteId), notePurge(3, noteId)])
    expect((await pullAll(app, laptop)).changes).toEqual([{ type: 'note-purged', id: noteId }])

    // Offline since, the tablet edits the note (it revives it) and adds a line, then pulls.
    await pushOk(app, tablet, [noteSave(2, noteId, 1, { title: 'Sessie, verder getypt' }, 9_000), noteAddLine(3, noteId, randomUUID(), 'Na de purge')])
    const { changes } = await pullAll(app, tablet)
    expect(changes.map((change) => change.type)).toEqual(['note-purged', 'note', 'note-line'])
    expect(changes[0]).toEqual({ type: 'note-purged', id: noteId })
    expect(noteById(notesIn(changes), noteId).fields.title).toBe('Sessie, verder getypt')
    expect(linesIn(changes).map((line) => line.text)).toEqual(['Na de purge'])

    // A device that pulled the purge before gets only what came after it.
    expect((await pullAll(app, laptop)).changes.map((change) => change.type)).toEqual(['note', 'note-line'])
  })

  it('[N7] purges a resolved conflict copy on every device', async () => {
    const { app, laptop, tablet, noteId } = await twoDevicesWithNote({ body: 'een regel' })
    await pushOk(app, laptop, [noteSave(2, noteId, 1, { body: 'de laptop' })])
    await pushOk(app, tablet, [noteSave(1, noteId, 1, { body: 'de tablet' })])
    const [copy] = conflictCopiesOf(await notesOf(app, laptop), noteId)
    expect(copy).toBeDefined()
    await pullAll(app, tablet)
    await pushOk(app, laptop, [notePurge(3, copy!.id)])
    expect((await pullAll(app, tablet)).changes).toEqual([{ type: 'note-purged', id: copy!.id }])
    expect((await notesOf(app, tablet)).map((n) => n.id)).toEqual([noteId])
  })

  it('[N8] merges a second save from the same base against the device’s own first save: no conflict with itself', async () => {
    const { app, db, laptop, noteId } = await twoDevicesWithNote({ body: 'Eerste regel' })
    // Two saves of the same line, the second made before the laptop pulled the revision the first made.
    await pushOk(app, laptop, [noteSave(2, noteId, 1, { body: 'Eerste regel, aangevuld' })])
    await pushOk(app, laptop, [noteSave(3, noteId, 1, { body: 'Eerste regel, aangevuld en nog meer' })])
    const notes = await notesOf(app, laptop)
    expect(conflictCopiesOf(notes, noteId)).toEqual([])
    expect(notes).toHaveLength(1)
    expect(noteById(notes, noteId)).toMatchObject({ revision: 3, fields: noteFields({ body: 'Eerste regel, aangevuld en nog meer' }) })
    expect(await db.selectFrom('notes').select('id').where('user_id', '=', laptop.user.user.id).execute()).toHaveLength(1)
  })

  it('[N8] builds on the device’s own saves of a new note it has not pulled yet', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const laptop = await signedInDevice(app)
    const noteId = randomUUID()
    await pushOk(app, laptop, [noteSave(1, noteId, 0, { title: 'Nieuw', body: 'Begin' })])
    await pushOk(app, laptop, [noteSave(2, noteId, 0, { title: 'Nieuw', body: 'Begin van het verhaal' })])
    await pushOk(app, laptop, [noteSave(3, noteId, 0, { title: 'Nieuw', body: 'Begin van het verhaal, met een einde' })])
    const notes = await notesOf(app, laptop)
    expect(notes).toHaveLength(1)
    expect(noteById(notes, noteId)).toMatchObject({ revision: 3, fields: noteFields({ title: 'Nieuw', body: 'Begin van het verhaal, met een einde' }) })
  })

  it('[N8] keeps another device’s edit of another line when the device saves twice from the same base', async () => {
    const { app, laptop, tablet, noteId } = await twoDevicesWithNote({ body: LINES })
    const first = LINES.replace('Wat wilden we?', 'Wat wilden we? Een loket')
    const second = LINES.replace('Wat wilden we?', 'Wat wilden we? Een loket dat je vindt')
    await pushOk(app, laptop, [noteSave(2, noteId, 1, { body: first })])
    await pushOk(app, tablet, [noteSave(1, noteId, 1, { body: LINES.replace('Wat zagen we?', 'Wat zagen we? Drukte.') })])
    await pushOk(app, laptop, [noteSave(3, noteId, 1, { body: second })])
    const notes = await notesOf(app, laptop)
    expect(conflictCopiesOf(notes, noteId)).toEqual([])
    expect(noteById(notes, noteId).fields.body).toBe(second.replace('Wat zagen we?', 'Wat zagen we? Drukte.'))
  })

  it('[N8] merges the device’s second save with another device’s edit in between, still without a conflict with itself', async () => {
    const { app, laptop, tablet, noteId } = await twoDevicesWithNote({ title: 'Bibliotheek', body: 'Eerste regel' })
    await pushOk(app, laptop, [noteSave(2, noteId, 1, { title: 'Bibliotheek', body: 'Eerste regel, aangevuld' })])
    await pullAll(app, tablet)
    await pushOk(app, tablet, [noteSave(1, noteId, 2, { title: 'Bibliotheek Noord', body: 'Eerste regel, aangevuld' })])
    await pushOk(app, laptop, [noteSave(3, noteId, 1, { title: 'Bibliotheek', body: 'Eerste regel, aangevuld en nog meer' })])
    const notes = await notesOf(app, laptop)
    expect(conflictCopiesOf(notes, noteId)).toEqual([])
    expect(noteById(notes, noteId)).toMatchObject({ revision: 4, fields: noteFields({ title: 'Bibliotheek Noord', body: 'Eerste regel, aangevuld en nog meer' }) })
  })

  it('[N9] keeps every line when two devices add lines to the same note: a pull has them all, in time order', async () => {
    const { app, laptop, tablet, noteId } = await twoDevicesWithNote({ title: 'Sessie' })
    const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()]
    // Both offline, then both push: their lines interleave in time.
    await pushOk(app, laptop, [noteAddLine(2, noteId, ids[0]!, 'Start, 12 mensen', 10_000), noteAddLine(3, noteId, ids[2]!, 'Pauze', 30_000)])
    await pushOk(app, tablet, [noteAddLine(1, noteId, ids[1]!, 'Eerste ronde klaar', 20_000), noteAddLine(2, noteId, ids[3]!, 'Afsluiting', 40_000)])
    for (const device of [laptop, tablet]) {
      const lines = linesIn((await pullAll(app, { ...device }, null)).changes)
      expect(lines).toEqual([
        { id: ids[0], noteId, text: 'Start, 12 mensen', at: 10_000 },
        { id: ids[1], noteId, text: 'Eerste ronde klaar', at: 20_000 },
        { id: ids[2], noteId, text: 'Pauze', at: 30_000 },
        { id: ids[3], noteId, text: 'Afsluiting', at: 40_000 },
      ])
    }
    // Lines do not touch the note: no new revision, no conflict copy.
    const notes = await notesOf(app, laptop)
    expect(notes).toHaveLength(1)
    expect(noteById(notes, noteId).revision).toBe(1)
  })

  it('[N9] adds a line once when the same push is repeated, and once when another device sends the same line id', async () => {
    const { app, db, laptop, tablet, noteId } = await twoDevicesWithNote({ title: 'Sessie' })
    const lineId = randomUUID()
    const batch = [noteAddLine(2, noteId, lineId, 'Koffie', 5_000)]
    await pushOk(app, laptop, batch)
    const version = await userVersion(db, laptop.user.user.id)
    expect(await pushOk(app, laptop, batch)).toEqual({ lastMutationId: 2, rejected: [] })
    expect(await pushOk(app, tablet, [noteAddLine(1, noteId, lineId, 'Thee', 6_000)])).toEqual({ lastMutationId: 1, rejected: [] })
    expect(await userVersion(db, laptop.user.user.id)).toBe(version)
    const lines = linesIn((await pullAll(app, { ...laptop }, null)).changes)
    expect(lines).toEqual([{ id: lineId, noteId, text: 'Koffie', at: 5_000 }])
  })

  it('[N9] never sends one user’s lines to another user, and refuses an empty or too long line', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const anne = await signedInDevice(app)
    const bram = await signedInDevice(app)
    const noteId = randomUUID()
    await pushOk(app, anne, [noteSave(1, noteId, 0, { title: 'Van Anne' }), noteAddLine(2, noteId, randomUUID(), 'geheim-van-anne')])
    // Bram even names Anne's note id: his line is his own, and hers stay hers.
    await pushOk(app, bram, [noteAddLine(1, noteId, randomUUID(), 'van Bram')])
    expect(linesIn((await pullAll(app, { ...bram }, null)).changes).map((line) => line.text)).toEqual(['van Bram'])
    expect(linesIn((await pullAll(app, { ...anne }, null)).changes).map((line) => line.text)).toEqual(['geheim-van-anne'])
    const refused = await pushOk(app, anne, [noteAddLine(3, noteId, randomUUID(), ''), noteAddLine(4, noteId, randomUUID(), 'x'.repeat(2001))])
    expect(refused.rejected.map((rejected) => rejected.id)).toEqual([3, 4])
  })

  it('[N9][N7] keeps a line for an unknown note, and purging a note deletes its lines on the server', async () => {
    const { app, db, laptop, noteId } = await twoDevicesWithNote({ title: 'Sessie' })
    const orphanNote = randomUUID()
    await pushOk(app, laptop, [noteAddLine(2, noteId, randomUUID(), 'Weg ermee'), noteAddLine(3, orphanNote, randomUUID(), 'Niets typen gaat verloren')])
    await pushOk(app, laptop, [noteDelete(4, noteId), notePurge(5, noteId)])
    const rows = await db.selectFrom('note_lines').select(['note_id', 'text']).where('user_id', '=', laptop.user.user.id).execute()
    expect(rows).toEqual([{ note_id: orphanNote, text: 'Niets typen gaat verloren' }])
  })

  it('[N9][V1] sends lines to a device on schema version 2, the oldest served', async () => {
    const { app, laptop, noteId } = await twoDevicesWithNote({ title: 'Sessie' })
    await pushOk(app, laptop, [noteAddLine(2, noteId, randomUUID(), 'Nieuw')])
    const response = await pull(app, laptop, null, { body: { schemaVersion: 2 } })
    expect(response.statusCode, response.body).toBe(200)
    const changes = response.json<{ changes: SyncChange[] }>().changes
    expect(changes.map((change) => change.type)).toEqual(['note', 'note-line'])
  })
})
