// Password and session rules the sweep adds to what tests/server/auth/* prove (token stored hashed,
// idle and absolute expiry, logout, password change and account delete signing out the other sessions):
// no plain password anywhere in the database, the cookie's flags on every Set-Cookie, an ended session
// that nothing revives, and an open event stream that ends with its session.
import type { InjectOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { SESSION_COOKIE, SESSION_IDLE_MS } from '../../../src/server/auth/sessions'
import { ACCOUNT_PATHS } from '../../../src/shared/account-export'
import { AUTH_PATHS } from '../../../src/shared/auth'
import { login, makeRegistration, sessionCookieOf } from '../auth/auth-helpers'
import { buildTestApp } from '../helpers/test-app'
import { TEST_DATABASES } from '../helpers/test-databases'
import { bookmarkSet, deviceOf, pushOk } from '../sync/sync-helpers'
import { databaseDump, expectApiError, HOST } from './api-sweep'
import { listen, openStream } from '../sync/event-stream'

const PASSWORDS = { first: 'mijn-eerste-geheime-zin', wrong: 'een-verkeerde-gok-hier', second: 'mijn-tweede-geheime-zin', third: 'nooit-gezet-wachtwoord' }

function jsonRequest(method: 'POST' | 'DELETE', url: string, payload: unknown, cookie?: string, headers: Record<string, string> = {}): InjectOptions {
  const cookies: Record<string, string> = cookie ? { [SESSION_COOKIE]: cookie } : {}
  return { method, url, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json', host: HOST, ...headers }, cookies }
}

describe.each(TEST_DATABASES)('password and session rules on $name', (testDatabase) => {
  it('keeps no password in plain text anywhere in the database: only salted scrypt hashes', async () => {
    const { app, database } = await buildTestApp(testDatabase)
    const registration = makeRegistration({ password: PASSWORDS.first })
    const registered = await app.inject(jsonRequest('POST', AUTH_PATHS.register, registration))
    const cookie = sessionCookieOf(registered)!
    await app.inject(jsonRequest('POST', AUTH_PATHS.register, makeRegistration({ password: PASSWORDS.first })))
    expect((await login(app, registration.email, PASSWORDS.wrong)).statusCode).toBe(401)
    expect((await app.inject(jsonRequest('POST', AUTH_PATHS.password, { currentPassword: PASSWORDS.wrong, newPassword: PASSWORDS.third }, cookie))).statusCode).toBe(401)
    expect((await app.inject(jsonRequest('POST', AUTH_PATHS.password, { currentPassword: PASSWORDS.first, newPassword: PASSWORDS.second }, cookie))).statusCode).toBe(204)
    expect((await app.inject(jsonRequest('DELETE', ACCOUNT_PATHS.account, { password: PASSWORDS.wrong }, cookie))).statusCode).toBe(401)

    const dump = JSON.stringify(await databaseDump(database.serverDb))
    for (const password of Object.values(PASSWORDS)) {
      for (const form of [password, Buffer.from(password).toString('base64'), Buffer.from(password).toString('hex')]) expect(dump).not.toContain(form)
    }
    const hashes = (await database.serverDb.db.selectFrom('users').select('password_hash').execute()).map((row) => row.password_hash)
    expect(hashes).toHaveLength(2)
    for (const hash of hashes) expect(hash).toMatch(/^scrypt\$\d+\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/)
    // The same password, another salt.
    expect(new Set(hashes.map((hash) => hash.split('$')[4])).size).toBe(2)
  })

  it.each([
    ['over http', {}, {}],
    ['over https behind a trusted proxy', { trustProxy: '127.0.0.1' }, { 'x-forwarded-proto': 'https' }],
  ] as const)('sets every session cookie, and clears it, HttpOnly, SameSite=Strict and Path=/ (Secure %s when on https)', async (_name, appOptions, headers) => {
    const { app } = await buildTestApp(testDatabase, { app: appOptions })
    const isHttps = 'x-forwarded-proto' in headers
    const setCookies: string[] = []
    const collect = (response: Awaited<ReturnType<typeof app.inject>>) => {
      const header = response.headers['set-cookie']
      setCookies.push(...(header === undefined ? [] : Array.isArray(header) ? header : [header]))
      return response
    }
    const registration = makeRegistration()
    const first = sessionCookieOf(collect(await app.inject(jsonRequest('POST', AUTH_PATHS.register, registration, undefined, headers))))!
    const second = sessionCookieOf(collect(await app.inject(jsonRequest('POST', AUTH_PATHS.login, { email: registration.email, password: registration.password }, first, headers))))!
    collect(await app.inject(jsonRequest('POST', AUTH_PATHS.logout, {}, second, headers)))
    const third = sessionCookieOf(collect(await app.inject(jsonRequest('POST', AUTH_PATHS.login, { email: registration.email, password: registration.password }, undefined, headers))))!
    collect(await app.inject(jsonRequest('POST', AUTH_PATHS.password, { currentPassword: registration.password, newPassword: 'een-nieuw-lang-wachtwoord' }, third, headers)))
    collect(await app.inject(jsonRequest('DELETE', ACCOUNT_PATHS.account, { password: 'een-nieuw-lang-wachtwoord' }, third, headers)))

    // Two sign-ins and a register set it; logout and delete clear it.
    expect(setCookies.length).toBeGreaterThanOrEqual(5)
    for (const header of setCookies) {
      const attributes = header.split(';').map((part) => part.trim().toLowerCase())
      expect(attributes[0], header).toMatch(new RegExp(`^${SESSION_COOKIE}=`))
      expect(attributes, header).toContain('httponly')
      expect(attributes, header).toContain('samesite=strict')
      expect(attributes, header).toContain('path=/')
      expect(attributes.includes('secure'), header).toBe(isHttps)
      expect(attributes.some((part) => part.startsWith('domain=')), header).toBe(false)
    }
  })

  it('keeps an ended session ended: no request revives it, sets a new cookie, or finds it when the clock goes back', async () => {
    const clock = { now: Date.UTC(2026, 2, 1, 9, 0) }
    const { app } = await buildTestApp(testDatabase, { app: { now: () => clock.now } })
    const registration = makeRegistration()
    const cookie = sessionCookieOf(await app.inject(jsonRequest('POST', AUTH_PATHS.register, registration)))!
    const signedInAt = clock.now
    clock.now += SESSION_IDLE_MS
    const tries = () => [
      app.inject({ url: AUTH_PATHS.me, cookies: { [SESSION_COOKIE]: cookie } }),
      app.inject({ url: ACCOUNT_PATHS.export, cookies: { [SESSION_COOKIE]: cookie } }),
      app.inject(jsonRequest('POST', AUTH_PATHS.password, { currentPassword: registration.password, newPassword: 'een-nieuw-lang-wachtwoord' }, cookie)),
      app.inject(jsonRequest('POST', '/api/v1/sync/pull', { clientId: '4b0a3c1e-2d5f-4c6a-9b7e-8f1d2c3b4a5e', schemaVersion: 3, cookie: null }, cookie)),
    ]
    for (const response of await Promise.all(tries())) {
      expectApiError(response, 401, 'not_signed_in')
      expect(response.headers['set-cookie']).toBeUndefined()
    }
    // The same user signing in elsewhere does not bring the old session back.
    expect((await login(app, registration.email, registration.password)).statusCode).toBe(200)
    clock.now = signedInAt + 60_000
    for (const response of await Promise.all(tries())) expectApiError(response, 401, 'not_signed_in')
  })

  describe('an open event stream ends with its session', () => {
    async function twoBrowsers() {
      const testApp = await buildTestApp(testDatabase)
      const { app } = testApp
      const registration = makeRegistration()
      const phoneCookie = sessionCookieOf(await app.inject(jsonRequest('POST', AUTH_PATHS.register, registration)))!
      const laptopCookie = sessionCookieOf(await login(app, registration.email, registration.password))!
      const user = { user: { id: '', email: registration.email, displayName: registration.displayName }, password: registration.password }
      const phone = deviceOf({ ...user, cookie: phoneCookie })
      const laptop = deviceOf({ ...user, cookie: laptopCookie })
      const baseUrl = await listen(app)
      const onLaptop = await openStream(baseUrl, laptop.clientId, laptopCookie)
      await onLaptop.waitFor('the retry line', (text) => text.startsWith('retry: '))
      await pushOk(app, phone, [bookmarkSet(1, 'verhaal-a')])
      await onLaptop.waitFor('a first poke while signed in', () => onLaptop.pokes() === 1)
      return { ...testApp, registration, phone, laptop, onLaptop }
    }

    it.each([
      ['the laptop signs out', 'logout'],
      ['the phone changes the password (which signs the laptop out)', 'password'],
    ] as const)('when %s, the laptop’s stream gets no more pokes and is ended', async (_name, how) => {
      const { app, registration, phone, laptop, onLaptop } = await twoBrowsers()
      const response =
        how === 'logout'
          ? await app.inject(jsonRequest('POST', AUTH_PATHS.logout, {}, laptop.user.cookie))
          : await app.inject(jsonRequest('POST', AUTH_PATHS.password, { currentPassword: registration.password, newPassword: 'een-nieuw-lang-wachtwoord' }, phone.user.cookie))
      expect(response.statusCode).toBe(204)
      expect((await app.inject({ url: AUTH_PATHS.me, cookies: { [SESSION_COOKIE]: laptop.user.cookie } })).statusCode).toBe(401)
      await pushOk(app, phone, [bookmarkSet(2, 'verhaal-b')])
      await onLaptop.ended()
      expect(onLaptop.pokes()).toBe(1)
    })
  })
})
