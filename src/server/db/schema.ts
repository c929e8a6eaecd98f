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

export interface Database {
  content_items: ContentItemsTable
  content_state: ContentStateTable
}

export type { Generated }
