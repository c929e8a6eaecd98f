// The sync protocol's storage (rules in src/shared/sync/SPEC.md): push applies a device's mutations in
// one transaction; pull reads the user's changes after a cookie from one snapshot.
import type { Selectable, Transaction } from 'kysely'
import type { SyncChange } from '../../shared/sync/changes'
import type { NoteFields } from '../../shared/sync/note'
import { restoreNoteFields } from '../../shared/sync/note'
import { type Mutation, NOTE_LINES_SCHEMA_VERSION, NOTE_PHOTOS_SCHEMA_VERSION, type PullResponse, type PushResponse, SCHEMA_VERSION } from '../../shared/sync/protocol'
import type { ServerDb } from '../db/database'
import type { Database, NotePhotosTable } from '../db/schema'
import type { NotePhoto, PhotoMimeType } from '../../shared/sync/note-photo'
import { checkMutation } from '../sync/mutation-args'
import { applyMutation } from './sync-apply'

/** [C1] The device id belongs to another user. */
export class ClientNotYoursError extends Error {
  constructor() {
    super('This clientId belongs to another account')
    this.name = 'ClientNotYoursError'
  }
}

export interface PushInput {
  userId: string
  clientId: string
  deviceKind: string
  mutations: Mutation[]
  now: number
}

export interface PushResult extends PushResponse {
  /** True when a mutation changed the user's data: other devices should pull. */
  hasChanges: boolean
}

export async function pushMutations(serverDb: ServerDb, input: PushInput): Promise<PushResult> {
  const { userId, clientId, deviceKind, mutations, now } = input
  return serverDb.db.transaction().execute(async (trx) => {
    // One push per user at a time: the version row is the lock (SQLite has one writer anyway).
    await trx.insertInto('user_versions').values({ user_id: userId, version: 0 }).onConflict((oc) => oc.column('user_id').doNothing()).execute()
    const versionQuery = trx.selectFrom('user_versions').select('version').where('user_id', '=', userId)
    const { version: startVersion } = await (serverDb.dialect === 'postgres' ? versionQuery.forUpdate() : versionQuery).executeTakeFirstOrThrow()

    const client = await ensureClient(trx, { userId, clientId, deviceKind, now })
    let lastMutationId = client.last_mutation_id
    let version = startVersion
    const rejected: PushResponse['rejected'] = []

    // [P4][P2] A repeated push (its answer was lost) hears again which of its mutations were rejected.
    const repeated = mutations.filter((mutation) => mutation.id <= lastMutationId).map((mutation) => mutation.id)
    if (repeated.length > 0) {
      const earlier = await trx
        .selectFrom('rejected_mutations')
        .select(['mutation_id', 'reason'])
        .where('client_id', '=', clientId)
        .where('mutation_id', 'in', repeated)
        .orderBy('mutation_id')
        .execute()
      for (const row of earlier) rejected.push({ id: Number(row.mutation_id), reason: row.reason })
    }

    for (const mutation of mutations) {
      if (mutation.id <= lastMutationId) continue // [P2] applied before
      if (mutation.id > lastMutationId + 1) break // [P3] a gap: stop here
      const checked = checkMutation(mutation.name, mutation.args)
      const reason =
        'reason' in checked
          ? checked.reason
          : await applyMutation({ trx, userId, clientId, deviceKind: client.device_label, at: mutation.at, nextVersion: () => ++version }, checked)
      if (reason !== undefined) {
        // [P4] Recorded, and the device moves on.
        rejected.push({ id: mutation.id, reason })
        await trx.insertInto('rejected_mutations').values({ client_id: clientId, mutation_id: mutation.id, name: mutation.name.slice(0, 100), reason, at: now }).execute()
      }
      lastMutationId = mutation.id
    }

    await trx.updateTable('sync_clients').set({ last_mutation_id: lastMutationId, last_seen_at: now }).where('client_id', '=', clientId).execute()
    if (version !== startVersion) await trx.updateTable('user_versions').set({ version }).where('user_id', '=', userId).execute()
    return { lastMutationId, rejected, hasChanges: version !== startVersion }
  })
}

async function ensureClient(trx: Transaction<Database>, input: { userId: string; clientId: string; deviceKind: string; now: number }) {
  const { userId, clientId, deviceKind, now } = input
  await trx
    .insertInto('sync_clients')
    .values({ client_id: clientId, user_id: userId, last_mutation_id: 0, device_label: deviceKind, created_at: now, last_seen_at: now })
    .onConflict((oc) => oc.column('client_id').doNothing())
    .execute()
  const client = await trx.selectFrom('sync_clients').selectAll().where('client_id', '=', clientId).executeTakeFirstOrThrow()
  if (client.user_id !== userId) throw new ClientNotYoursError()
  return client
}

/** [A1] A photo row as devices see it. */
export function photoOfRow(row: Selectable<NotePhotosTable>): NotePhoto {
  return {
    id: row.id,
    noteId: row.note_id,
    hash: row.hash,
    mime: row.mime as PhotoMimeType,
    bytes: row.bytes,
    width: row.width,
    height: row.height,
    alt: row.alt,
    at: Number(row.at),
    altAt: Number(row.alt_at),
    removed: row.removed === 1,
  }
}

