// What must hold once the fuzz's devices are quiet (all online, no faults, every device synced after the
// last change): each check answers the violations it found, as sentences for the failure report.
//   - every outbox empty, every device's acknowledgement its last mutation id, and the server's too ([C4][P1])
//   - every device holds exactly the server's notes, lines, bookmarks and reading positions
//   - the model: every marker typed is in its note or a conflict copy ([N2][N3]), every line once ([N9]),
//     bookmarks the last arrival ([B1]), positions the latest device time ([R1]), trash as the last
//     applied delete/restore/edit says ([N5]); nothing of one user at the other ([C1])
// And at every step, while the device may have a sync under way:
//   - a user action adds to the outbox and leaves every entry marked as sent as it was: an edit is never
//     lost, nor folded into an entry already sent ([C2][N8]); the save is in an entry not yet sent
//   - a stretch of a sync never changes a row that had and still has pending mutations ([L3])
import { readMeta } from '../../../src/client/db/sync-meta'
import type { OutboxEntry } from '../../../src/client/db/userdata'
import type { SyncChange } from '../../../src/shared/sync/changes'
import { emptyNoteFields, type NoteFields, restoreNoteFields, type SyncedNote } from '../../../src/shared/sync/note'
import type { FuzzRun } from './fuzz-actions'
import type { FuzzDevice } from './fuzz-device'

/** The rows of one user on the server, as the devices must hold them. */
export interface ServerView {
  user: number
  notes: SyncedNote[]
  lines: Extract<SyncChange, { type: 'note-line' }>['line'][]
  bookmarks: Extract<SyncChange, { type: 'bookmark' }>[]
  progress: Extract<SyncChange, { type: 'progress' }>[]
}

export function toServerView(user: number, rows: Map<string, SyncChange>): ServerView {
  const view: ServerView = { user, notes: [], lines: [], bookmarks: [], progress: [] }
  for (const change of rows.values()) {
    if (change.type === 'note') view.notes.push(change.note)
    else if (change.type === 'note-line') view.lines.push(change.line)
    else if (change.type === 'bookmark') view.bookmarks.push(change)
    else if (change.type === 'progress') view.progress.push(change)
  }
  return view
}

/** [C4][P1] Nothing waits, and device, server and wire agree on the last mutation applied. */
export async function checkAcknowledged(run: FuzzRun, device: FuzzDevice): Promise<string[]> {
  const { db } = device
  const problems: string[] = []
  const [outbox, deferred, dirty] = await Promise.all([db.outbox.count(), db.deferred.count(), db.progress.where('isDirty').equals(1).count()])
  if (outbox + deferred + dirty > 0) problems.push(`device ${device.index}: ${outbox} outbox entries, ${deferred} held-back changes, ${dirty} unsent positions left`)
  const lastMade = ((await readMeta(db, 'nextMutationId')) ?? 1) - 1
  const acknowledged = (await readMeta(db, 'lastMutationId')) ?? 0
  const onServer = await run.server.lastMutationIdOf(device.clientId)
  const onWire = run.wire.serverAckOf(device.index)
  if (new Set([lastMade, acknowledged, onServer, onWire]).size !== 1) {
    problems.push(`device ${device.index}: made ${lastMade} mutations, acknowledged ${acknowledged}, server has ${onServer}, pushes answered ${onWire}`)
  }
  return problems
}

/** The device's tables, row for row, equal the server's. */
export async function checkDeviceEqualsServer(device: FuzzDevice, view: ServerView): Promise<string[]> {
  const { db } = device
  const [notes, lines, bookmarks, progress] = await Promise.all([db.notes.toArray(), db.lines.toArray(), db.bookmarks.toArray(), db.progress.toArray()])
  return [
    ...compareRows(`device ${device.index} notes`, notes.map(noteRow), view.notes.map(noteRow)),
    ...compareRows(`device ${device.index} lines`, lines.map(lineRow), view.lines.map(lineRow)),
    ...compareRows(
      `device ${device.index} bookmarks`,
      bookmarks.map((row) => [row.slug, JSON.stringify({ bookmarked: row.bookmarked === 1, updatedAt: row.updatedAt })]),
      view.bookmarks.map((row) => [row.slug, JSON.stringify({ bookmarked: row.bookmarked, updatedAt: row.updatedAt })]),
    ),
    ...compareRows(
      `device ${device.index} progress`,
      progress.map((row) => [row.slug, JSON.stringify({ position: row.position, at: row.updatedAt })]),
      view.progress.map((row) => [row.slug, JSON.stringify({ position: row.position, at: row.at })]),
    ),
  ]
}

