// Applies one checked mutation inside the push transaction. Every row it changes takes the user's
// next change version, which is what pulls page by ([L1]).
import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { MutationArgs } from '../../shared/sync/mutations'
import type { NoteFields } from '../../shared/sync/note'
import { PHOTOS_PER_NOTE_MAX } from '../../shared/sync/note-photo'
import { restoreNoteFields } from '../../shared/sync/note'
import { goneReason, PHOTO_LIMIT_REASON } from '../../shared/sync/rejections'
import { mergeNoteFields } from '../../shared/sync/note-merge'
import type { Database } from '../db/schema'
import type { CheckedMutation } from '../sync/mutation-args'

export interface ApplyContext {
  trx: Transaction<Database>
  userId: string
  clientId: string
  deviceKind: string
  /** When the user made the change on the device. */
  at: number
  /** Takes the user's next change version; call once per mutation that changes something. */
  nextVersion: () => number
}

/** Answers a reason when the mutation can never apply (it is then recorded as rejected, [P4]). */
export async function applyMutation(context: ApplyContext, mutation: CheckedMutation): Promise<string | undefined> {
  switch (mutation.name) {
    case 'bookmark.set':
      return setBookmark(context, mutation.args.slug, mutation.args.bookmarked)
    case 'progress.set':
      return setProgress(context, mutation.args.slug, mutation.args.position)
    case 'note.save':
      return saveNote(context, mutation.args.id, mutation.args.baseRevision, restoreNoteFields(mutation.args.fields))
    case 'note.delete':
      return setNoteDeleted(context, mutation.args.id, true)
    case 'note.restore':
      return setNoteDeleted(context, mutation.args.id, false)
    case 'note.purge':
      return purgeNote(context, mutation.args.id)
    case 'note.addLine':
      return addNoteLine(context, mutation.args.noteId, mutation.args.id, mutation.args.text)
    case 'note.addPhoto':
      return addNotePhoto(context, mutation.args)
    case 'note.setPhotoAlt':
      return setPhotoAlt(context, mutation.args.id, mutation.args.alt)
    case 'note.removePhoto':
      return removePhotos(context, 'id', mutation.args.id)
  }
}

/** [B1] A register: whatever arrives last wins; false stays as a tombstone. */
async function setBookmark({ trx, userId, at, nextVersion }: ApplyContext, slug: string, bookmarked: boolean) {
  const row = { bookmarked: bookmarked ? 1 : 0, updated_at: at, change_version: nextVersion() }
  await trx
    .insertInto('bookmarks')
    .values({ user_id: userId, slug, ...row })
    .onConflict((oc) => oc.columns(['user_id', 'slug']).doUpdateSet(row))
    .execute()
  return undefined
}

/** [R1] The latest reading time wins, whatever order the updates arrive in. */
async function setProgress({ trx, userId, at, nextVersion }: ApplyContext, slug: string, position: number) {
  const stored = await trx.selectFrom('progress').select('at').where('user_id', '=', userId).where('slug', '=', slug).executeTakeFirst()
  if (stored && stored.at >= at) {
    // The stored position stays, but the device that sent this one shows its own until it pulls the
    // winner: it may have pulled that row before (its clock runs behind), so the row changes again.
    await trx.updateTable('progress').set({ change_version: nextVersion() }).where('user_id', '=', userId).where('slug', '=', slug).execute()
    return undefined
  }
  const row = { position, at, change_version: nextVersion() }
  await trx
    .insertInto('progress')
    .values({ user_id: userId, slug, ...row })
    .onConflict((oc) => oc.columns(['user_id', 'slug']).doUpdateSet(row))
    .execute()
  return undefined
}

async function saveNote(context: ApplyContext, id: string, baseRevision: number, fields: NoteFields) {
  const { trx, userId, at } = context
  const stored = await trx.selectFrom('notes').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst()
  if (!stored || stored.purged === 1) {
    // New, or purged on another device while this one was still writing: nothing typed is dropped.
    const revision = stored ? stored.revision + 1 : 1
    await writeNote(context, id, { revision, fields, createdAt: stored?.created_at ?? at })
    await rememberClientBase(context, id, revision, fields)
    return undefined
  }

  const serverFields = restoreNoteFields(JSON.parse(stored.fields) as Partial<NoteFields>)
  let merged = fields
  if (baseRevision !== stored.revision) {
    // [N2] The server moved on: merge against what this edit was made on.
    const baseFields = await baseOf(context, id, baseRevision)
    const result = mergeNoteFields(baseFields, serverFields, fields)
    merged = result.fields
    if (result.conflicts.length > 0) {
      // [N3] Keep the server's text and put this device's version beside it.
      await writeNote(context, randomUUID(), { revision: 1, fields, createdAt: at, conflictOf: id })
    }
  }
  // [N5] An edit restores a deleted note.
  const isUnchanged = JSON.stringify(merged) === JSON.stringify(serverFields) && stored.deleted_at === null
  const revision = isUnchanged ? stored.revision : stored.revision + 1
  if (!isUnchanged) {
    await writeNote(context, id, { revision, fields: merged, createdAt: stored.created_at, conflictOf: stored.conflict_of, conflictDevice: stored.conflict_device })
  }
  await rememberClientBase(context, id, revision, fields)
  return undefined
}

