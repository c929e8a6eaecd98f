// Schema migrations, run at start-up. Never edit a migration that has shipped: add a new one.
import type { Kysely, Migration, MigrationProvider } from 'kysely'

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
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