/** The model's promises about one user's data on the server. */
export function checkModel(run: FuzzRun, view: ServerView): string[] {
  const { model } = run
  const { user } = view
  const problems: string[] = []
  const applied = run.wire.applied.filter((entry) => run.devices[entry.client]!.user === user)
  const notes = new Map(view.notes.map((note) => [note.id, note]))

  // [N2][N3] No text typed is lost: each marker is in its field of the note, or of a conflict copy of it.
  for (const typed of model.markers) {
    if (typed.user !== user || model.purged.has(typed.noteId) || model.discarded.has(typed.marker)) continue
    const family = familyOf(typed.noteId, view.notes)
    const isThere = family.some((note) => (typed.field === 'tags' ? note.fields.tags.includes(typed.marker) : note.fields[typed.field].includes(typed.marker)))
    if (!isThere) problems.push(`${typed.marker} typed on device ${typed.client} into ${typed.field} of ${typed.noteId} is in none of ${family.length} notes of its family`)
  }

  // [N9] Each line once, on its note.
  for (const typed of model.lines) {
    if (typed.user !== user || model.purged.has(typed.noteId)) continue
    const found = view.lines.filter((line) => line.text === typed.marker)
    if (found.length !== 1 || found[0]!.noteId !== typed.noteId) problems.push(`line ${typed.marker} of device ${typed.client} on ${typed.noteId}: found ${JSON.stringify(found)}`)
  }

  // [C1] Nothing of another user: every marker on this user's rows was typed by this user.
  const own = new Set([...model.markers, ...model.lines].filter((typed) => typed.user === user).map((typed) => typed.marker))
  const seen = [...view.notes.flatMap((note) => Object.values(note.fields).flat()), ...view.lines.map((line) => line.text)].join(' ').match(/\[m\d+\]/g) ?? []
  for (const marker of new Set(seen)) if (!own.has(marker)) problems.push(`${marker} of another user shows in user ${user}'s data`)

  // [N3] One conflict copy per conflicting edit: a mutation applied twice would make a second.
  const copies = new Map<string, number>()
  for (const note of view.notes) if (note.conflictOf !== null) copies.set(`${note.conflictOf}@${note.createdAt}`, (copies.get(`${note.conflictOf}@${note.createdAt}`) ?? 0) + 1)
  for (const [key, count] of copies) if (count > 1) problems.push(`${count} conflict copies of ${key}`)

  // [N5] In the trash exactly when the last delete/restore/edit the server applied was a delete.
  for (const id of model.notesOf(user)) {
    if (model.purged.has(id)) continue
    const last = applied.filter(({ mutation }) => ['note.save', 'note.delete', 'note.restore'].includes(mutation.name) && (mutation.args as { id: string }).id === id).at(-1)
    const note = notes.get(id)
    if (!last || !note) {
      problems.push(`note ${id}: ${note ? 'on the server' : 'not on the server'}, ${last ? `last applied ${last.mutation.name}` : 'nothing applied'}`)
      continue
    }
    const isDeleted = last.mutation.name === 'note.delete'
    if ((note.deletedAt !== null) !== isDeleted) problems.push(`note ${id}: deletedAt ${note.deletedAt}, but the last applied was ${last.mutation.name} (${last.mutation.id} of device ${last.client})`)
  }

  // [B1] The last bookmark.set to arrive wins, with its time.
  const expectedBookmarks = new Map<string, string>()
  for (const { mutation } of applied) {
    if (mutation.name !== 'bookmark.set') continue
    const { slug, bookmarked } = mutation.args as { slug: string; bookmarked: boolean }
    expectedBookmarks.set(slug, JSON.stringify({ bookmarked, updatedAt: mutation.at }))
  }
  problems.push(...compareRows(`user ${user} bookmarks (model)`, view.bookmarks.map((row) => [row.slug, JSON.stringify({ bookmarked: row.bookmarked, updatedAt: row.updatedAt })]), [...expectedBookmarks]))

  // [R1] The position read latest (by device time) wins, whatever order the devices synced in.
  const latest = new Map<string, { position: number; at: number }>()
  for (const save of model.progress) {
    if (save.user !== user) continue
    const before = latest.get(save.slug)
    if (!before || save.at > before.at) latest.set(save.slug, { position: save.position, at: save.at })
  }
  problems.push(...compareRows(`user ${user} progress (model)`, view.progress.map((row) => [row.slug, JSON.stringify({ position: row.position, at: row.at })]), [...latest].map(([slug, value]) => [slug, JSON.stringify(value)])))

  // [P4] The fuzz sends nothing invalid: only a change to a note purged meanwhile may be refused.
  for (const device of run.devices.filter((candidate) => candidate.user === user)) {
    for (const rejected of device.rejected) {
      const entry = applied.find(({ client, mutation }) => client === device.index && mutation.id === rejected.id)
      const args = (entry?.mutation.args ?? {}) as { id?: string; noteId?: string }
      if (!model.purged.has(args.id ?? args.noteId ?? '')) problems.push(`device ${device.index}: mutation ${rejected.id} (${rejected.name}) rejected: ${rejected.reason}`)
    }
  }
  return problems
}

