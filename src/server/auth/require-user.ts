// Who is signed in, for any route that reads or writes a user's data.
//
//   import { requireUser } from '../auth/require-user'
//
//   app.post('/api/v1/sync/push', async (request, reply) => {
//     const userId = await requireUser(request) // throws 401 not_signed_in without a live session
//     …every query is then keyed by userId…
//   })
//
// The user id comes from the session cookie and from nowhere else: never take one from the body,
// the query or the URL. requireUser looks the session up once per request (a second call is free),
// deletes it if it has ended, and refreshes its last_seen_at at most once an hour.
// `registerAuth(app, …)` (auth-plugin.ts) must have run on the app: it sets the cookie parser and the
// `authContext` decorator this reads.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AUTH_ERROR_CODES } from '../../shared/auth'
import { HttpError } from './http-error'
import { type AuthContext, type LiveSession, resolveSession, sessionTokenOf } from './sessions'

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by registerAuth: the database, clock and password cost of the accounts code. */
    authContext: AuthContext
  }
}

const lookups = new WeakMap<FastifyRequest, Promise<LiveSession | undefined>>()

export function decorateAuthContext(app: FastifyInstance, context: AuthContext): void {
  app.decorate('authContext', context)
}

export function authContextOf(request: FastifyRequest): AuthContext {
  const context = request.server.authContext as AuthContext | undefined
  if (!context) throw new Error('requireUser needs registerAuth(app, …) to have run on this app')
  return context
}

/** The request's live session, or undefined when nobody is signed in. */
export function currentSession(request: FastifyRequest): Promise<LiveSession | undefined> {
  let lookup = lookups.get(request)
  if (!lookup) {
    lookup = resolveSession(authContextOf(request), sessionTokenOf(request))
    lookups.set(request, lookup)
  }
  return lookup
}

/** After sign-in or sign-out within a request: the next currentSession() looks again. */
export function forgetCurrentSession(request: FastifyRequest): void {
  lookups.delete(request)
}

export function notSignedIn(): HttpError {
  return new HttpError(401, AUTH_ERROR_CODES.notSignedIn, 'Sign in first: there is no session, or it has ended')
}

/** The live session, or a 401 not_signed_in for the error handler. */
export async function requireSession(request: FastifyRequest): Promise<LiveSession> {
  const session = await currentSession(request)
  if (!session) throw notSignedIn()
  return session
}

/** The signed-in user's id, or a 401 not_signed_in for the error handler. */
export async function requireUser(request: FastifyRequest): Promise<string> {
  return (await requireSession(request)).userId
}
