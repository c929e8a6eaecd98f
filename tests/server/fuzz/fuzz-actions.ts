// Runs one fuzz command: a user action through the device's own db functions (user-actions.ts, the ones
// the app's stores call), a sync, a network fault, or a server restart; and writes down in the model
// what was typed. A command that finds nothing to act on (no note yet, nothing in the trash) does nothing.
import { saveProgress } from '../../../src/client/db/progress-db'
import { addLine, deleteNote, isBookmarked, purgeNote, restoreNote, saveNote, setBookmark } from '../../../src/client/db/user-actions'
import type { NoteRow } from '../../../src/client/db/userdata'
import { emptyNoteFields, NOTE_SET_MAX_ITEMS, type NoteFields } from '../../../src/shared/sync/note'
import { BOOKMARK_SLUGS, type FuzzCommand, type FuzzField, PROGRESS_SLUGS } from './fuzz-commands'
import type { FuzzDevice } from './fuzz-device'
import type { FuzzModel } from './fuzz-model'
import type { FuzzServer } from './fuzz-server'
import type { WireLog } from './fuzz-wire-log'

export interface FuzzRun {
  server: FuzzServer
  model: FuzzModel
  wire: WireLog
  devices: FuzzDevice[]
}

export async function runCommand(run: FuzzRun, command: FuzzCommand): Promise<void> {
  if (command.type === 'restart') return run.server.restart()
  const device = run.devices[command.client]!
  switch (command.type) {
    case 'edit': {
      const note = await pickNote(run, device, command.note, () => true)
      if (!note) return createNote(run, device)
      const marker = run.model.newMarker()
      // A long run could fill the tag set ([P4] would reject the save): type into the body then.
      const field = command.field === 'tags' && note.fields.tags.length >= NOTE_SET_MAX_ITEMS ? 'body' : command.field
      await saveNote(device.db, note.id, typeInto(note.fields, field, command.kind, command.line, marker), device.now())
      run.model.markers.push({ marker, user: device.user, client: device.index, noteId: note.id, field })
      return
    }
    case 'create':
      return createNote(run, device)
    case 'addLine': {
      const note = await pickNote(run, device, command.note, () => true)
      if (!note) return
      const marker = run.model.newMarker()
      await addLine(device.db, note.id, marker, device.now())
      run.model.lines.push({ marker, user: device.user, client: device.index, noteId: note.id })
      return
    }
    case 'toggleBookmark': {
      const slug = BOOKMARK_SLUGS[command.slug]!
      return setBookmark(device.db, slug, !(await isBookmarked(device.db, slug)), device.now())
    }
    case 'setProgress': {
      const slug = PROGRESS_SLUGS[command.slug]!
      const position = command.percent / 100
      await saveProgress(device.db, slug, position, device.now())
      run.model.progress.push({ user: device.user, slug, position, at: device.now() })
      return
    }
    case 'trash': {
      const note = await pickNote(run, device, command.note, () => true)
      if (!note) return
      return note.deletedAt === null ? deleteNote(device.db, note.id, device.now()) : restoreNote(device.db, note.id, device.now())
    }
    case 'purge': {
      const note = await pickNote(run, device, command.note, (row) => row.deletedAt !== null)
      if (!note) return
      run.model.purged.add(note.id)
      return purgeNote(device.db, note.id, device.now())
    }
    case 'offline':
      device.link.isOnline = false
      return
    case 'online':
      device.link.isOnline = true
      return
    case 'sync': {
      const faultsBefore = device.link.faultsTaken
      const status = await device.engine.syncNow()
      // On a healthy network a sync goes through; only a fault or being offline may stop it.
      if (device.link.isOnline && device.link.faultsTaken === faultsBefore && status.state !== 'synced') {
        run.wire.violations.push(`command ${run.wire.step}, device ${device.index}: a sync on a healthy network ended ${JSON.stringify(status)}`)
      }
      return
    }
    case 'dropReply':
      return device.link.arm(command.request, { type: 'dropReply' })
    case 'duplicate':
      return device.link.arm(command.request, { type: 'duplicate', answer: command.answer })
  }
}

async function createNote(run: FuzzRun, device: FuzzDevice): Promise<void> {
  const id = run.model.newNoteId(device.user)
  const marker = run.model.newMarker()
  await saveNote(device.db, id, { ...emptyNoteFields(), title: marker }, device.now())
  run.model.markers.push({ marker, user: device.user, client: device.index, noteId: id, field: 'title' })
}

/**
 * The `index`-th (modulo) of the notes this device has, among those the fuzz created, in creation order:
 * the same choice on every replay (conflict copies have random ids, so the fuzz leaves them alone).
 */
async function pickNote(run: FuzzRun, device: FuzzDevice, index: number, isEligible: (row: NoteRow) => boolean): Promise<NoteRow | undefined> {
  const rows = await device.db.notes.bulkGet([...run.model.notesOf(device.user)])
  const candidates = rows.filter((row): row is NoteRow => row !== undefined && row.conflictOf === null && isEligible(row))
  return candidates.length === 0 ? undefined : candidates[index % candidates.length]
}

/** Adds the marker and removes nothing: whatever a merge keeps, no marker may go missing. */
function typeInto(fields: NoteFields, field: FuzzField, kind: 'append' | 'line' | 'insert', line: number, marker: string): NoteFields {
  if (field === 'tags') return { ...fields, tags: [...fields.tags, marker] }
  const lines = fields[field] === '' ? [] : fields[field].split('\n')
  if (kind === 'append' || lines.length === 0) lines.push(marker)
  else if (kind === 'line') lines[line % lines.length] += ` ${marker}`
  else lines.splice(line % (lines.length + 1), 0, marker)
  return { ...fields, [field]: lines.join('\n') }
}
