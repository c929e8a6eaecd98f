// The only SQL about sessions. Rows hold the SHA-256 of the token, never the token (auth/sessions.ts).
import type { ServerDb } from '../db/database'

export interface SessionRecord {
  tokenHash: string
  userId: string
  createdAt: number
  lastSeenAt: number
  /** Absolute expiry (ms since the epoch). */
  expiresAt: number
}

export async function insertSession({ db }: ServerDb, session: SessionRecord): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      expires_at: session.expiresAt,
    })
    .execute()
}

export async function findSession({ db }: ServerDb, tokenHash: string): Promise<SessionRecord | undefined> {
  const row = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
  if (!row) return undefined
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
  }
}

export async function touchSession({ db }: ServerDb, tokenHash: string, lastSeenAt: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('token_hash', '=', tokenHash).execute()
}

export async function deleteSession({ db }: ServerDb, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()
}

/** Deletes the user's sessions that ended: past their absolute expiry, or not seen since `idleSince`. */
export async function deleteEndedSessions({ db }: ServerDb, userId: string, { now, idleSince }: { now: number; idleSince: number }): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleSince)]))
    .execute()
}
