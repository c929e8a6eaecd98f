// Sessions: an opaque random token in the `snw_session` cookie, only its SHA-256 in the database.
// A session ends on logout, after 30 days unseen (idle) or 180 days after sign-in (absolute),
// whichever comes first; an ended session's row is deleted when it is next presented.
import { createHash, randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ServerDb } from '../db/database'
import { deleteEndedSessions, deleteSession, findSession, insertSession, touchSession } from '../repositories/session-repository'
import type { PasswordCost } from './password'

export const SESSION_COOKIE = 'snw_session'

const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS
export const SESSION_IDLE_MS = 30 * DAY_MS
export const SESSION_ABSOLUTE_MS = 180 * DAY_MS
/** last_seen_at is written at most this often: most requests only read the session. */
export const SESSION_TOUCH_INTERVAL_MS = HOUR_MS

const TOKEN_BYTES = 32
/** 32 bytes in base64url: 43 characters. Anything else is not one of our tokens: no query needed. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** What the accounts code needs from the app: its database, its clock and its password cost. */
export interface AuthContext {
  serverDb: ServerDb
  /** ms since the epoch; injectable so that tests can pass 30 days in a moment. */
  now: () => number
  passwordCost: PasswordCost
}

export interface LiveSession {
  userId: string
  tokenHash: string
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

export type SessionState = 'ended' | 'live' | 'live-touch'

/** Whether a stored session still counts at `now`, and whether its last_seen_at is due a write. */
export function sessionState(session: { lastSeenAt: number; expiresAt: number }, now: number): SessionState {
  if (now >= session.expiresAt || now - session.lastSeenAt >= SESSION_IDLE_MS) return 'ended'
  return now - session.lastSeenAt >= SESSION_TOUCH_INTERVAL_MS ? 'live-touch' : 'live'
}

/** Stores a new session for the user and answers its token (for the cookie, and nowhere else). */
export async function startSession({ serverDb, now }: AuthContext, userId: string): Promise<string> {
  const at = now()
  // Housekeeping without a timer: sign-in clears the user's ended sessions that were never presented again.
  await deleteEndedSessions(serverDb, userId, { now: at, idleSince: at - SESSION_IDLE_MS })
  const token = randomBytes(TOKEN_BYTES).toString('base64url')
  await insertSession(serverDb, { tokenHash: hashSessionToken(token), userId, createdAt: at, lastSeenAt: at, expiresAt: at + SESSION_ABSOLUTE_MS })
  return token
}

/** The live session the token belongs to, or undefined; an ended session is deleted on the way. */
export async function resolveSession({ serverDb, now }: AuthContext, token: string | undefined): Promise<LiveSession | undefined> {
  if (token === undefined || !TOKEN_PATTERN.test(token)) return undefined
  const tokenHash = hashSessionToken(token)
  const session = await findSession(serverDb, tokenHash)
  if (!session) return undefined
  const at = now()
  const state = sessionState(session, at)
  if (state === 'ended') {
    await deleteSession(serverDb, tokenHash)
    return undefined
  }
  if (state === 'live-touch') await touchSession(serverDb, tokenHash, at)
  return { userId: session.userId, tokenHash }
}

export async function endSession({ serverDb }: AuthContext, token: string | undefined): Promise<void> {
  if (token === undefined || !TOKEN_PATTERN.test(token)) return
  await deleteSession(serverDb, hashSessionToken(token))
}

export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return request.cookies?.[SESSION_COOKIE]
}

/** HttpOnly: no script reads it; SameSite=Strict: no other site sends it; Secure whenever we are on https. */
function cookieOptions(request: FastifyRequest) {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' } as const
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(request), maxAge: SESSION_ABSOLUTE_MS / 1000 })
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, cookieOptions(request))
}