/** The note and its conflict copies, and theirs ([N3]: a copy can be edited into a conflict too). */
function familyOf(id: string, notes: SyncedNote[]): SyncedNote[] {
  const ids = new Set([id])
  for (let grew = true; grew; ) {
    grew = false
    for (const note of notes) {
      if (note.conflictOf !== null && ids.has(note.conflictOf) && !ids.has(note.id)) {
        ids.add(note.id)
        grew = true
      }
    }
  }
  return notes.filter((note) => ids.has(note.id))
}

function noteRow(note: SyncedNote): [string, string] {
  const fields = restoreNoteFields(note.fields)
  const ordered = Object.fromEntries(Object.keys(emptyNoteFields()).map((key) => [key, fields[key as keyof NoteFields]]))
  const { id, revision, createdAt, updatedAt, deletedAt, conflictOf, conflictDevice } = note
  return [id, JSON.stringify({ revision, fields: ordered, createdAt, updatedAt, deletedAt, conflictOf, conflictDevice })]
}

function lineRow(line: { id: string; noteId: string; text: string; at: number }): [string, string] {
  return [line.id, JSON.stringify({ noteId: line.noteId, text: line.text, at: line.at })]
}

const MAX_DIFFS_PER_TABLE = 3

function compareRows(what: string, actual: [string, string][], expected: [string, string][]): string[] {
  const have = new Map(actual)
  const want = new Map(expected)
  const problems: string[] = []
  if (have.size !== actual.length) problems.push(`${what}: a key appears twice`)
  for (const key of new Set([...have.keys(), ...want.keys()])) {
    if (have.get(key) !== want.get(key)) problems.push(`${what} ${key}: has ${have.get(key) ?? '(none)'}, expected ${want.get(key) ?? '(none)'}`)
  }
  return problems.length > MAX_DIFFS_PER_TABLE ? [...problems.slice(0, MAX_DIFFS_PER_TABLE), `${what}: ${problems.length - MAX_DIFFS_PER_TABLE} more differences`] : problems
}

// ─── At every step ──────────────────────────────────────────────────────────────────────────────────

export interface OutboxSnapshot {
  entries: Map<number, string>
  pushedThrough: number
  nextMutationId: number
}

export async function snapshotOutbox({ db }: FuzzDevice): Promise<OutboxSnapshot> {
  return db.transaction('r', [db.outbox, db.meta], async () => ({
    entries: new Map((await db.outbox.toArray()).map((entry) => [entry.id, entryJson(entry)])),
    pushedThrough: (await readMeta(db, 'pushedThrough')) ?? 0,
    nextMutationId: (await readMeta(db, 'nextMutationId')) ?? 1,
  }))
}

/**
 * [C2][C4][N8] What one user action did to the outbox: it only adds, under new ids, or folds a note save
 * into that note's entry that was never sent; an entry marked as sent (id ≤ pushedThrough, its push may be
 * on the wire now) stays exactly as it went. A note save is in the outbox, whole, in an unsent entry.
 */
