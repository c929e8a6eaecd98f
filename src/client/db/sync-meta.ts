// The sync bookkeeping in `userdata.meta`: device id, mutation numbering, the pull cookie. Each helper
// joins the Dexie transaction it is called in (which must include `meta`), so a mutation id is taken
// in the same transaction as the row and outbox entry that use it ([C2][C3]).
import type { MetaKey, SyncMetaValues, UserDataDb } from './userdata'

export async function readMeta<Key extends MetaKey>(db: UserDataDb, key: Key): Promise<SyncMetaValues[Key] | undefined> {
  const row = await db.meta.get(key)
  return row?.value as SyncMetaValues[Key] | undefined
}

export async function writeMeta<Key extends MetaKey>(db: UserDataDb, key: Key, value: SyncMetaValues[Key]): Promise<void> {
  await db.meta.put({ key, value } as never)
}

/** [C1] This database's device id: made on first use, then the same forever. */
export function ensureClientId(db: UserDataDb): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await readMeta(db, 'clientId')
    if (existing !== undefined) return existing
    const clientId = crypto.randomUUID()
    await writeMeta(db, 'clientId', clientId)
    return clientId
  })
}

/** [C2] Takes the next mutation id: 1, 2, 3… never reused. Call inside the action's rw transaction. */
export async function allocateMutationId(db: UserDataDb): Promise<number> {
  const id = (await readMeta(db, 'nextMutationId')) ?? 1
  await writeMeta(db, 'nextMutationId', id + 1)
  return id
}

export interface SyncCursor {
  cookie: string | null
  lastMutationId: number
  pushedThrough: number
  lastSyncedAt: number | undefined
}

export function readSyncCursor(db: UserDataDb): Promise<SyncCursor> {
  return db.transaction('r', db.meta, async () => ({
    cookie: (await readMeta(db, 'cookie')) ?? null,
    lastMutationId: (await readMeta(db, 'lastMutationId')) ?? 0,
    pushedThrough: (await readMeta(db, 'pushedThrough')) ?? 0,
    lastSyncedAt: await readMeta(db, 'lastSyncedAt'),
  }))
}
