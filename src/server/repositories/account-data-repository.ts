// The only SQL of "the person leaves" (AVG articles 15, 17, 20): every row of one user read from one
// snapshot for the export, and the user with all their rows deleted in one transaction.
import type { Transaction } from 'kysely'
import {
  ACCOUNT_EXPORT_FORMAT,
  ACCOUNT_EXPORT_FORMAT_VERSION,
  type AccountExport,
  type ExportedNote,
  type ExportedNoteLine,
  type ExportedNotePhoto,
  isoTime,
  noteMarkdownPaths,
  photoFilePaths,
} from '../../shared/account-export'
import { photoExtension, type PhotoMimeType } from '../../shared/sync/note-photo'
import { type NoteFields, restoreNoteFields } from '../../shared/sync/note'
import type { ServerDb } from '../db/database'
import type { Database } from '../db/schema'

function parseFields(json: string): NoteFields {
  return restoreNoteFields(JSON.parse(json) as Partial<NoteFields>)
}

/**
 * Everything stored about the user, as account.json holds it; undefined when the user does not exist.
 * Read in one transaction (repeatable read on PostgreSQL): a push that lands meanwhile is wholly in or
 * wholly out. Every query names the user id from the session, so no other user's row can come along.
 */
export async function readAccountExport(serverDb: ServerDb, userId: string, now: number): Promise<AccountExport | undefined> {
  const snapshot = serverDb.db.transaction()
  return (serverDb.dialect === 'postgres' ? snapshot.setIsolationLevel('repeatable read') : snapshot).execute(async (trx) => {
    // One query at a time: a transaction has one connection, and SQLite runs them in turn anyway.
    const user = await trx.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
    if (!user) return undefined
    const bookmarks = await trx.selectFrom('bookmarks').selectAll().where('user_id', '=', userId).orderBy('slug').execute()
    const progress = await trx.selectFrom('progress').selectAll().where('user_id', '=', userId).orderBy('slug').execute()
    const notes = await trx.selectFrom('notes').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute()
    const revisions = await trx
      .selectFrom('note_revisions')
      .select(['note_id', 'revision', 'fields'])
      .where('user_id', '=', userId)
      .orderBy('note_id')
      .orderBy('revision')
      .execute()
    const noteLines = await trx
      .selectFrom('note_lines')
      .select(['note_id', 'id', 'text', 'at'])
      .where('user_id', '=', userId)
      .orderBy('note_id')
      .orderBy('at')
      .orderBy('id')
      .execute()
    const notePhotos = await trx
      .selectFrom('note_photos')
      .select(['note_id', 'id', 'hash', 'mime', 'width', 'height', 'alt', 'at'])
      .where('user_id', '=', userId)
      .where('removed', '=', 0)
      .orderBy('note_id')
      .orderBy('at')
      .orderBy('id')
      .execute()
    const storedHashes = new Set((await trx.selectFrom('photo_files').select('hash').where('user_id', '=', userId).execute()).map((row) => row.hash))
    const devices = await trx.selectFrom('sync_clients').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('client_id').execute()
    const sessions = await trx
      .selectFrom('sessions')
      .select(['created_at', 'last_seen_at', 'expires_at'])
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute()
    const rejected = await trx
      .selectFrom('rejected_mutations')
      .innerJoin('sync_clients', 'sync_clients.client_id', 'rejected_mutations.client_id')
      .select(['rejected_mutations.client_id', 'mutation_id', 'name', 'reason', 'at'])
      .where('sync_clients.user_id', '=', userId)
      .orderBy('rejected_mutations.client_id')
      .orderBy('mutation_id')
      .execute()

    const revisionsByNote = new Map<string, typeof revisions>()
    for (const row of revisions) {
      const ofNote = revisionsByNote.get(row.note_id)
      if (ofNote) ofNote.push(row)
      else revisionsByNote.set(row.note_id, [row])
    }
    const linesByNote = new Map<string, ExportedNoteLine[]>()
    for (const row of noteLines) {
      const line = { id: row.id, text: row.text, at: isoTime(Number(row.at)) }
      const ofNote = linesByNote.get(row.note_id)
      if (ofNote) ofNote.push(line)
      else linesByNote.set(row.note_id, [line])
    }
    const photosByNote = new Map<string, ExportedNotePhoto[]>()
    for (const row of notePhotos) {
      const photo: ExportedNotePhoto = {
        id: row.id,
        alt: row.alt,
        at: isoTime(Number(row.at)),
        width: row.width,
        height: row.height,
        mime: row.mime,
        file: storedHashes.has(row.hash) ? photoFilePaths(row, photoExtension(row.mime as PhotoMimeType)).path : null,
      }
      const ofNote = photosByNote.get(row.note_id)
      if (ofNote) ofNote.push(photo)
      else photosByNote.set(row.note_id, [photo])
    }
    const exportedNotes: ExportedNote[] = notes.map((row) => ({
      id: row.id,
      revision: Number(row.revision),
      fields: parseFields(row.fields),
      createdAt: isoTime(Number(row.created_at)),
      updatedAt: isoTime(Number(row.updated_at)),
      deletedAt: row.deleted_at === null ? null : isoTime(Number(row.deleted_at)),
      isPurged: row.purged === 1,
      conflictOf: row.conflict_of,
      conflictDevice: row.conflict_device,
      revisions: (revisionsByNote.get(row.id) ?? []).map((revision) => ({ revision: Number(revision.revision), fields: parseFields(revision.fields) })),
      lines: linesByNote.get(row.id) ?? [],
      photos: row.purged === 1 ? [] : (photosByNote.get(row.id) ?? []),
      markdownFile: null,
    }))
    noteMarkdownPaths(exportedNotes).forEach((path, index) => {
      exportedNotes[index]!.markdownFile = path
    })

    return {
      format: ACCOUNT_EXPORT_FORMAT,
      formatVersion: ACCOUNT_EXPORT_FORMAT_VERSION,
      exportedAt: isoTime(now),
      user: {
        id: user.id,
        email: user.email,
        displayName: user.display_name,
        createdAt: isoTime(Number(user.created_at)),
        passwordChangedAt: isoTime(Number(user.password_changed_at)),
      },
      bookmarks: bookmarks.map((row) => ({ slug: row.slug, bookmarked: row.bookmarked === 1, updatedAt: isoTime(Number(row.updated_at)) })),
      readingProgress: progress.map((row) => ({ slug: row.slug, position: row.position, readAt: isoTime(Number(row.at)) })),
      notes: exportedNotes,
      devices: devices.map((row) => ({
        clientId: row.client_id,
        deviceKind: row.device_label,
        lastMutationId: Number(row.last_mutation_id),
        createdAt: isoTime(Number(row.created_at)),
        lastSeenAt: isoTime(Number(row.last_seen_at)),
      })),
      sessions: sessions.map((row) => ({
        createdAt: isoTime(Number(row.created_at)),
        lastSeenAt: isoTime(Number(row.last_seen_at)),
        expiresAt: isoTime(Number(row.expires_at)),
      })),
      rejectedMutations: rejected.map((row) => ({
        clientId: row.client_id,
        mutationId: Number(row.mutation_id),
        name: row.name,
        reason: row.reason,
        at: isoTime(Number(row.at)),
      })),
    }
  })
}

