// What the reader does to her own data: bookmarks and Doetank notes. Every action writes its row and its
// outbox entry in one Dexie transaction, taking the next mutation id in that same transaction ([C2][C3]),
// so the outbox always says exactly what the rows hold that the server has not acknowledged yet.
import type { MutationArgs, MutationName } from '../../shared/sync/mutations'
import { compareNoteLines, emptyNoteFields, NOTE_LINE_MAX_CHARS, NOTE_SET_FIELDS, NOTE_TEXT_FIELDS, type NoteFields, restoreNoteFields } from '../../shared/sync/note'
import { dropPhotosOfNote, photoUploadKeys } from './photo-actions'
import { allocateMutationId, readMeta } from './sync-meta'
import { type BookmarkRow, bookmarkKey, lineKey, type NoteLineRow, type NoteRow, noteKey, type RowKey, type UserDataDb } from './userdata'

export { saveProgress } from './progress-db'

async function enqueue<Name extends MutationName>(db: UserDataDb, name: Name, args: MutationArgs[Name], at: number, key: RowKey): Promise<number> {
  const id = await allocateMutationId(db)
  await db.outbox.add({ id, name, args, at, key })
  return id
}

/** A plain copy: IndexedDB cannot store proxies (a store may hand us reactive fields), and older shapes get defaults. */
export function copyNoteFields(fields: Partial<NoteFields>): NoteFields {
  const restored = restoreNoteFields(fields)
  const copy = { ...emptyNoteFields(), decision: restored.decision }
  for (const field of NOTE_TEXT_FIELDS) copy[field] = String(restored[field])
  for (const field of NOTE_SET_FIELDS) copy[field] = [...restored[field]].map(String)
  return copy
}

// ─── Bookmarks ([B1]) ───────────────────────────────────────────────────────────────────────────────

export function setBookmark(db: UserDataDb, slug: string, bookmarked: boolean, now = Date.now()): Promise<void> {
  return db.transaction('rw', [db.bookmarks, db.outbox, db.meta], async () => {
    await db.bookmarks.put({ slug, bookmarked: bookmarked ? 1 : 0, updatedAt: now })
    await enqueue(db, 'bookmark.set', { slug, bookmarked }, now, bookmarkKey(slug))
  })
}

/** Bookmarked items, most recently bookmarked first (removals are kept as tombstones and left out). */
export async function readBookmarks(db: UserDataDb): Promise<BookmarkRow[]> {
  const rows = await db.bookmarks.filter((row) => row.bookmarked === 1).toArray()
  return rows.sort((a, b) => b.updatedAt - a.updatedAt)
}

export async function isBookmarked(db: UserDataDb, slug: string): Promise<boolean> {
  return (await db.bookmarks.get(slug))?.bookmarked === 1
}

// ─── Notes ([N1]–[N7]) ──────────────────────────────────────────────────────────────────────────────

/**
 * Saves the note's fields (creating the note when it is missing). The edit is based on the server
 * revision the row has, or on `baseRevision` when the fields were made on an older one (the editor's).
 * Saves typed in quick succession share one outbox entry while it has never been sent: one device's
 * consecutive saves must not reach the server as concurrent edits of one base.
 */
export function saveNote(db: UserDataDb, id: string, fields: NoteFields, now = Date.now(), baseRevision?: number): Promise<void> {
  const plain = copyNoteFields(fields)
  return db.transaction('rw', [db.notes, db.outbox, db.meta, db.deferred], async () => {
    let row = await db.notes.get(id)
    if (row && baseRevision !== undefined && baseRevision < row.revision) {
      // [N2][L3] Typed on an older revision than a pull put here meanwhile (the editor keeps her fields
      // while she types): sent as based on the newer one, her stale text would overwrite that pull's
      // edits on the server ([N1]). So it goes on the revision it was made on, to be merged there, and
      // the pulled version waits as a held-back change until her edit is acknowledged.
      if (!(await db.deferred.get(noteKey(id)))) await db.deferred.put({ key: noteKey(id), change: { type: 'note', note: row } })
      row = { ...row, revision: baseRevision }
    }
    // [N5] An edit of a deleted note restores it: the server does the same.
    const note: NoteRow = row
      ? { ...row, fields: plain, updatedAt: now, deletedAt: null }
      : { id, revision: 0, fields: plain, createdAt: now, updatedAt: now, deletedAt: null, conflictOf: null, conflictDevice: null }
    await db.notes.put(note)

    const args: MutationArgs['note.save'] = { id, baseRevision: note.revision, fields: plain }
    const last = await db.outbox.where('key').equals(noteKey(id)).last()
    const pushedThrough = (await readMeta(db, 'pushedThrough')) ?? 0
    if (last && last.name === 'note.save' && last.id > pushedThrough) {
      // Never sent, so its number still means "the latest save": no id is reused on the wire ([C2]).
      await db.outbox.update(last.id, { args, at: now })
    } else {
      await enqueue(db, 'note.save', args, now, noteKey(id))
    }
  })
}

/** A new note (empty unless fields are given); answers its id. */
export async function createNote(db: UserDataDb, fields: Partial<NoteFields> = {}, now = Date.now()): Promise<string> {
  const id = crypto.randomUUID()
  await saveNote(db, id, restoreNoteFields(fields), now)
  return id
}

