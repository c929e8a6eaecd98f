// The only SQL about magazine content: importing content/ into the database and reading deltas.
import type { ContentItem } from '../../shared/content/types'
import type { LoadedContent } from '../content/load-content'
import type { ServerDb } from '../db/database'

export interface ImportResult {
  version: number
  added: number
  changed: number
  removed: number
}

export interface ContentChanges {
  version: number
  items: ContentItem[]
  removed: string[]
}

/**
 * Brings the database in line with the files: a new, changed or removed item gets the next version.
 * One import is one version, taken under a row lock, so server processes sharing PostgreSQL agree.
 */
export async function importContent({ db, dialect }: ServerDb, content: LoadedContent): Promise<ImportResult> {
  return db.transaction().execute(async (trx) => {
    const stateQuery = trx.selectFrom('content_state').select('version').where('id', '=', 1)
    const state = await (dialect === 'postgres' ? stateQuery.forUpdate() : stateQuery).executeTakeFirstOrThrow()
    const stored = await trx.selectFrom('content_items').select(['slug', 'hash', 'removed']).execute()
    const storedBySlug = new Map(stored.map((row) => [row.slug, row]))

    const upserts = content.items.filter(({ item, hash }) => {
      const row = storedBySlug.get(item.slug)
      return !row || row.hash !== hash || row.removed === 1
    })
    const present = new Set(content.items.map(({ item }) => item.slug))
    const removals = stored.filter((row) => row.removed === 0 && !present.has(row.slug)).map((row) => row.slug)
    const result: ImportResult = {
      version: state.version,
      added: upserts.filter(({ item }) => !storedBySlug.has(item.slug)).length,
      changed: upserts.filter(({ item }) => storedBySlug.has(item.slug)).length,
      removed: removals.length,
    }
    if (upserts.length === 0 && removals.length === 0) return result

    const version = state.version + 1
    const now = new Date().toISOString()
    await trx.updateTable('content_state').set({ version }).where('id', '=', 1).execute()
    for (const { item, hash } of upserts) {
      const row = { version, hash, removed: 0, data: JSON.stringify(item), updated_at: now }
      await trx
        .insertInto('content_items')
        .values({ slug: item.slug, ...row })
        .onConflict((oc) => oc.column('slug').doUpdateSet(row))
        .execute()
    }
    if (removals.length > 0) {
      await trx
        .updateTable('content_items')
        .set({ version, removed: 1, data: '{}', updated_at: now })
        .where('slug', 'in', removals)
        .execute()
    }
    return { ...result, version }
  })
}

export async function currentContentVersion({ db }: ServerDb): Promise<number> {
  const row = await db.selectFrom('content_state').select('version').where('id', '=', 1).executeTakeFirstOrThrow()
  return row.version
}

/** Everything that changed after `since`, read in one transaction so that the version matches the rows. */
export async function contentChangesSince({ db }: ServerDb, since: number): Promise<ContentChanges> {
  return db.transaction().execute(async (trx) => {
    const { version } = await trx.selectFrom('content_state').select('version').where('id', '=', 1).executeTakeFirstOrThrow()
    if (since >= version) return { version, items: [], removed: [] }
    const rows = await trx
      .selectFrom('content_items')
      .select(['slug', 'version', 'removed', 'data', 'updated_at'])
      .where('version', '>', since)
      .orderBy('version')
      .orderBy('slug')
      .execute()
    const items: ContentItem[] = []
    const removed: string[] = []
    for (const row of rows) {
      if (row.removed === 1) removed.push(row.slug)
      else items.push({ ...(JSON.parse(row.data) as ContentItem), version: row.version, updatedAt: row.updated_at })
    }
    return { version, items, removed }
  })
}
