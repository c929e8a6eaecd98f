// The server database's tables, as Kysely sees them. Booleans are 0/1 integers and JSON is text,
// so that one set of queries runs on SQLite and PostgreSQL alike.
import type { Generated } from 'kysely'

export interface ContentItemsTable {
  slug: string
  version: number
  hash: string
  removed: number
  /** The ContentItem without version/updatedAt, as JSON. */
  data: string
  updated_at: string
}

export interface ContentStateTable {
  id: number
  version: number
}

export interface UsersTable {
  id: string
  /** Lowercased and trimmed: one account per address. */
  email: string
  display_name: string
  /** `scrypt$N$r$p$salt$hash`, base64url: the parameters travel with the hash. */
  password_hash: string
  created_at: number
  password_changed_at: number
}

export interface SessionsTable {
  /** SHA-256 of the session token: a stolen database holds no usable token. */
  token_hash: string
  user_id: string
  created_at: number
  last_seen_at: number
  /** Absolute expiry; idle expiry is computed from last_seen_at. */
  expires_at: number
}

export interface UserVersionsTable {
  user_id: string
  version: number
}

export interface SyncClientsTable {
  client_id: string
  user_id: string
  last_mutation_id: number
  /** "Android-telefoon", "Laptop (Windows)": named in conflict copies ([N3]). */
  device_label: string
  created_at: number
  last_seen_at: number
}

export interface RejectedMutationsTable {
  client_id: string
  mutation_id: number
  name: string
  reason: string
  at: number
}

export interface BookmarksTable {
  user_id: string
  slug: string
  bookmarked: number
  updated_at: number
  change_version: number
}

export interface ProgressTable {
  user_id: string
  slug: string
  position: number
  at: number
  change_version: number
}

export interface NotesTable {
  user_id: string
  id: string
  revision: number
  /** The note's fields as JSON (see shared/sync/note.ts). */
  fields: string
  created_at: number
  updated_at: number
  deleted_at: number | null
  /** 1 = gone for good ([N7]); the row stays as a tombstone so the purge reaches every device. */
  purged: number
  /**
   * The change version of the last purge, kept when an edit revives the note: a pull from before it
   * still sends the purge ([N7][N9]). Null for a note never purged.
   */
  purged_version: number | null
  /** Set on a conflict copy: the id of the note it sits beside ([N3]). */
  conflict_of: string | null
  conflict_device: string | null
  change_version: number
}

export interface NoteRevisionsTable {
  user_id: string
  note_id: string
  revision: number
  fields: string
}

export interface NoteClientBasesTable {
  user_id: string
  note_id: string
  client_id: string
  /** The revision this device's last save produced. */
  revision: number
  /** The fields this device sent then: the base its next save was made on. */
  fields: string
}

/** [N9] A quick-log line: append-only, never edited. */
export interface NoteLinesTable {
  user_id: string
  id: string
  note_id: string
  text: string
  /** When she added it on the device: the mutation's `at`. */
  at: number
  change_version: number
}

/** [A1]–[A5] A photo's facts; its bytes are in photo_files, by hash. */
export interface NotePhotosTable {
  user_id: string
  id: string
  note_id: string
  hash: string
  mime: string
  bytes: number
  width: number
  height: number
  alt: string
  /** [A4] When the alt text last changed on the device: the latest wins. */
  alt_at: number
  /** When she added it on the device: the mutation's `at`. */
  at: number
  /** 1 = removed ([A5]): the row stays as a tombstone so the removal reaches every device. */
  removed: number
  change_version: number
}

/** [A2] The bytes of a user's photos, once per content hash. */
export interface PhotoFilesTable {
  user_id: string
  hash: string
  mime: string
  bytes: number
  /** BLOB on SQLite, bytea on PostgreSQL: a Buffer either way. */
  data: Buffer
  created_at: number
}

export interface Database {
  content_items: ContentItemsTable
  content_state: ContentStateTable
  users: UsersTable
  sessions: SessionsTable
  user_versions: UserVersionsTable
  sync_clients: SyncClientsTable
  rejected_mutations: RejectedMutationsTable
  bookmarks: BookmarksTable
  progress: ProgressTable
  notes: NotesTable
  note_revisions: NoteRevisionsTable
  note_client_bases: NoteClientBasesTable
  note_lines: NoteLinesTable
  note_photos: NotePhotosTable
  photo_files: PhotoFilesTable
}

export type { Generated }
