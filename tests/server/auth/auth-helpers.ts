// Accounts for server tests: register and sign in by injecting requests, and read the session cookie back.
// `const { cookie } = await registerUser(app)`, then `app.inject({ …, cookies: { snw_session: cookie } })`.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import { AUTH_PATHS, type AuthUserResponse, type RegisterRequest } from '../../../src/shared/auth'

/** A password that passes the strength rules. */
export const GOOD_PASSWORD = 'lange-zin-over-de-doetank'

let nextUser = 1

export function makeRegistration(overrides: Partial<RegisterRequest> = {}): RegisterRequest {
  const number = nextUser++
  return { email: `coach${number}@example.nl`, displayName: `Coach ${number}`, password: GOOD_PASSWORD, ...overrides }
}

/** The session token the response set, or undefined when it set none. */
export function sessionCookieOf(response: LightMyRequestResponse): string | undefined {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)
  return cookie?.value || undefined
}

export interface SignedInUser {
  user: AuthUserResponse['user']
  cookie: string
  password: string
}

export async function registerUser(app: FastifyInstance, overrides: Partial<RegisterRequest> = {}): Promise<SignedInUser> {
  const registration = makeRegistration(overrides)
  const response = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload: registration })
  expect(response.statusCode, response.body).toBe(201)
  const cookie = sessionCookieOf(response)
  expect(cookie).toBeDefined()
  return { user: response.json<AuthUserResponse>().user, cookie: cookie!, password: registration.password }
}

export async function login(app: FastifyInstance, email: string, password: string, options: { remoteAddress?: string } = {}) {
  return app.inject({ method: 'POST', url: AUTH_PATHS.login, payload: { email, password }, ...options })
}

export async function me(app: FastifyInstance, cookie: string) {
  return app.inject({ url: AUTH_PATHS.me, cookies: { [SESSION_COOKIE]: cookie } })
}
