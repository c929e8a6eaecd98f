// Schema migrations, run at start-up. Never edit a migration that has shipped: add a new one.
import { type Kysely, type Migration, type MigrationProvider, PostgresAdapter, sql } from 'kysely'

const migrations: Record<string, Migration> = {
  '001-content': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('content_items')
        .addColumn('slug', 'text', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('content_items_version').on('content_items').column('version').execute()
      await db.schema
        .createTable('content_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute()
      await db.insertInto('content_state' as never).values({ id: 1, version: 0 } as never).execute()
    },
  },
  '002-accounts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()
    },
  },
  '003-sync': {
    async up(db: Kysely<unknown>) {
      // One counter per user: every change to the user's rows takes the next value ([L1] cookies).
      await db.schema
        .createTable('user_versions')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('sync_clients')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('last_mutation_id', 'bigint', (c) => c.notNull())
        .addColumn('device_label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('sync_clients_user').on('sync_clients').column('user_id').execute()
      await db.schema
        .createTable('rejected_mutations')
        .addColumn('client_id', 'text', (c) => c.notNull().references('sync_clients.client_id').onDelete('cascade'))
        .addColumn('mutation_id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('rejected_mutations_pk', ['client_id', 'mutation_id'])
        .execute()
      await db.schema
        .createTable('bookmarks')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('bookmarked', 'integer', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('change_version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('bookmarks_pk', ['user_id', 'slug'])
        .execute()
      await db.schema
        .createTable('progress')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('slug', 'text', (c) => c.notNull())
        .addColumn('position', 'real', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('change_version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('progress_pk', ['user_id', 'slug'])
        .execute()
      await db.schema
        .createTable('notes')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('revision', 'bigint', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('deleted_at', 'bigint')
        .addColumn('purged', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('conflict_of', 'text')
        .addColumn('conflict_device', 'text')
        .addColumn('change_version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('notes_pk', ['user_id', 'id'])
        .execute()
      // [N2] The text of every revision a device may still edit from: the base of a three-way merge.
      await db.schema
        .createTable('note_revisions')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('note_id', 'text', (c) => c.notNull())
        .addColumn('revision', 'bigint', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('note_revisions_pk', ['user_id', 'note_id', 'revision'])
        .execute()
      // The fields each device last sent for a note: its own later saves build on them, even before it
      // has pulled the revision they made, so they must not be merged as if another device wrote them.
      await db.schema
        .createTable('note_client_bases')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('note_id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('revision', 'bigint', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('note_client_bases_pk', ['user_id', 'note_id', 'client_id'])
        .execute()
      for (const table of ['bookmarks', 'progress', 'notes']) {
        await db.schema.createIndex(`${table}_changes`).on(table).columns(['user_id', 'change_version']).execute()
      }
    },
  },
  '004-note-lines': {
    async up(db: Kysely<unknown>) {
      // [N9] Quick-log lines: append-only, one row per line id. A line may outlive its note's row
      // (pushed after a purge), so there is no foreign key to notes.
      await db.schema
        .createTable('note_lines')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('note_id', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('change_version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('note_lines_pk', ['user_id', 'id'])
        .execute()
      await db.schema.createIndex('note_lines_changes').on('note_lines').columns(['user_id', 'change_version']).execute()
      await db.schema.createIndex('note_lines_note').on('note_lines').columns(['user_id', 'note_id']).execute()
    },
  },
  '005-note-photos': {
    async up(db: Kysely<unknown>) {
      // [A1]–[A5] A photo's facts, like a quick-log line without a foreign key to its note.
      await db.schema
        .createTable('note_photos')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('note_id', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('height', 'integer', (c) => c.notNull())
        .addColumn('alt', 'text', (c) => c.notNull())
        .addColumn('alt_at', 'bigint', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('change_version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('note_photos_pk', ['user_id', 'id'])
        .execute()
      await db.schema.createIndex('note_photos_changes').on('note_photos').columns(['user_id', 'change_version']).execute()
      await db.schema.createIndex('note_photos_note').on('note_photos').columns(['user_id', 'note_id']).execute()
      await db.schema.createIndex('note_photos_hash').on('note_photos').columns(['user_id', 'hash']).execute()
      // [A2] The bytes, in the database itself: one backup holds everything, and every process sees them.
      const binary = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`
      await db.schema
        .createTable('photo_files')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('data', binary, (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('photo_files_pk', ['user_id', 'hash'])
        .execute()
    },
  },
  '006-note-purge-version': {
    async up(db: Kysely<unknown>) {
      // [N7][N9] The change version of a note's last purge: an edit that revives the note overwrites its
      // tombstone, and a device that had not pulled the purge must still hear of it (its lines are gone).
      await db.schema.alterTable('notes').addColumn('purged_version', 'bigint').execute()
    },
  },
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