/** [N5] Into the trash. */
export function deleteNote(db: UserDataDb, id: string, now = Date.now()): Promise<void> {
  return db.transaction('rw', [db.notes, db.outbox, db.meta], async () => {
    const row = await db.notes.get(id)
    if (!row || row.deletedAt !== null) return
    await db.notes.put({ ...row, deletedAt: now, updatedAt: now })
    await enqueue(db, 'note.delete', { id }, now, noteKey(id))
  })
}

/** [N5] Out of the trash. */
export function restoreNote(db: UserDataDb, id: string, now = Date.now()): Promise<void> {
  return db.transaction('rw', [db.notes, db.outbox, db.meta], async () => {
    const row = await db.notes.get(id)
    if (!row || row.deletedAt === null) return
    await db.notes.put({ ...row, deletedAt: null, updatedAt: now })
    await enqueue(db, 'note.restore', { id }, now, noteKey(id))
  })
}

/** [N7] Gone for good, here at once and on every device after the next sync (empty trash, or a resolved conflict copy). */
export function purgeNote(db: UserDataDb, id: string, now = Date.now()): Promise<void> {
  return db.transaction('rw', [db.notes, db.lines, db.photos, db.photoFiles, db.outbox, db.meta, db.deferred], async () => {
    const row = await db.notes.get(id)
    if (!row) return
    await db.notes.delete(id)
    await db.lines.where('noteId').equals(id).delete()
    // [A5] Its photos go with it; the server removes its copies when it applies the purge.
    await dropPhotosOfNote(db, id)
    // A held-back server version of this note must not bring it back once the purge is acknowledged.
    await db.deferred.delete(noteKey(id))
    await enqueue(db, 'note.purge', { id }, now, noteKey(id))
  })
}

/** Every note that is not purged, trash included (`deletedAt !== null`); most recently changed first. */
export function readNotes(db: UserDataDb): Promise<NoteRow[]> {
  return db.notes.orderBy('updatedAt').reverse().toArray()
}

export function readNote(db: UserDataDb, id: string): Promise<NoteRow | undefined> {
  return db.notes.get(id)
}

/** [N3] The conflict copies that sit beside a note. */
export function readConflictCopies(db: UserDataDb, id: string): Promise<NoteRow[]> {
  return db.notes.where('conflictOf').equals(id).toArray()
}

// ─── Quick-log lines ([N9]) ─────────────────────────────────────────────────────────────────────────

/**
 * Appends a quick-log line to the note, stamped `now`: the row and its `note.addLine` entry in one
 * transaction ([C3]). Lines are insert-only with their own ids, so two devices adding lines never
 * conflict. Answers the line; undefined when the text is blank.
 */
export function addLine(db: UserDataDb, noteId: string, text: string, now = Date.now()): Promise<NoteLineRow | undefined> {
  const trimmed = String(text).trim().slice(0, NOTE_LINE_MAX_CHARS)
  if (!trimmed) return Promise.resolve(undefined)
  const line: NoteLineRow = { id: crypto.randomUUID(), noteId, text: trimmed, at: now }
  return db.transaction('rw', [db.lines, db.outbox, db.meta], async () => {
    await db.lines.add(line)
    await enqueue(db, 'note.addLine', { noteId, id: line.id, text: trimmed }, now, lineKey(noteId, line.id))
    return line
  })
}

/** [N9] The note's lines in time order (ties by id), oldest first. */
export async function readLines(db: UserDataDb, noteId: string): Promise<NoteLineRow[]> {
  return (await db.lines.where('noteId').equals(noteId).toArray()).sort(compareNoteLines)
}

// ─── Sync state for the UI ──────────────────────────────────────────────────────────────────────────

/**
 * Changes the server has not acknowledged yet: outbox entries, reading positions not yet queued, and
 * photo bytes not yet on the server ([A2]).
 */

/** The rows with mutations in the outbox ('note:<id>', 'bookmark:<slug>', 'progress:<slug>'…), and photos whose bytes wait. */
export async function pendingKeys(db: UserDataDb): Promise<Set<RowKey>> {
  return db.transaction('r', [db.outbox, db.photos, db.photoFiles], async () => {
    const keys = (await db.outbox.orderBy('key').uniqueKeys()) as RowKey[]
    return new Set([...keys, ...((await photoUploadKeys(db)) as RowKey[])])
  })
}

/**
 * - local: only on this device (no account, or the server never took it)
 * - queued: changed here, waiting for the server
 * - synced: the server has what this device has
 * - conflict: a conflict copy, waiting for the reader to keep or drop it ([N3])
 */
export type NoteSyncState = 'local' | 'queued' | 'synced' | 'conflict'

export function noteSyncState(note: Pick<NoteRow, 'id' | 'revision' | 'conflictOf'>, keys: ReadonlySet<string>, hasAccount: boolean): NoteSyncState {
  if (note.conflictOf !== null) return 'conflict'
  if (!hasAccount) return 'local'
  if (keys.has(noteKey(note.id))) return 'queued'
  // [N9][A1] A line or a photo waiting for the server: 'line:<noteId>:<lineId>', 'photo:<noteId>:<photoId>'.
  const prefixes = [`line:${note.id}:`, `photo:${note.id}:`]
  for (const key of keys) if (prefixes.some((prefix) => key.startsWith(prefix))) return 'queued'
  return note.revision === 0 ? 'local' : 'synced'
}