export async function checkLocalAction(run: FuzzRun, device: FuzzDevice, before: OutboxSnapshot, saved: { id: string; fields: NoteFields } | undefined): Promise<string[]> {
  const { db } = device
  const problems: string[] = []
  const say = (message: string) => problems.push(`command ${run.wire.step}, device ${device.index}: ${message}`)
  const after = await snapshotOutbox(device)
  const entries = await db.outbox.toArray()
  if (after.pushedThrough !== before.pushedThrough) say(`a user action moved pushedThrough from ${before.pushedThrough} to ${after.pushedThrough}`)
  for (const [id, json] of before.entries) {
    const now = after.entries.get(id)
    if (now === undefined) say(`a user action took entry ${id} out of the outbox (only an acknowledgement may, [C4])`)
    else if (now !== json && id <= before.pushedThrough) say(`entry ${id}, marked as sent (pushedThrough ${before.pushedThrough}), was changed: ${json} became ${now}`)
    else if (now !== json && !(saved && JSON.parse(now).key === `note:${saved.id}`)) say(`entry ${id} changed by an action that saved no note into it: ${json} became ${now}`)
  }
  const added = entries.filter((entry) => !before.entries.has(entry.id)).map((entry) => entry.id)
  added.forEach((id, index) => {
    if (id !== before.nextMutationId + index) say(`new outbox entries ${added.join(',')} after nextMutationId ${before.nextMutationId}: not the next ids ([C2])`)
  })
  // What went on the wire is what the outbox still holds under that id.
  if (after.pushedThrough < run.wire.maxSentOf(device.index)) say(`pushedThrough ${after.pushedThrough}, but mutation ${run.wire.maxSentOf(device.index)} was sent`)
  for (const entry of entries) {
    const sent = run.wire.sentOf(device.index, entry.id)
    if (sent !== undefined && canonical(JSON.parse(sent)) !== canonical(toWire(entry))) say(`entry ${entry.id} is not what was sent under its id: sent ${sent}, holds ${JSON.stringify(toWire(entry))}`)
  }
  if (saved) {
    const last = entries.filter((entry) => entry.key === `note:${saved.id}`).at(-1)
    const row = await db.notes.get(saved.id)
    if (!last || last.name !== 'note.save') say(`the save of ${saved.id} has no note.save entry (last: ${last ? last.name : 'none'})`)
    else {
      const args = last.args as { baseRevision: number; fields: NoteFields }
      if (last.id <= after.pushedThrough) say(`the save of ${saved.id} went into entry ${last.id}, which was sent (pushedThrough ${after.pushedThrough})`)
      if (canonical(args.fields) !== canonical(saved.fields)) say(`the save of ${saved.id} is not in its entry ${last.id}: saved ${canonical(saved.fields)}, queued ${canonical(args.fields)}`)
      if (args.baseRevision !== row?.revision) say(`the save of ${saved.id} in entry ${last.id} is based on revision ${args.baseRevision}, the row has ${row?.revision}`)
    }
    if (!row || canonical(row.fields) !== canonical(saved.fields)) say(`the row of ${saved.id} does not hold what was saved`)
  }
  return problems
}

/** The rows with mutations in the outbox, with the ids of those and what the row holds. */
export type PendingRows = Map<string, { ids: number[]; row: string }>

export async function snapshotPendingRows(device: FuzzDevice): Promise<PendingRows> {
  const { db } = device
  return db.transaction('r', [db.outbox, db.notes, db.bookmarks, db.progress], async () => {
    const rows: PendingRows = new Map()
    for (const entry of await db.outbox.toArray()) {
      const pending = rows.get(entry.key)
      if (pending) pending.ids.push(entry.id)
      else {
        const row = await readRow(device, entry.key)
        if (row !== undefined) rows.set(entry.key, { ids: [entry.id], row })
      }
    }
    return rows
  })
}

/** [L3] A stretch of a sync, with no user action in it: a row whose mutations are still pending is as it was. */
export async function checkPendingRowsKept(run: FuzzRun, device: FuzzDevice, before: PendingRows): Promise<string[]> {
  const { db } = device
  const problems: string[] = []
  const pending = new Set((await db.outbox.toCollection().primaryKeys()) as number[])
  for (const [key, { ids, row }] of before) {
    const still = ids.filter((id) => pending.has(id))
    if (still.length === 0) continue
    const now = await readRow(device, key)
    if (now !== row) problems.push(`command ${run.wire.step}, device ${device.index}: [L3] ${key} changed during a sync while mutations ${still.join(',')} were pending: ${row} became ${now}`)
  }
  return problems
}

/** A row as the user sees it (a position's dirty flag is bookkeeping); undefined for keys not compared. */
async function readRow({ db }: FuzzDevice, key: string): Promise<string | undefined> {
  const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)]
  if (kind === 'note') {
    const note = await db.notes.get(id)
    return note ? noteRow(note)[1] : '(none)'
  }
  if (kind === 'bookmark') return JSON.stringify((await db.bookmarks.get(id)) ?? null)
  if (kind === 'progress') {
    const progress = await db.progress.get(id)
    return JSON.stringify(progress ? { position: progress.position, updatedAt: progress.updatedAt } : null)
  }
  // [N9][A1] Lines and photos are insert-only: a pull never holds them back.
  return undefined
}

function toWire({ id, name, args, at }: OutboxEntry) {
  return { id, name, args, at }
}

function entryJson(entry: OutboxEntry): string {
  return JSON.stringify(entry)
}

/** Key order does not matter: two copies of one value compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1))) : inner,
  )
}
