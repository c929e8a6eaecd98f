// Rate limits the sweep adds to tests/server/auth/rate-limits.test.ts (login per IP and per account,
// register per IP) and tests/server/account/* (export, delete): sync push and password change per user,
// photo uploads and reads per user, and a per-IP limit that a made-up X-Forwarded-For cannot dodge.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import { AUTH_RATE_LIMITS } from '../../../src/server/routes/auth-routes'
import { AUTH_PATHS } from '../../../src/shared/auth'
import { photoPath } from '../../../src/shared/sync/note-photo'
import { pngBytes } from '../../factories/photo-factory'
import { login, registerUser } from '../auth/auth-helpers'
import { buildTestApp } from '../helpers/test-app'
import { TEST_DATABASES } from '../helpers/test-databases'
import { bookmarkSet, buildSyncTestApp, deviceOf, push, pushOk, signedInDevice, storedState } from '../sync/sync-helpers'
import { expectApiError } from './api-sweep'

const MINUTE_MS = 60_000

function expectLimited(response: Awaited<ReturnType<typeof login>>, maxSeconds: number): void {
  expectApiError(response, 429, 'rate_limited')
  const retryAfter = Number(response.headers['retry-after'])
  expect(retryAfter).toBeGreaterThan(0)
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds)
}

describe.each(TEST_DATABASES)('rate limits the sweep adds on $name', (testDatabase) => {
  it('limits pushes per user across all their devices, stores nothing of a refused push, and leaves other users alone', async () => {
    const clock = { now: Date.UTC(2026, 2, 1, 9, 0) }
    const { app, db } = await buildSyncTestApp(testDatabase, { app: { pushesPerMinute: 4, now: () => clock.now } })
    const phone = await signedInDevice(app)
    const laptop = deviceOf(phone.user)
    for (let id = 1; id <= 2; id++) {
      await pushOk(app, phone, [bookmarkSet(id, `verhaal-${id}`)])
      await pushOk(app, laptop, [bookmarkSet(id, `ander-${id}`)])
    }
    const before = await storedState(db, phone.user.user.id, phone.clientId)
    expectLimited(await push(app, phone, [bookmarkSet(3, 'verhaal-3')]), 60)
    expectLimited(await push(app, laptop, [bookmarkSet(3, 'ander-3')]), 60)
    expect(await storedState(db, phone.user.user.id, phone.clientId)).toEqual(before)
    await pushOk(app, await signedInDevice(app), [bookmarkSet(1, 'verhaal-1')])
    clock.now += MINUTE_MS
    expect((await pushOk(app, phone, [bookmarkSet(3, 'verhaal-3')])).lastMutationId).toBe(3)
  })

  it('limits password changes per user, across sessions, so that a stolen session cannot guess the password', async () => {
    const clock = { now: Date.UTC(2026, 2, 1, 9, 0) }
    const { app, database } = await buildTestApp(testDatabase, { app: { now: () => clock.now } })
    const { user, cookie, password } = await registerUser(app)
    const second = (await login(app, user.email, password)).cookies.find((c) => c.name === SESSION_COOKIE)!.value
    const { limit, windowMs } = AUTH_RATE_LIMITS.passwordChangePerUser
    const change = (sessionCookie: string, currentPassword: string) =>
      app.inject({ method: 'POST', url: AUTH_PATHS.password, payload: { currentPassword, newPassword: 'een-nieuw-lang-wachtwoord' }, cookies: { [SESSION_COOKIE]: sessionCookie } })
    for (let attempt = 1; attempt <= limit; attempt++) expect((await change(attempt % 2 ? cookie : second, `gok-nummer-${attempt}-x`)).statusCode).toBe(401)
    const hashBefore = await database.serverDb.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow()
    // Even the right password is refused now: the limit does not tell a right guess from a wrong one.
    expectLimited(await change(second, password), windowMs / 1000)
    expect(await database.serverDb.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow()).toEqual(hashBefore)
    clock.now += windowMs
    expect((await change(cookie, password)).statusCode).toBe(204)
  })

  it('limits photo uploads and reads per user, also for ids that are not theirs', async () => {
    const clock = { now: Date.UTC(2026, 2, 1, 9, 0) }
    const { app } = await buildSyncTestApp(testDatabase, { app: { now: () => clock.now } })
    const anna = await signedInDevice(app)
    const bram = await signedInDevice(app)
    const bytes = pngBytes(1)
    const cookies = { [SESSION_COOKIE]: anna.user.cookie }
    const upload = (cookie = cookies) => app.inject({ method: 'PUT', url: photoPath(randomUUID()), headers: { 'content-type': 'image/png' }, payload: bytes, cookies: cookie })
    const read = (cookie = cookies) => app.inject({ url: photoPath(randomUUID()), cookies: cookie })
    // 300 uploads and 1,200 reads in 10 minutes (photo-routes.ts): every try counts, found or not.
    for (let attempt = 1; attempt <= 300; attempt++) expect((await upload()).statusCode).toBe(404)
    expectLimited(await upload(), 600)
    for (let attempt = 1; attempt <= 1200; attempt++) expect((await read()).statusCode).toBe(404)
    expectLimited(await read(), 600)
    const bramCookies = { [SESSION_COOKIE]: bram.user.cookie }
    expect((await upload(bramCookies)).statusCode).toBe(404)
    expect((await read(bramCookies)).statusCode).toBe(404)
    clock.now += 10 * MINUTE_MS
    expect((await upload()).statusCode).toBe(404)
  })

  it('counts logins per IP by the connection’s address: a made-up X-Forwarded-For does not give a fresh count', async () => {
    const { app } = await buildTestApp(testDatabase)
    const { limit } = AUTH_RATE_LIMITS.loginPerIp
    const attempt = (n: number) =>
      app.inject({ method: 'POST', url: AUTH_PATHS.login, payload: { email: `onbekend${n}@example.nl`, password: 'raden-raden-raden' }, remoteAddress: '10.0.0.7', headers: { 'x-forwarded-for': `192.0.2.${n}` } })
    for (let n = 1; n <= limit; n++) expect((await attempt(n)).statusCode).toBe(401)
    expectApiError(await attempt(limit + 1), 429, 'rate_limited')
  })

  it('counts logins per client address behind a trusted proxy, and the proxy’s own address is not one shared bucket', async () => {
    const { app } = await buildTestApp(testDatabase, { app: { trustProxy: '127.0.0.1' } })
    const { limit } = AUTH_RATE_LIMITS.loginPerIp
    const attempt = (n: number, client: string) =>
      app.inject({ method: 'POST', url: AUTH_PATHS.login, payload: { email: `onbekend${n}@example.nl`, password: 'raden-raden-raden' }, headers: { 'x-forwarded-for': client } })
    for (let n = 1; n <= limit; n++) expect((await attempt(n, '198.51.100.1')).statusCode).toBe(401)
    expectApiError(await attempt(limit + 1, '198.51.100.1'), 429, 'rate_limited')
    expect((await attempt(limit + 2, '198.51.100.2')).statusCode).toBe(401)
  })
})
