// Runs one fuzz command: a user action through the device's own db functions (user-actions.ts, the ones
// the app's stores call), a sync (to its end, or started and held), a network fault, or a server restart;
// and writes down in the model what was typed. A command that finds nothing to act on (no note yet,
// nothing in the trash, no held request) does nothing. A user action may run while the device's own
// sync waits at a hold: each is checked at once for what it did to the outbox (checkLocalAction), and
// each stretch of a sync for what it did to rows with pending changes (checkPendingRowsKept).
import { saveProgress } from '../../../src/client/db/progress-db'
import { addLine, copyNoteFields, deleteNote, isBookmarked, purgeNote, restoreNote, saveNote, setBookmark } from '../../../src/client/db/user-actions'
import type { NoteRow } from '../../../src/client/db/userdata'
import { emptyNoteFields, NOTE_SET_MAX_ITEMS, type NoteFields } from '../../../src/shared/sync/note'
import { BOOKMARK_SLUGS, type ClientIndex, type FuzzCommand, type FuzzField, PROGRESS_SLUGS } from './fuzz-commands'
import type { FuzzDevice } from './fuzz-device'
import { checkLocalAction, checkPendingRowsKept, snapshotOutbox, snapshotPendingRows } from './fuzz-invariants'
import type { FuzzModel } from './fuzz-model'
import type { FuzzServer } from './fuzz-server'
import type { WireLog } from './fuzz-wire-log'

export interface FuzzRun {
  server: FuzzServer
  model: FuzzModel
  wire: WireLog
  devices: FuzzDevice[]
  /** User actions made while that device's own push or pull was held, by hold: the interleavings the run saw. */
  interleaved: Map<string, number>
}

export async function runCommand(run: FuzzRun, command: FuzzCommand): Promise<void> {
  if (command.type === 'restart') return run.server.restart()
  const device = run.devices[command.client]!
  switch (command.type) {
    case 'offline':
      device.link.goOffline()
      return
    case 'online':
      device.link.isOnline = true
      return
    case 'sync':
      return advanceSync(run, device, async () => {
        if (!device.sync) beginSync(run, device)
        await settle(run, device)
      })
    case 'startSync':
      return advanceSync(run, device, async () => {
        device.link.hold(command.request, command.stage)
        // During a sync, syncNow() asks for one more round of it, as a local change in the app does.
        if (device.sync) void device.engine.syncNow()
        else beginSync(run, device)
        await untilHeldOrDone(run, device)
      })
    case 'release':
      return advanceSync(run, device, async () => {
        if (device.link.release()) await untilHeldOrDone(run, device)
      })
    case 'dropReply':
      return device.link.arm(command.request, { type: 'dropReply' })
    case 'duplicate':
      return device.link.arm(command.request, { type: 'duplicate', answer: command.answer })
    default:
      return localAction(run, device, command)
  }
}

type UserCommand = Extract<FuzzCommand, { client: number }>

/** Actions she takes in the note editor: the others are elsewhere in the app, so she left the editor first. */
const EDITOR_COMMANDS: ReadonlySet<UserCommand['type']> = new Set(['type', 'autosave', 'addLine'])

/** The user actions: each checked against the outbox it found, whether or not a sync is under way. */
async function localAction(run: FuzzRun, device: FuzzDevice, command: UserCommand): Promise<void> {
  // Leaving the editor saves what she typed at once (useAutosave's flush).
  if (!EDITOR_COMMANDS.has(command.type)) await closeEditor(run, device)
  const pause = device.link.pause
  if (pause) {
    const name = `${pause.kind} ${pause.stage}`
    run.interleaved.set(name, (run.interleaved.get(name) ?? 0) + 1)
  }
  const before = await snapshotOutbox(device)
  const saved = await userAction(run, device, command)
  run.wire.violations.push(...(await checkLocalAction(run, device, before, saved)))
}

