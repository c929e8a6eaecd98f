// The only SQL about accounts: the users table, and the password change that signs out other sessions.
import type { ServerDb } from '../db/database'

export interface UserRecord {
  id: string
  /** Lowercased and trimmed. */
  email: string
  displayName: string
  /** `scrypt$N$r$p$salt$hash` (see auth/password.ts). */
  passwordHash: string
  createdAt: number
  passwordChangedAt: number
}

type UserRow = { id: string; email: string; display_name: string; password_hash: string; created_at: number; password_changed_at: number }

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    createdAt: Number(row.created_at),
    passwordChangedAt: Number(row.password_changed_at),
  }
}

/** Adds the user; answers false, and adds nothing, when the email address already has an account. */
export async function insertUser({ db }: ServerDb, user: UserRecord): Promise<boolean> {
  // ON CONFLICT DO NOTHING rather than a look-up first: two registrations racing still make one account.
  const result = await db
    .insertInto('users')
    .values({
      id: user.id,
      email: user.email,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      created_at: user.createdAt,
      password_changed_at: user.passwordChangedAt,
    })
    .onConflict((oc) => oc.column('email').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1
}

export async function findUserByEmail({ db }: ServerDb, email: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()
  return row && toRecord(row)
}

export async function findUserById({ db }: ServerDb, id: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
  return row && toRecord(row)
}

/** The same password, hashed with the current parameters: not a password change, so no session ends. */
export async function replacePasswordHash({ db }: ServerDb, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute()
}

/** Sets the new password and ends every session of the user but `keepTokenHash`, in one transaction. */
export async function changePassword(
  { db }: ServerDb,
  change: { userId: string; passwordHash: string; changedAt: number; keepTokenHash: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: change.passwordHash, password_changed_at: change.changedAt })
      .where('id', '=', change.userId)
      .execute()
    await trx.deleteFrom('sessions').where('user_id', '=', change.userId).where('token_hash', '!=', change.keepTokenHash).execute()
  })
}