/**
 * The base of a three-way merge: what the device's text was built on. Normally the revision it names;
 * but when this device saved again after that revision (before pulling what its own save made), its
 * text builds on what it sent then: merging against the older revision would set it against itself.
 */
async function baseOf({ trx, userId, clientId }: ApplyContext, noteId: string, baseRevision: number): Promise<NoteFields> {
  const own = await trx
    .selectFrom('note_client_bases')
    .select(['revision', 'fields'])
    .where('user_id', '=', userId)
    .where('note_id', '=', noteId)
    .where('client_id', '=', clientId)
    .executeTakeFirst()
  if (own && own.revision > baseRevision) return restoreNoteFields(JSON.parse(own.fields) as Partial<NoteFields>)
  const base = await trx
    .selectFrom('note_revisions')
    .select('fields')
    .where('user_id', '=', userId)
    .where('note_id', '=', noteId)
    .where('revision', '=', baseRevision)
    .executeTakeFirst()
  return restoreNoteFields(base ? (JSON.parse(base.fields) as Partial<NoteFields>) : undefined)
}

async function rememberClientBase({ trx, userId, clientId }: ApplyContext, noteId: string, revision: number, fields: NoteFields) {
  const row = { revision, fields: JSON.stringify(fields) }
  await trx
    .insertInto('note_client_bases')
    .values({ user_id: userId, note_id: noteId, client_id: clientId, ...row })
    .onConflict((oc) => oc.columns(['user_id', 'note_id', 'client_id']).doUpdateSet(row))
    .execute()
}

interface NoteWrite {
  revision: number
  fields: NoteFields
  createdAt: number
  conflictOf?: string | null
  conflictDevice?: string | null
}

async function writeNote({ trx, userId, at, deviceKind, nextVersion }: ApplyContext, id: string, note: NoteWrite) {
  const json = JSON.stringify(note.fields)
  const row = {
    revision: note.revision,
    fields: json,
    created_at: note.createdAt,
    updated_at: at,
    deleted_at: null,
    purged: 0,
    conflict_of: note.conflictOf ?? null,
    conflict_device: note.conflictOf ? (note.conflictDevice ?? deviceKind) : null,
    change_version: nextVersion(),
  }
  await trx
    .insertInto('notes')
    .values({ user_id: userId, id, ...row })
    .onConflict((oc) => oc.columns(['user_id', 'id']).doUpdateSet(row))
    .execute()
  await trx
    .insertInto('note_revisions')
    .values({ user_id: userId, note_id: id, revision: note.revision, fields: json })
    .onConflict((oc) => oc.columns(['user_id', 'note_id', 'revision']).doUpdateSet({ fields: json }))
    .execute()
}

/** [N5] Into the trash and out again. */
async function setNoteDeleted({ trx, userId, at, nextVersion }: ApplyContext, id: string, isDeleted: boolean) {
  const stored = await trx.selectFrom('notes').select(['deleted_at', 'purged']).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst()
  if (!stored || stored.purged === 1) return goneReason(isDeleted ? 'note.delete' : 'note.restore', 'note')
  if ((stored.deleted_at !== null) === isDeleted) return undefined
  await trx
    .updateTable('notes')
    .set({ deleted_at: isDeleted ? at : null, updated_at: at, change_version: nextVersion() })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .execute()
  return undefined
}