/** Saves what the editor holds unsaved and closes it: she left the note (or the fuzz is done). */
export async function closeEditor(run: FuzzRun, device: FuzzDevice): Promise<void> {
  if (device.editor?.isDirty) await localAction(run, device, { type: 'autosave', client: device.index as ClientIndex })
  device.editor = undefined
}

/** Answers the note save it made, if it made one: the outbox must hold it, unsent. */
async function userAction(run: FuzzRun, device: FuzzDevice, command: UserCommand): Promise<{ id: string; fields: NoteFields } | undefined> {
  switch (command.type) {
    case 'type': {
      let editor = device.editor
      if (editor && !editor.isDirty) {
        // The editor's watch: while she is not typing, it shows what a pull brought.
        const latest = await device.db.notes.get(editor.noteId)
        if (latest) editor = device.editor = { ...editor, fields: copyNoteFields(latest.fields), stored: latest }
      }
      if (!editor) {
        const note = await pickNote(run, device, command.note, () => true)
        if (!note) return createNote(run, device)
        editor = device.editor = { noteId: note.id, fields: copyNoteFields(note.fields), stored: note, isDirty: false }
      }
      const marker = run.model.newMarker()
      const field = command.field === 'tags' && editor.fields.tags.length >= NOTE_SET_MAX_ITEMS ? 'body' : command.field
      editor.fields = typeInto(editor.fields, field, command.kind, command.line, marker)
      editor.isDirty = true
      run.model.markers.push({ marker, user: device.user, client: device.index, noteId: editor.noteId, field })
      return undefined
    }
    case 'autosave': {
      const editor = device.editor
      if (!editor?.isDirty) return undefined
      // As useNoteEditor saves them: her fields, on the revision of the version it showed her.
      await saveNote(device.db, editor.noteId, editor.fields, device.now(), editor.stored?.revision)
      editor.isDirty = false
      return { id: editor.noteId, fields: copyNoteFields(editor.fields) }
    }
    case 'edit': {
      const note = await pickNote(run, device, command.note, () => true)
      if (!note) return createNote(run, device)
      const marker = run.model.newMarker()
      // A long run could fill the tag set ([P4] would reject the save): type into the body then.
      const field = command.field === 'tags' && note.fields.tags.length >= NOTE_SET_MAX_ITEMS ? 'body' : command.field
      const fields = typeInto(note.fields, field, command.kind, command.line, marker)
      await saveNote(device.db, note.id, fields, device.now())
      run.model.markers.push({ marker, user: device.user, client: device.index, noteId: note.id, field })
      return { id: note.id, fields: copyNoteFields(fields) }
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
      await setBookmark(device.db, slug, !(await isBookmarked(device.db, slug)), device.now())
      return
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
      if (note.deletedAt === null) await deleteNote(device.db, note.id, device.now())
      else await restoreNote(device.db, note.id, device.now())
      return
    }
    case 'purge': {
      const note = await pickNote(run, device, command.note, (row) => row.deletedAt !== null)
      if (!note) return
      run.model.purged.add(note.id)
      // Its text goes with it, also text typed into another note of its family that only it still holds
      // (she resolved a conflict by dropping the copy, [N3]).
      const elsewhere = markersIn((await localFamilyOf(device, note)).filter((member) => member.id !== note.id))
      for (const marker of markersIn([note])) if (!elsewhere.has(marker)) run.model.discarded.add(marker)
      await purgeNote(device.db, note.id, device.now())
      return
    }
    default:
      return
  }
}

async function createNote(run: FuzzRun, device: FuzzDevice): Promise<{ id: string; fields: NoteFields }> {
  const id = run.model.newNoteId(device.user)
  const marker = run.model.newMarker()
  const fields = { ...emptyNoteFields(), title: marker }
  await saveNote(device.db, id, fields, device.now())
  run.model.markers.push({ marker, user: device.user, client: device.index, noteId: id, field: 'title' })
  return { id, fields: copyNoteFields(fields) }
}

// ─── Syncs under way ────────────────────────────────────────────────────────────────────────────────

