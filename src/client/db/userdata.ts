// Owns the `userdata` IndexedDB database: what the reader made herself (reading positions, bookmarks,
// notes) and the sync outbox that carries it to the server (design §5, shared/sync/SPEC.md).
// Never cleared by the app to make space; opened with strict durability so a write survives a crash.
import Dexie, { type EntityTable } from 'dexie'
import type { SyncChange } from '../../shared/sync/changes'
import type { Mutation } from '../../shared/sync/protocol'
import type { NoteLine, SyncedNote } from '../../shared/sync/note'
import type { NotePhoto, PhotoMimeType } from '../../shared/sync/note-photo'
import type { RowKey } from './row-keys'

export { bookmarkKey, lineKey, noteKey, photoKey, progressKey, type RowKey } from './row-keys'

/** What the reading store sees of a reading position. */
export interface ReadingProgress {
  slug: string
  /** How far down the story she scrolled, 0 to 1. */
  position: number
  /** The reading time: the latest one wins on every device ([R1]). */
  updatedAt: number
}

/** 0 | 1 rather than a boolean: IndexedDB cannot index booleans. */
export type Flag = 0 | 1

export interface ProgressRow extends ReadingProgress {
  /** 1 = a local change not yet turned into a `progress.set` mutation (the sync engine does that, once per slug). */
  isDirty: Flag
}

export interface BookmarkRow {
  slug: string
  /** 0 is a tombstone: the removal still has to reach, or came from, other devices ([B1]). */
  bookmarked: Flag
  updatedAt: number
}

/** A note as this device has it: the server's shape, with `revision` the server revision it is based on (0 = never synced). */
export type NoteRow = SyncedNote

/** [N9] A quick-log line as this device has it (the same whether or not the server has it yet). */
export type NoteLineRow = NoteLine

/** [A1] A photo's facts as this device has them; a removed photo's row is deleted here ([A5]). */
export type NotePhotoRow = NotePhoto

/** Why the server refused a photo's bytes for good ([A2]): she is told, and can try again. */
export type PhotoUploadRefusal = 'too-large' | 'quota' | 'refused'

/**
 * [A2] The bytes of photos, once per content hash (the same picture in two notes is stored once). Kept
 * as an ArrayBuffer rather than a Blob: every browser stores and clones those alike (WebKit has lost
 * stored Blobs before), and a 1600 px photo is small enough to read whole.
 */
export interface PhotoFileRow {
  hash: string
  data: ArrayBuffer
  mime: PhotoMimeType
  bytes: number
  /** 1 = taken on this device and not yet on the server. */
  needsUpload: Flag
  /** Set when the server refused the bytes: not sent again until she asks. */
  uploadRefusal?: PhotoUploadRefusal
}

/** A mutation waiting for the server's acknowledgement ([C4]), with the row it is about. */
export interface OutboxEntry extends Mutation {
  key: RowKey
}

/** A pulled change held back because its row still had pending mutations ([L3]). */
export interface DeferredChange {
  key: RowKey
  change: SyncChange
}

/** [P4] A change the server refused for good: which mutation, what kind, and the server's reason. */
export interface RejectedChange {
  id: number
  name: string
  reason: string
}

/** The device's sync bookkeeping, one row per key. */
export interface SyncMetaValues {
  /** [C1] This database's device id, made once. */
  clientId: string
  /** [C2] The id the next mutation gets. */
  nextMutationId: number
  /** The highest mutation id ever sent in a push: entries above it have never left the device. */
  pushedThrough: number
  /** The last pull's cookie; null before the first pull. */
  cookie: string | null
  /** The server's acknowledgement from the last pull ([C4]). */
  lastMutationId: number
  lastSyncedAt: number
  /** [P4] Refused changes she has not yet read about (rejected-changes.ts). */
  rejected: RejectedChange[]
}
export type MetaKey = keyof SyncMetaValues
export type MetaRow = { [Key in MetaKey]: { key: Key; value: SyncMetaValues[Key] } }[MetaKey]

export class UserDataDb extends Dexie {
  progress!: EntityTable<ProgressRow, 'slug'>
  bookmarks!: EntityTable<BookmarkRow, 'slug'>
  notes!: EntityTable<NoteRow, 'id'>
  lines!: EntityTable<NoteLineRow, 'id'>
  photos!: EntityTable<NotePhotoRow, 'id'>
  photoFiles!: EntityTable<PhotoFileRow, 'hash'>
  outbox!: EntityTable<OutboxEntry, 'id'>
  deferred!: EntityTable<DeferredChange, 'key'>
  meta!: EntityTable<MetaRow, 'key'>

  constructor(name = 'userdata') {
    super(name, { chromeTransactionDurability: 'strict' })
    this.version(1).stores({
      progress: 'slug, updatedAt',
    })
    this.version(2)
      .stores({
        progress: 'slug, updatedAt, isDirty',
        bookmarks: 'slug',
        notes: 'id, updatedAt, conflictOf',
        outbox: 'id, key',
        deferred: 'key',
        meta: 'key',
      })
      .upgrade((tx) =>
        // Positions read before sync existed were never sent: mark them so the first sync carries them.
        tx.table<ProgressRow, string>('progress').toCollection().modify((row) => {
          row.isDirty = 1
        }),
      )
    this.version(3)
      .stores({ lines: 'id, noteId' })
      .upgrade(async (tx) => {
        // [N9] Pulls made before lines existed skipped them (schema version 1): pull everything once more.
        await tx.table<MetaRow, MetaKey>('meta').delete('cookie')
      })
    this.version(4)
      .stores({ photos: 'id, noteId, hash', photoFiles: 'hash, needsUpload' })
      .upgrade(async (tx) => {
        // [A6] Pulls made before photos existed skipped them (schema version 2): pull everything once more.
        await tx.table<MetaRow, MetaKey>('meta').delete('cookie')
      })
  }
}

/**
 * Empties the device's own data (sign-out, deleted account): the next account starts on a fresh
 * device with a new clientId ([C1]), and nobody else's notes stay behind on a shared phone.
 */
export async function clearUserData(db: UserDataDb): Promise<void> {
  const tables = [db.progress, db.bookmarks, db.notes, db.lines, db.photos, db.photoFiles, db.outbox, db.deferred, db.meta]
  await db.transaction('rw', tables, async () => {
    await Promise.all(tables.map((table) => table.clear()))
  })
}
