// Sets up accounts on the app: the cookie parser and the context requireUser reads. Call it before
// any route that uses requireUser is registered; the /api/v1/auth routes are in routes/auth-routes.ts.
import cookie from '@fastify/cookie'
import type { FastifyInstance } from 'fastify'
import type { ServerDb } from '../db/database'
import { DEFAULT_PASSWORD_COST, type PasswordCost } from './password'
import { decorateAuthContext } from './require-user'

export interface AuthOptions {
  serverDb: ServerDb
  now?: () => number
  passwordCost?: PasswordCost
}

export async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  // No cookie secret: the session token is random and looked up, so signing it would add nothing.
  await app.register(cookie)
  decorateAuthContext(app, {
    serverDb: options.serverDb,
    now: options.now ?? Date.now,
    passwordCost: options.passwordCost ?? DEFAULT_PASSWORD_COST,
  })
}