export interface PullInput {
  userId: string
  clientId: string
  /** The change version the device has seen; 0 for everything. */
  since: number
  pageSize: number
  /** The device's schema version: older devices are not sent what they cannot store ([V1], [N9]). */
  schemaVersion?: number
}

/** [L1][L2] One snapshot: the device's lastMutationId and the rows it implies are read together. */
export async function pullChanges(serverDb: ServerDb, input: PullInput): Promise<PullResponse<SyncChange>> {
  const { userId, clientId, pageSize } = input
  const snapshot = serverDb.db.transaction()
  return (serverDb.dialect === 'postgres' ? snapshot.setIsolationLevel('repeatable read') : snapshot).execute(async (trx) => {
    const client = await trx.selectFrom('sync_clients').select(['user_id', 'last_mutation_id']).where('client_id', '=', clientId).executeTakeFirst()
    if (client && client.user_id !== userId) throw new ClientNotYoursError()
    const current = await trx.selectFrom('user_versions').select('version').where('user_id', '=', userId).executeTakeFirst()
    const currentVersion = current?.version ?? 0
    // A cookie from the future comes from another database (a restored server): start this device afresh.
    const since = input.since > currentVersion ? 0 : input.since

    // Take one more than a page from each table to know whether more is waiting.
    const schemaVersion = input.schemaVersion ?? SCHEMA_VERSION
    const sendsLines = schemaVersion >= NOTE_LINES_SCHEMA_VERSION
    const sendsPhotos = schemaVersion >= NOTE_PHOTOS_SCHEMA_VERSION
    const [bookmarks, progress, notes, revivedPurges, lines, photos] = await Promise.all([
      trx.selectFrom('bookmarks').selectAll().where('user_id', '=', userId).where('change_version', '>', since).orderBy('change_version').limit(pageSize + 1).execute(),
      trx.selectFrom('progress').selectAll().where('user_id', '=', userId).where('change_version', '>', since).orderBy('change_version').limit(pageSize + 1).execute(),
      trx.selectFrom('notes').selectAll().where('user_id', '=', userId).where('change_version', '>', since).orderBy('change_version').limit(pageSize + 1).execute(),
      // [N7][N9] Notes purged after `since` and revived since by an edit: their tombstone is overwritten,
      // but the purge deleted their lines, and a device that holds those must hear of it first.
      trx
        .selectFrom('notes')
        .select(['id', 'purged_version'])
        .where('user_id', '=', userId)
        .where('purged', '=', 0)
        .where('purged_version', '>', since)
        .orderBy('purged_version')
        .limit(pageSize + 1)
        .execute(),
      sendsLines
        ? trx.selectFrom('note_lines').selectAll().where('user_id', '=', userId).where('change_version', '>', since).orderBy('change_version').limit(pageSize + 1).execute()
        : [],
      sendsPhotos
        ? trx.selectFrom('note_photos').selectAll().where('user_id', '=', userId).where('change_version', '>', since).orderBy('change_version').limit(pageSize + 1).execute()
        : [],
    ])
    const rows: { version: number; change: SyncChange }[] = [
      ...bookmarks.map((row) => ({ version: row.change_version, change: { type: 'bookmark', slug: row.slug, bookmarked: row.bookmarked === 1, updatedAt: row.updated_at } as const })),
      ...progress.map((row) => ({ version: row.change_version, change: { type: 'progress', slug: row.slug, position: row.position, at: row.at } as const })),
      ...notes.map((row) => ({
        version: row.change_version,
        change:
          row.purged === 1
            ? ({ type: 'note-purged', id: row.id } as const)
            : ({
                type: 'note',
                note: {
                  id: row.id,
                  revision: row.revision,
                  fields: restoreNoteFields(JSON.parse(row.fields) as Partial<NoteFields>),
                  createdAt: row.created_at,
                  updatedAt: row.updated_at,
                  deletedAt: row.deleted_at,
                  conflictOf: row.conflict_of,
                  conflictDevice: row.conflict_device,
                },
              } as const),
      })),
      ...revivedPurges.map((row) => ({ version: row.purged_version!, change: { type: 'note-purged', id: row.id } as const })),
      ...lines.map((row) => ({
        version: row.change_version,
        change: { type: 'note-line', line: { id: row.id, noteId: row.note_id, text: row.text, at: Number(row.at) } } as const,
      })),
      ...photos.map((row) => ({ version: row.change_version, change: { type: 'note-photo', photo: photoOfRow(row) } as const })),
    ].sort((a, b) => a.version - b.version)

    // A page ends on a version boundary: rows written by one mutation travel together.
    let end = Math.min(rows.length, pageSize)
    while (end > 0 && end < rows.length && rows[end]!.version === rows[end - 1]!.version) end++
    const page = rows.slice(0, end)
    const hasMore = end < rows.length
    const cookie = hasMore ? page[page.length - 1]!.version : Math.max(currentVersion, since)
    return {
      cookie: String(cookie),
      // [L1] Only the last page acknowledges: the rows of the device's newest mutations may wait in a later
      // page, and a device drops acknowledged outbox entries as it applies each page ([C4][L3]).
      lastMutationId: hasMore ? 0 : (client?.last_mutation_id ?? 0),
      changes: page.map((row) => row.change),
      hasMore,
    }
  })
}