/** [N7] Gone for good; the row stays as a tombstone so every device hears of it. */
async function purgeNote(context: ApplyContext, id: string) {
  const { trx, userId, at, nextVersion } = context
  const stored = await trx.selectFrom('notes').select('purged').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst()
  if (!stored) return goneReason('note.purge', 'note')
  if (stored.purged === 1) return undefined
  const version = nextVersion()
  await trx
    .updateTable('notes')
    .set({ purged: 1, fields: '{}', deleted_at: at, updated_at: at, change_version: version, purged_version: version })
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .execute()
  await trx.deleteFrom('note_revisions').where('user_id', '=', userId).where('note_id', '=', id).execute()
  await trx.deleteFrom('note_client_bases').where('user_id', '=', userId).where('note_id', '=', id).execute()
  // [N9] Its lines go with it; each device deletes its copies when it applies the purge.
  await trx.deleteFrom('note_lines').where('user_id', '=', userId).where('note_id', '=', id).execute()
  // [A5] And its photos: tombstones, so that devices which have them drop them.
  await removePhotos(context, 'note_id', id)
  return undefined
}

/**
 * [N9] Stored once by its id: a repeated push adds nothing, and two devices' lines never meet. A line
 * for a note the server does not have (or purged) is kept all the same: nothing typed is dropped.
 */
async function addNoteLine({ trx, userId, at, nextVersion }: ApplyContext, noteId: string, id: string, text: string) {
  const stored = await trx.selectFrom('note_lines').select('id').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst()
  if (stored) return undefined
  await trx
    .insertInto('note_lines')
    .values({ user_id: userId, id, note_id: noteId, text, at, change_version: nextVersion() })
    .onConflict((oc) => oc.columns(['user_id', 'id']).doNothing())
    .execute()
  return undefined
}

/** [A1] Stored once by its id: a repeated push adds nothing. A removed photo stays removed. */
async function addNotePhoto({ trx, userId, at, nextVersion }: ApplyContext, photo: MutationArgs['note.addPhoto']) {
  const stored = await trx.selectFrom('note_photos').select('id').where('user_id', '=', userId).where('id', '=', photo.id).executeTakeFirst()
  if (stored) return undefined
  const { count } = await trx
    .selectFrom('note_photos')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('user_id', '=', userId)
    .where('note_id', '=', photo.noteId)
    .where('removed', '=', 0)
    .executeTakeFirstOrThrow()
  if (Number(count) >= PHOTOS_PER_NOTE_MAX) return PHOTO_LIMIT_REASON
  await trx
    .insertInto('note_photos')
    .values({
      user_id: userId,
      id: photo.id,
      note_id: photo.noteId,
      hash: photo.hash,
      mime: photo.mime,
      bytes: photo.bytes,
      width: photo.width,
      height: photo.height,
      alt: photo.alt,
      alt_at: at,
      at,
      removed: 0,
      change_version: nextVersion(),
    })
    .execute()
  return undefined
}

/** [A4] The latest alt text wins, whatever order the updates arrive in. */
async function setPhotoAlt({ trx, userId, at, nextVersion }: ApplyContext, id: string, alt: string) {
  const stored = await trx.selectFrom('note_photos').select(['alt_at', 'removed']).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst()
  if (!stored) return goneReason('note.setPhotoAlt', 'photo')
  if (stored.removed === 1 || stored.alt_at >= at) return undefined
  await trx.updateTable('note_photos').set({ alt, alt_at: at, change_version: nextVersion() }).where('user_id', '=', userId).where('id', '=', id).execute()
  return undefined
}

/**
 * [A5] Tombstones for one photo ('id') or all of a note's ('note_id'); the bytes go once no photo of the
 * user names them any more (another photo may share them: the same picture added twice).
 */
async function removePhotos({ trx, userId, nextVersion }: ApplyContext, column: 'id' | 'note_id', value: string) {
  const photos = await trx.selectFrom('note_photos').select(['id', 'hash']).where('user_id', '=', userId).where(column, '=', value).where('removed', '=', 0).execute()
  if (photos.length === 0) {
    if (column === 'note_id') return undefined
    const exists = await trx.selectFrom('note_photos').select('id').where('user_id', '=', userId).where('id', '=', value).executeTakeFirst()
    return exists ? undefined : goneReason('note.removePhoto', 'photo')
  }
  const version = nextVersion()
  await trx.updateTable('note_photos').set({ removed: 1, change_version: version }).where('user_id', '=', userId).where(column, '=', value).where('removed', '=', 0).execute()
  const hashes = [...new Set(photos.map((photo) => photo.hash))]
  const stillNamed = await trx.selectFrom('note_photos').select('hash').where('user_id', '=', userId).where('hash', 'in', hashes).where('removed', '=', 0).execute()
  const orphans = hashes.filter((hash) => !stillNamed.some((row) => row.hash === hash))
  if (orphans.length > 0) await trx.deleteFrom('photo_files').where('user_id', '=', userId).where('hash', 'in', orphans).execute()
  return undefined
}
