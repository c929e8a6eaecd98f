// Applies one page of a pull to `userdata`, in one transaction ([L3]): drops the outbox entries the
// server acknowledged ([C4]), stores the cookie, and writes each changed row, except rows that still
// have pending mutations: their server version waits in `deferred` until those are acknowledged.
import type { SyncChange } from '../../shared/sync/changes'
import { restoreNoteFields, type SyncedNote } from '../../shared/sync/note'
import type { PullResponse } from '../../shared/sync/protocol'
import { writeMeta } from '../db/sync-meta'
import { dropPhotosOfNote, dropUnnamedFiles } from '../db/photo-actions'
import { changeKey } from '../db/row-keys'
import type { UserDataDb } from '../db/userdata'

export interface PullPageResult {
  /** Outbox entries the server acknowledged and that left the outbox. */
  acknowledged: number
  applied: number
  deferred: number
}

/**
 * A note edit typed while its earlier save was on its way keeps its baseRevision: the row waits here,
 * and the server merges that edit against the device's own previous save ([N8]), not against itself.
 */
export function applyPullPage(db: UserDataDb, response: PullResponse<SyncChange>): Promise<PullPageResult> {
  return db.transaction('rw', [db.outbox, db.deferred, db.notes, db.lines, db.photos, db.photoFiles, db.bookmarks, db.progress, db.meta], async () => {
    // [C4] Acknowledged: the server applied these (or rejected them for good).
    const acknowledged = (await db.outbox.where('id').belowOrEqual(response.lastMutationId).primaryKeys()) as number[]
    await db.outbox.bulkDelete(acknowledged)
    await writeMeta(db, 'cookie', response.cookie)
    await writeMeta(db, 'lastMutationId', response.lastMutationId)

    let applied = 0
    let deferred = 0
    for (const change of response.changes) {
      const key = changeKey(change)
      // [N9][L3] A purge deleted the note's lines on the server: they go here as it arrives, even while the
      // note itself is held back. Lines are never held back, so neither is this: a held-back purge may be
      // overtaken by the note's revival (its lines stay gone), or applied after lines the server stored
      // since, which come later in the pull and must stay.
      if (change.type === 'note-purged') await db.lines.where('noteId').equals(change.id).delete()
      // [N9] A line is insert-only and cannot conflict: never held back, whatever is pending.
      if (change.type === 'note-line' || (await db.outbox.where('key').equals(key).count()) === 0) {
        await applyChange(db, change)
        // Newer than anything held back for this row.
        await db.deferred.delete(key)
        applied++
      } else {
        // [L3] Never overwrite a row with pending mutations: hold the server's version back.
        await db.deferred.put({ key, change })
        deferred++
      }
    }

    // Held-back versions whose rows have nothing pending any more.
    for (const row of await db.deferred.toArray()) {
      if ((await db.outbox.where('key').equals(row.key).count()) > 0) continue
      await applyChange(db, row.change)
      await db.deferred.delete(row.key)
      applied++
    }
    return { acknowledged: acknowledged.length, applied, deferred }
  })
}

async function applyChange(db: UserDataDb, change: SyncChange): Promise<void> {
  switch (change.type) {
    case 'bookmark':
      await db.bookmarks.put({ slug: change.slug, bookmarked: change.bookmarked ? 1 : 0, updatedAt: change.updatedAt })
      return
    case 'progress': {
      // [R1] A later position read here and not sent yet wins over the server's.
      const local = await db.progress.get(change.slug)
      if (local && local.isDirty === 1 && local.updatedAt > change.at) return
      await db.progress.put({ slug: change.slug, position: change.position, updatedAt: change.at, isDirty: 0 })
      return
    }
    case 'note':
      await db.notes.put(toNoteRow(change.note))
      return
    case 'note-purged':
      // Its lines went when the purge arrived (applyPullPage).
      await db.notes.delete(change.id)
      // [A5] And its photos, with their bytes where nothing else names them.
      await dropPhotosOfNote(db, change.id)
      return
    case 'note-line':
      await db.lines.put({ id: change.line.id, noteId: change.line.noteId, text: change.line.text, at: change.line.at })
      return
    case 'note-photo': {
      const { photo } = change
      if (photo.removed) {
        // [A5] Removed on another device: so here too, bytes included where nothing else names them.
        await db.photos.delete(photo.id)
        await dropUnnamedFiles(db, [photo.hash])
        return
      }
      // The bytes come when the photo is shown ([A3]); a copy already here (taken here) stays.
      const { id, noteId, hash, mime, bytes, width, height, alt, at, altAt } = photo
      await db.photos.put({ id, noteId, hash, mime, bytes, width, height, alt, at, altAt, removed: false })
      return
    }
  }
}

function toNoteRow(note: SyncedNote): SyncedNote {
  return {
    id: note.id,
    revision: note.revision,
    fields: restoreNoteFields(note.fields),
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
    deletedAt: note.deletedAt,
    conflictOf: note.conflictOf,
    conflictDevice: note.conflictDevice,
  }
}
