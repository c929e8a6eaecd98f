// The only SQL of photo bytes ([A2][A3] in shared/sync/SPEC.md): stored once per user and content hash,
// read back for the user's own photos only. Every query is keyed by the session's user id.
import { createHash } from 'node:crypto'
import { PHOTO_USER_QUOTA_BYTES, type PhotoMimeType, sniffPhotoType } from '../../shared/sync/note-photo'
import type { ServerDb } from '../db/database'

export type PhotoUploadOutcome =
  | { stored: true; isNew: boolean }
  | { stored: false; reason: 'not-found' | 'removed' | 'hash-mismatch' | 'not-an-image' | 'type-mismatch' | 'quota' }

export interface PhotoUpload {
  userId: string
  photoId: string
  data: Buffer
  now: number
  /** Per user, all photos together; the default is the product's ([A2]). */
  quotaBytes?: number
}

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/**
 * [A2] Stores the bytes of the user's photo `photoId`, once per hash. The checks run inside the
 * transaction that writes, so two uploads at once cannot both pass the quota.
 */
export async function storePhotoFile(serverDb: ServerDb, upload: PhotoUpload): Promise<PhotoUploadOutcome> {
  const { userId, photoId, data, now, quotaBytes = PHOTO_USER_QUOTA_BYTES } = upload
  const sniffed = sniffPhotoType(data.subarray(0, 16))
  const hash = sha256Hex(data)
  return serverDb.db.transaction().execute(async (trx) => {
    if (serverDb.dialect === 'postgres') {
      // The user's row lock, as a push takes it: uploads of one user are counted against the quota in turn.
      await trx.selectFrom('users').select('id').where('id', '=', userId).forUpdate().executeTakeFirst()
    }
    const photo = await trx.selectFrom('note_photos').select(['hash', 'mime', 'removed']).where('user_id', '=', userId).where('id', '=', photoId).executeTakeFirst()
    if (!photo) return { stored: false, reason: 'not-found' }
    if (photo.removed === 1) return { stored: false, reason: 'removed' }
    if (hash !== photo.hash) return { stored: false, reason: 'hash-mismatch' }
    if (!sniffed) return { stored: false, reason: 'not-an-image' }
    if (sniffed !== photo.mime) return { stored: false, reason: 'type-mismatch' }
    const existing = await trx.selectFrom('photo_files').select('hash').where('user_id', '=', userId).where('hash', '=', hash).executeTakeFirst()
    if (existing) return { stored: true, isNew: false }
    const { total } = await trx
      .selectFrom('photo_files')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('bytes'), eb.lit(0)).as('total'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
    if (Number(total) + data.byteLength > quotaBytes) return { stored: false, reason: 'quota' }
    await trx
      .insertInto('photo_files')
      .values({ user_id: userId, hash, mime: sniffed, bytes: data.byteLength, data, created_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'hash']).doNothing())
      .execute()
    return { stored: true, isNew: true }
  })
}

export type PhotoFileLookup = { found: true; mime: PhotoMimeType; data: Buffer } | { found: false; reason: 'not-found' | 'not-uploaded' }

/** [A3] The bytes of the user's own photo, if they have arrived. */
export async function readPhotoFile(serverDb: ServerDb, userId: string, photoId: string): Promise<PhotoFileLookup> {
  const photo = await serverDb.db.selectFrom('note_photos').select(['hash', 'removed']).where('user_id', '=', userId).where('id', '=', photoId).executeTakeFirst()
  if (!photo || photo.removed === 1) return { found: false, reason: 'not-found' }
  const file = await serverDb.db.selectFrom('photo_files').select(['mime', 'data']).where('user_id', '=', userId).where('hash', '=', photo.hash).executeTakeFirst()
  if (!file) return { found: false, reason: 'not-uploaded' }
  return { found: true, mime: file.mime as PhotoMimeType, data: Buffer.from(file.data) }
}