/** Starts a sync without waiting for it: it runs until a hold stops it, or to its end. */
function beginSync(run: FuzzRun, device: FuzzDevice): void {
  device.sync = { status: device.engine.syncNow(), faultsBefore: device.link.faultsTaken, offlineBefore: device.link.offlineSpells, step: run.wire.step }
}

/** Waits until the device's sync stops at a hold or ends; an ended one is checked and forgotten. */
export async function untilHeldOrDone(run: FuzzRun, device: FuzzDevice): Promise<void> {
  const sync = device.sync
  if (!sync) return
  const outcome = await Promise.race([sync.status.then((status) => ({ status })), device.link.whenPaused().then(() => undefined)])
  if (!outcome) return
  device.sync = undefined
  device.link.clearHolds()
  // On a healthy network a sync goes through; only a fault or being offline may stop it.
  const isHealthy = device.link.isOnline && device.link.faultsTaken === sync.faultsBefore && device.link.offlineSpells === sync.offlineBefore
  if (isHealthy && outcome.status.state !== 'synced') {
    run.wire.violations.push(`command ${run.wire.step}, device ${device.index}: a sync (started at command ${sync.step}) on a healthy network ended ${JSON.stringify(outcome.status)}`)
  }
}

/** Lets the device's sync run to its end: no further holds, the held request released. */
export async function settle(run: FuzzRun, device: FuzzDevice): Promise<void> {
  while (device.sync) {
    device.link.clearHolds()
    device.link.release()
    await untilHeldOrDone(run, device)
  }
}

/**
 * [L3] A stretch of the device's sync (no user action runs during it): a row that had pending mutations
 * before and still has some after it keeps what this device made of it, whatever the pull brought.
 */
export async function advanceSync(run: FuzzRun, device: FuzzDevice, stretch: () => Promise<void>): Promise<void> {
  const before = await snapshotPendingRows(device)
  await stretch()
  run.wire.violations.push(...(await checkPendingRowsKept(run, device, before)))
}

/**
 * The `index`-th (modulo) of the notes this device has: those the fuzz created, in creation order, then
 * the conflict copies ([N3]: she edits, trashes or purges a copy to resolve it). Copies have random ids,
 * so they go by what a replay makes the same: when and from which device, then their text.
 */
async function pickNote(run: FuzzRun, device: FuzzDevice, index: number, isEligible: (row: NoteRow) => boolean): Promise<NoteRow | undefined> {
  const rows = await device.db.notes.bulkGet([...run.model.notesOf(device.user)])
  const copies = (await device.db.notes.filter((row) => row.conflictOf !== null).toArray()).sort(
    (a, b) => a.createdAt - b.createdAt || compareText(a.conflictDevice ?? '', b.conflictDevice ?? '') || compareText(JSON.stringify(a.fields), JSON.stringify(b.fields)) || compareText(a.id, b.id),
  )
  const candidates = [...rows.filter((row): row is NoteRow => row !== undefined && row.conflictOf === null), ...copies].filter(isEligible)
  return candidates.length === 0 ? undefined : candidates[index % candidates.length]
}

/** The note's family on the device: its root (following conflictOf up) and every copy below it. */
async function localFamilyOf(device: FuzzDevice, note: NoteRow): Promise<NoteRow[]> {
  const notes = new Map((await device.db.notes.toArray()).map((row) => [row.id, row]))
  let root = note
  for (let parent = notes.get(root.conflictOf ?? ''); parent && parent.id !== note.id; parent = notes.get(parent.conflictOf ?? '')) root = parent
  const ids = new Set([root.id])
  for (let grew = true; grew; ) {
    grew = false
    for (const row of notes.values()) {
      if (row.conflictOf !== null && ids.has(row.conflictOf) && !ids.has(row.id)) {
        ids.add(row.id)
        grew = true
      }
    }
  }
  return [...ids].flatMap((id) => notes.get(id) ?? [])
}

function markersIn(notes: NoteRow[]): Set<string> {
  return new Set(notes.flatMap((note) => JSON.stringify(note.fields).match(/\[m\d+\]/g) ?? []))
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
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
