// /api/v1/auth/…: register, login, logout, me, password. Thin: the work is in auth/ and the repositories.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  AUTH_API_PREFIX,
  AUTH_ERROR_CODES,
  DISPLAY_NAME_MAX_LENGTH,
  EMAIL_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  type AuthUser,
  type AuthUserResponse,
  type ChangePasswordRequest,
  type LoginRequest,
  type RegisterRequest,
} from '../../shared/auth'
import { isPlausibleEmail, normalizeEmail } from '../auth/email-address'
import { HttpError } from '../auth/http-error'
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '../auth/password'
import { weakPasswordReason } from '../auth/password-strength'
import { enforceRateLimit, FixedWindowLimiter, type RateLimitRule } from '../auth/rate-limit'
import { authContextOf, forgetCurrentSession, notSignedIn, requireSession } from '../auth/require-user'
import { clearSessionCookie, endSession, sessionTokenOf, setSessionCookie, startSession } from '../auth/sessions'
import { changePassword, findUserByEmail, findUserById, insertUser, replacePasswordHash, type UserRecord } from '../repositories/user-repository'

const MINUTE_MS = 60 * 1000
/** The largest valid body (two 1024-character passwords, 4 bytes a character) with room to spare. */
const AUTH_BODY_LIMIT_BYTES = 16 * 1024

/** Enough for a person who mistypes; too few to guess a password. */
export const AUTH_RATE_LIMITS = {
  loginPerIp: { limit: 20, windowMs: 15 * MINUTE_MS },
  loginPerEmail: { limit: 10, windowMs: 15 * MINUTE_MS },
  registerPerIp: { limit: 10, windowMs: 60 * MINUTE_MS },
  passwordChangePerUser: { limit: 10, windowMs: 15 * MINUTE_MS },
} satisfies Record<string, RateLimitRule>

const password = { type: 'string', maxLength: PASSWORD_MAX_LENGTH } as const
const email = { type: 'string', minLength: 1, maxLength: EMAIL_MAX_LENGTH } as const
const strictObject = <P extends Record<string, unknown>>(properties: P) =>
  ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false }) as const

const registerBody = strictObject({
  email,
  // Some visible character, no control characters: the name shows in lists and conflict labels.
  displayName: { type: 'string', minLength: 1, maxLength: DISPLAY_NAME_MAX_LENGTH, pattern: '^[^\\p{Cc}]*\\S[^\\p{Cc}]*$' },
  password,
})
const loginBody = strictObject({ email, password })
const changePasswordBody = strictObject({ currentPassword: password, newPassword: password })
/** Also keeps the password hash, or any other column, out of an answer by mistake. */
const userResponse = strictObject({
  user: strictObject({ id: { type: 'string' }, email: { type: 'string' }, displayName: { type: 'string' } }),
})

