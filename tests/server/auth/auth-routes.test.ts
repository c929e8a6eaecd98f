import { describe, expect, it, onTestFinished } from 'vitest'
import { buildApp } from '../../../src/server/app'
import { SESSION_ABSOLUTE_MS, SESSION_COOKIE, hashSessionToken } from '../../../src/server/auth/sessions'
import type { ApiError } from '../../../src/shared/api-error'
import { AUTH_PATHS, type AuthUserResponse } from '../../../src/shared/auth'
import { buildTestApp, TEST_PASSWORD_COST } from '../helpers/test-app'
import { TEST_DATABASES } from '../helpers/test-databases'
import { GOOD_PASSWORD, login, makeRegistration, me, registerUser, sessionCookieOf } from './auth-helpers'

describe.each(TEST_DATABASES)('accounts API on $name', (testDatabase) => {
  const usersIn = (db: Awaited<ReturnType<typeof buildTestApp>>['database']) => db.serverDb.db.selectFrom('users').selectAll().execute()
  const sessionsIn = (db: Awaited<ReturnType<typeof buildTestApp>>['database']) => db.serverDb.db.selectFrom('sessions').selectAll().execute()

  describe('register, me, logout, login', () => {
    it('registers, answers who is signed in, signs out and signs in again', async () => {
      const { app } = await buildTestApp(testDatabase)
      const registered = await app.inject({
        method: 'POST',
        url: AUTH_PATHS.register,
        payload: { email: '  Anna.de.Vries@Example.NL ', displayName: ' Anna ', password: GOOD_PASSWORD },
      })
      expect(registered.statusCode).toBe(201)
      const { user } = registered.json<AuthUserResponse>()
      expect(user).toEqual({ id: expect.any(String), email: 'anna.de.vries@example.nl', displayName: 'Anna' })
      expect(registered.headers['cache-control']).toBe('no-store')
      const cookie = sessionCookieOf(registered)!

      const whoAmI = await me(app, cookie)
      expect(whoAmI.statusCode).toBe(200)
      expect(whoAmI.json()).toEqual({ user })

      const loggedOut = await app.inject({ method: 'POST', url: AUTH_PATHS.logout, cookies: { [SESSION_COOKIE]: cookie } })
      expect(loggedOut.statusCode).toBe(204)
      const cleared = loggedOut.cookies.find((c) => c.name === SESSION_COOKIE)
      expect(cleared?.value).toBe('')
      expect(cleared?.expires?.getTime()).toBeLessThan(Date.now())

      const loggedIn = await login(app, 'ANNA.DE.VRIES@example.nl', GOOD_PASSWORD)
      expect(loggedIn.statusCode).toBe(200)
      expect(loggedIn.json()).toEqual({ user })
      const newCookie = sessionCookieOf(loggedIn)!
      expect(newCookie).not.toBe(cookie)
      expect((await me(app, newCookie)).statusCode).toBe(200)
    })

    it('answers 401 not_signed_in to me without a session, or with a made-up token', async () => {
      const { app } = await buildTestApp(testDatabase)
      const cookieSets: Record<string, string>[] = [{}, { [SESSION_COOKIE]: 'x'.repeat(43) }, { [SESSION_COOKIE]: 'not a token' }]
      for (const cookies of cookieSets) {
        const response = await app.inject({ url: AUTH_PATHS.me, cookies })
        expect(response.statusCode).toBe(401)
        expect(response.json<ApiError>().error.code).toBe('not_signed_in')
      }
    })

    it('sets the session cookie HttpOnly, SameSite=Strict, Path=/, for 180 days, and not Secure over http', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload: makeRegistration() })
      const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', maxAge: SESSION_ABSOLUTE_MS / 1000 })
      expect(cookie?.secure).toBeFalsy()
      expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/)
    })

    it('sets the cookie Secure when a trusted proxy says the request came over https', async () => {
      // inject() connects from 127.0.0.1: the proxy's address, as a deployment would name it.
      const { app } = await buildTestApp(testDatabase, { app: { trustProxy: '127.0.0.1' } })
      const response = await app.inject({
        method: 'POST',
        url: AUTH_PATHS.register,
        payload: makeRegistration(),
        headers: { 'x-forwarded-proto': 'https', host: 'slimmernetwerk.test', origin: 'https://slimmernetwerk.test' },
      })
      expect(response.statusCode).toBe(201)
      expect(response.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' })
    })

    it('ignores X-Forwarded-Proto when the proxy is not trusted', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload: makeRegistration(), headers: { 'x-forwarded-proto': 'https' } })
      expect(response.statusCode).toBe(201)
      expect(response.cookies.find((c) => c.name === SESSION_COOKIE)?.secure).toBeFalsy()
    })

    it('stores only the SHA-256 of the session token', async () => {
      const { app, database } = await buildTestApp(testDatabase)
      const { cookie } = await registerUser(app)
      const sessions = await sessionsIn(database)
      expect(sessions).toHaveLength(1)
      for (const row of sessions) expect(Object.values(row).map(String)).not.toContain(cookie)
      expect(sessions[0]!.token_hash).toBe(hashSessionToken(cookie))
    })

    it('signs out for good: the old cookie no longer works and its row is gone', async () => {
      const { app, database } = await buildTestApp(testDatabase)
      const { cookie } = await registerUser(app)
      await app.inject({ method: 'POST', url: AUTH_PATHS.logout, cookies: { [SESSION_COOKIE]: cookie } })
      expect(await sessionsIn(database)).toEqual([])
      const response = await me(app, cookie)
      expect(response.statusCode).toBe(401)
      expect(response.json<ApiError>().error.code).toBe('not_signed_in')
    })

    it('answers 204 to logout without a session', async () => {
      const { app } = await buildTestApp(testDatabase)
      expect((await app.inject({ method: 'POST', url: AUTH_PATHS.logout })).statusCode).toBe(204)
    })

    it('replaces the session a browser had when it signs in again', async () => {
      const { app, database } = await buildTestApp(testDatabase)
      const { user, cookie, password } = await registerUser(app)
      const response = await app.inject({
        method: 'POST',
        url: AUTH_PATHS.login,
        payload: { email: user.email, password },
        cookies: { [SESSION_COOKIE]: cookie },
      })
      expect(response.statusCode).toBe(200)
      expect((await me(app, cookie)).statusCode).toBe(401)
      expect(await sessionsIn(database)).toHaveLength(1)
    })
  })

  describe('refusals', () => {
    it('gives the same 401 for a wrong password and for an unknown email address', async () => {
      const { app } = await buildTestApp(testDatabase)
      const { user } = await registerUser(app)
      const wrongPassword = await login(app, user.email, 'niet-het-goede-wachtwoord')
      const unknownEmail = await login(app, 'niemand@example.nl', GOOD_PASSWORD)
      expect(wrongPassword.statusCode).toBe(401)
      expect(unknownEmail.statusCode).toBe(401)
      expect(wrongPassword.json<ApiError>().error.code).toBe('wrong_credentials')
      expect(unknownEmail.body).toBe(wrongPassword.body)
      expect(sessionCookieOf(wrongPassword)).toBeUndefined()
      expect(sessionCookieOf(unknownEmail)).toBeUndefined()
    })

    it('answers 409 email_in_use for an address that has an account, whatever its case', async () => {
      const { app, database } = await buildTestApp(testDatabase)
      await registerUser(app, { email: 'bas@example.nl' })
      const response = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload: makeRegistration({ email: ' BAS@example.nl' }) })
      expect(response.statusCode).toBe(409)
      expect(response.json<ApiError>().error.code).toBe('email_in_use')
      expect(sessionCookieOf(response)).toBeUndefined()
      expect(await usersIn(database)).toHaveLength(1)
    })

    it.each(['kort12345', 'wachtwoord1', 'Welkom1234', '1234567890', 'aaaaaaaaaaaa'])('answers 400 weak_password to "%s"', async (password) => {
      const { app, database } = await buildTestApp(testDatabase)
      const response = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload: makeRegistration({ password }) })
      expect(response.statusCode).toBe(400)
      expect(response.json<ApiError>().error.code).toBe('weak_password')
      expect(await usersIn(database)).toEqual([])
    })

    it.each(['geen-apenstaartje.nl', 'twee@@example.nl', 'spatie in@example.nl', 'zonder@punt'])('answers 400 invalid_email to "%s"', async (email) => {
      const { app, database } = await buildTestApp(testDatabase)
      const response = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload: makeRegistration({ email }) })
      expect(response.statusCode).toBe(400)
      expect(response.json<ApiError>().error.code).toBe('invalid_email')
      expect(await usersIn(database)).toEqual([])
    })

    const badRegistrations: [string, object][] = [
      ['an unknown field', { ...makeRegistration(), isAdmin: true }],
      ['a number for a string', { ...makeRegistration(), displayName: 42 }],
      ['a missing field', { email: 'c@example.nl', password: GOOD_PASSWORD }],
      ['an empty display name', makeRegistration({ displayName: '' })],
      ['a display name of spaces', makeRegistration({ displayName: '   ' })],
      ['a display name of 81 characters', makeRegistration({ displayName: 'a'.repeat(81) })],
      ['a display name with a line break', makeRegistration({ displayName: 'Anna\nBeheerder' })],
      ['a password of 1025 characters', makeRegistration({ password: 'a1'.repeat(513).slice(0, 1025) })],
    ]
    it.each(badRegistrations)('answers 400 invalid_request to a registration with %s, and creates no user', async (_name, payload) => {
      const { app, database } = await buildTestApp(testDatabase)
      const response = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload })
      expect(response.statusCode).toBe(400)
      expect(response.json<ApiError>().error.code).toBe('invalid_request')
      expect(await usersIn(database)).toEqual([])
    })

    it('accepts a display name of 80 characters, accents and emoji included', async () => {
      const { app } = await buildTestApp(testDatabase)
      const displayName = `Zoë 🌷 ${'x'.repeat(74)}`
      expect([...displayName]).toHaveLength(80)
      const { user } = await registerUser(app, { displayName })
      expect(user.displayName).toBe(displayName)
    })

    it('answers 413 to a body larger than any valid one', async () => {
      const { app, database } = await buildTestApp(testDatabase)
      const response = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload: makeRegistration({ displayName: 'a'.repeat(20_000) }) })
      expect(response.statusCode).toBe(413)
      expect(await usersIn(database)).toEqual([])
    })

    it('answers 400 to a login with an unknown field or a wrong type', async () => {
      const { app } = await buildTestApp(testDatabase)
      for (const payload of [{ email: 'a@example.nl', password: GOOD_PASSWORD, remember: true }, { email: 'a@example.nl', password: 1234567890 }]) {
        const response = await app.inject({ method: 'POST', url: AUTH_PATHS.login, payload })
        expect(response.statusCode).toBe(400)
        expect(response.json<ApiError>().error.code).toBe('invalid_request')
      }
    })
  })

  describe('POST /api/v1/auth/password', () => {
    it('changes the password and signs out every other session, keeping this one', async () => {
      const { app, database } = await buildTestApp(testDatabase)
      const { user, cookie: laptop, password } = await registerUser(app)
      const phone = sessionCookieOf(await login(app, user.email, password))!
      const tablet = sessionCookieOf(await login(app, user.email, password))!

      const response = await app.inject({
        method: 'POST',
        url: AUTH_PATHS.password,
        payload: { currentPassword: password, newPassword: 'een-heel-nieuw-wachtwoord' },
        cookies: { [SESSION_COOKIE]: phone },
      })
      expect(response.statusCode).toBe(204)
      expect((await me(app, phone)).statusCode).toBe(200)
      expect((await me(app, laptop)).statusCode).toBe(401)
      expect((await me(app, tablet)).statusCode).toBe(401)
      expect(await sessionsIn(database)).toHaveLength(1)

      expect((await login(app, user.email, password)).statusCode).toBe(401)
      expect((await login(app, user.email, 'een-heel-nieuw-wachtwoord')).statusCode).toBe(200)
    })

    it('answers 401 wrong_credentials to a wrong current password, and changes nothing', async () => {
      const { app } = await buildTestApp(testDatabase)
      const { user, cookie, password } = await registerUser(app)
      const other = sessionCookieOf(await login(app, user.email, password))!
      const response = await app.inject({
        method: 'POST',
        url: AUTH_PATHS.password,
        payload: { currentPassword: 'niet-het-huidige', newPassword: 'een-heel-nieuw-wachtwoord' },
        cookies: { [SESSION_COOKIE]: cookie },
      })
      expect(response.statusCode).toBe(401)
      expect(response.json<ApiError>().error.code).toBe('wrong_credentials')
      expect((await me(app, cookie)).statusCode).toBe(200)
      expect((await me(app, other)).statusCode).toBe(200)
      expect((await login(app, user.email, password)).statusCode).toBe(200)
    })

    it('answers 400 weak_password to a weak new password', async () => {
      const { app } = await buildTestApp(testDatabase)
      const { cookie, password } = await registerUser(app)
      const response = await app.inject({
        method: 'POST',
        url: AUTH_PATHS.password,
        payload: { currentPassword: password, newPassword: 'qwertyuiop' },
        cookies: { [SESSION_COOKIE]: cookie },
      })
      expect(response.statusCode).toBe(400)
      expect(response.json<ApiError>().error.code).toBe('weak_password')
    })

    it('answers 401 not_signed_in without a session', async () => {
      const { app } = await buildTestApp(testDatabase)
      const response = await app.inject({
        method: 'POST',
        url: AUTH_PATHS.password,
        payload: { currentPassword: GOOD_PASSWORD, newPassword: 'een-heel-nieuw-wachtwoord' },
      })
      expect(response.statusCode).toBe(401)
      expect(response.json<ApiError>().error.code).toBe('not_signed_in')
    })
  })

  describe('password hashes', () => {
    it('hashes with scrypt N=2^17, r=8, p=1 by default, and verifies a hash made at another cost', async () => {
      // The test app hashes at a cheap cost; a second app on the same database has the default.
      const { app: cheapApp, database, distDir, contentDir } = await buildTestApp(testDatabase)
      const { user, password } = await registerUser(cheapApp)
      const [stored] = await usersIn(database)
      expect(stored!.password_hash.startsWith(`scrypt$${TEST_PASSWORD_COST.N}$8$1$`)).toBe(true)

      const app = await buildApp({ serverDb: database.serverDb, distDir, contentDir })
      onTestFinished(() => app.close())
      const loggedIn = await login(app, user.email, password)
      expect(loggedIn.statusCode).toBe(200)
      // Verified with its own parameters, then rehashed with the current ones.
      const [rehashed] = await usersIn(database)
      expect(rehashed!.password_hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
      expect((await login(app, user.email, password)).statusCode).toBe(200)

      await registerUser(app)
      for (const row of await usersIn(database)) expect(row.password_hash.startsWith('scrypt$131072$8$1$')).toBe(true)
    })
  })
})