/**
 * [A2] The bytes of the user's photos named in an export, by their ZIP path. Read after the export's
 * snapshot: a photo removed in between is left out (its path then names no file), never another's.
 */
export async function readExportPhotoFiles(serverDb: ServerDb, userId: string, data: AccountExport): Promise<Map<string, Uint8Array>> {
  const wanted = new Set(data.notes.flatMap((note) => note.photos.flatMap((photo) => (photo.file ? [photo.id] : []))))
  const files = new Map<string, Uint8Array>()
  if (wanted.size === 0) return files
  const rows = await serverDb.db
    .selectFrom('note_photos')
    .innerJoin('photo_files', (join) => join.onRef('photo_files.user_id', '=', 'note_photos.user_id').onRef('photo_files.hash', '=', 'note_photos.hash'))
    .select(['note_photos.id', 'photo_files.mime', 'photo_files.data'])
    .where('note_photos.user_id', '=', userId)
    .where('note_photos.removed', '=', 0)
    .execute()
  for (const row of rows) {
    if (wanted.has(row.id)) files.set(photoFilePaths(row, photoExtension(row.mime as PhotoMimeType)).path, new Uint8Array(row.data))
  }
  return files
}

/**
 * Deletes the user and every row of theirs, sessions included, in one transaction; answers false when
 * there was no such user. Each table is emptied by name rather than left to ON DELETE CASCADE alone,
 * so that a table added later without the cascade still fails the tests instead of keeping data.
 */
export async function deleteAccount(serverDb: ServerDb, userId: string): Promise<boolean> {
  return serverDb.db.transaction().execute(async (trx) => {
    // On PostgreSQL, lock the user first: a push that is writing rows for them (each row's foreign key
    // holds a lock on the user) finishes before this deletes, and one that starts after fails on the key.
    const userQuery = trx.selectFrom('users').select('id').where('id', '=', userId)
    const user = await (serverDb.dialect === 'postgres' ? userQuery.forUpdate() : userQuery).executeTakeFirst()
    if (!user) return false
    await deleteRowsOf(trx, userId)
    await trx.deleteFrom('users').where('id', '=', userId).execute()
    return true
  })
}

async function deleteRowsOf(trx: Transaction<Database>, userId: string): Promise<void> {
  const clientsOfUser = trx.selectFrom('sync_clients').select('client_id').where('user_id', '=', userId)
  await trx.deleteFrom('rejected_mutations').where('client_id', 'in', clientsOfUser).execute()
  for (const table of ['photo_files', 'note_photos', 'note_lines', 'note_client_bases', 'note_revisions', 'notes', 'progress', 'bookmarks', 'sync_clients', 'user_versions', 'sessions'] as const) {
    await trx.deleteFrom(table).where('user_id', '=', userId).execute()
  }
}