const registerRoute = { schema: { body: registerBody, response: { 201: userResponse } }, bodyLimit: AUTH_BODY_LIMIT_BYTES }
const loginRoute = { schema: { body: loginBody, response: { 200: userResponse } }, bodyLimit: AUTH_BODY_LIMIT_BYTES }
const logoutRoute = { bodyLimit: AUTH_BODY_LIMIT_BYTES }
const meRoute = { schema: { response: { 200: userResponse } } }
const changePasswordRoute = { schema: { body: changePasswordBody }, bodyLimit: AUTH_BODY_LIMIT_BYTES }

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const context = app.authContext
  const limiter = (rule: RateLimitRule) => new FixedWindowLimiter({ ...rule, now: context.now })
  const limits = {
    loginPerIp: limiter(AUTH_RATE_LIMITS.loginPerIp),
    loginPerEmail: limiter(AUTH_RATE_LIMITS.loginPerEmail),
    registerPerIp: limiter(AUTH_RATE_LIMITS.registerPerIp),
    passwordChangePerUser: limiter(AUTH_RATE_LIMITS.passwordChangePerUser),
  }

  await app.register(
    async (auth) => {
      // Answers about who is signed in are for this browser only, never for a cache.
      auth.addHook('onRequest', async (_request, reply) => {
        void reply.header('Cache-Control', 'no-store')
      })

      auth.post<{ Body: RegisterRequest }>('/register', registerRoute, async (request, reply) => {
        enforceRateLimit(reply, limits.registerPerIp, request.ip)
        const address = normalizeEmail(request.body.email)
        if (!isPlausibleEmail(address)) {
          throw new HttpError(400, AUTH_ERROR_CODES.invalidEmail, 'This does not look like an email address')
        }
        refuseWeakPassword(request.body.password)
        const now = context.now()
        const user: UserRecord = {
          id: randomUUID(),
          email: address,
          displayName: request.body.displayName.trim(),
          passwordHash: await hashPassword(request.body.password, context.passwordCost),
          createdAt: now,
          passwordChangedAt: now,
        }
        if (!(await insertUser(context.serverDb, user))) {
          throw new HttpError(409, AUTH_ERROR_CODES.emailInUse, 'An account with this email address exists: sign in instead')
        }
        await signIn(request, reply, user.id)
        return reply.code(201).send(userAnswer(user))
      })

      auth.post<{ Body: LoginRequest }>('/login', loginRoute, async (request, reply) => {
        enforceRateLimit(reply, limits.loginPerIp, request.ip)
        const address = normalizeEmail(request.body.email)
        enforceRateLimit(reply, limits.loginPerEmail, address)
        const user = await findUserByEmail(context.serverDb, address)
        // An unknown address costs one hash too: the answer and its timing do not tell which part was wrong.
        const isMatch = await verifyPassword(request.body.password, user?.passwordHash ?? dummyPasswordHash(context.passwordCost))
        if (!user || !isMatch) throw new HttpError(401, AUTH_ERROR_CODES.wrongCredentials, 'Wrong email address or password')
        if (needsRehash(user.passwordHash, context.passwordCost)) {
          await replacePasswordHash(context.serverDb, user.id, await hashPassword(request.body.password, context.passwordCost))
        }
        await signIn(request, reply, user.id)
        return userAnswer(user)
      })

      auth.post('/logout', logoutRoute, async (request, reply) => {
        await endSession(context, sessionTokenOf(request))
        forgetCurrentSession(request)
        clearSessionCookie(request, reply)
        return reply.code(204).send()
      })

      auth.get('/me', meRoute, async (request) => {
        const session = await requireSession(request)
        const user = await findUserById(context.serverDb, session.userId)
        if (!user) throw notSignedIn()
        return userAnswer(user)
      })

      auth.post<{ Body: ChangePasswordRequest }>('/password', changePasswordRoute, async (request, reply) => {
        const session = await requireSession(request)
        enforceRateLimit(reply, limits.passwordChangePerUser, session.userId)
        const user = await findUserById(context.serverDb, session.userId)
        if (!user) throw notSignedIn()
        refuseWeakPassword(request.body.newPassword)
        if (!(await verifyPassword(request.body.currentPassword, user.passwordHash))) {
          throw new HttpError(401, AUTH_ERROR_CODES.wrongCredentials, 'The current password is wrong')
        }
        await changePassword(context.serverDb, {
          userId: user.id,
          passwordHash: await hashPassword(request.body.newPassword, context.passwordCost),
          changedAt: context.now(),
          keepTokenHash: session.tokenHash,
        })
        return reply.code(204).send()
      })
    },
    { prefix: AUTH_API_PREFIX },
  )
}

/** A new session, replacing the one this browser had (no session fixation). */
async function signIn(request: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> {
  const context = authContextOf(request)
  await endSession(context, sessionTokenOf(request))
  setSessionCookie(request, reply, await startSession(context, userId))
  forgetCurrentSession(request)
}

function refuseWeakPassword(candidate: string): void {
  const reason = weakPasswordReason(candidate)
  if (reason) throw new HttpError(400, AUTH_ERROR_CODES.weakPassword, reason)
}

function userAnswer(user: UserRecord): AuthUserResponse {
  const answer: AuthUser = { id: user.id, email: user.email, displayName: user.displayName }
  return { user: answer }
}
