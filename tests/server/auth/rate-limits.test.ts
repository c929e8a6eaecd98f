import { describe, expect, it } from 'vitest'
import { AUTH_RATE_LIMITS } from '../../../src/server/routes/auth-routes'
import type { ApiError } from '../../../src/shared/api-error'
import { AUTH_PATHS } from '../../../src/shared/auth'
import { buildTestApp } from '../helpers/test-app'
import { TEST_DATABASES } from '../helpers/test-databases'
import { login, makeRegistration, registerUser } from './auth-helpers'

function expectRateLimited(response: Awaited<ReturnType<typeof login>>, maxSeconds: number): void {
  expect(response.statusCode).toBe(429)
  expect(response.json<ApiError>().error.code).toBe('rate_limited')
  const retryAfter = Number(response.headers['retry-after'])
  expect(Number.isInteger(retryAfter)).toBe(true)
  expect(retryAfter).toBeGreaterThan(0)
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds)
}

describe.each(TEST_DATABASES)('rate limits on $name', (testDatabase) => {
  async function setUp() {
    const clock = { now: Date.UTC(2026, 2, 1, 9, 0) }
    const testApp = await buildTestApp(testDatabase, { app: { now: () => clock.now } })
    return { ...testApp, clock }
  }

  it('limits logins per account, even with the right password, until the window ends', async () => {
    const { app, clock } = await setUp()
    const { user, password } = await registerUser(app)
    const { limit, windowMs } = AUTH_RATE_LIMITS.loginPerEmail
    for (let attempt = 1; attempt <= limit; attempt++) {
      const address = `10.0.0.${attempt}`
      expect((await login(app, user.email, 'raden-raden-raden', { remoteAddress: address })).statusCode).toBe(401)
    }
    const refused = await login(app, user.email.toUpperCase(), password, { remoteAddress: '10.0.1.1' })
    expectRateLimited(refused, windowMs / 1000)
    expect(refused.cookies).toEqual([])

    clock.now += 5 * 60 * 1000
    expectRateLimited(await login(app, user.email, password, { remoteAddress: '10.0.1.2' }), windowMs / 1000 - 5 * 60)
    clock.now += windowMs
    expect((await login(app, user.email, password, { remoteAddress: '10.0.1.3' })).statusCode).toBe(200)
  })

  it('limits logins per IP address across accounts', async () => {
    const { app } = await setUp()
    const { limit, windowMs } = AUTH_RATE_LIMITS.loginPerIp
    for (let attempt = 1; attempt <= limit; attempt++) {
      expect((await login(app, `onbekend${attempt}@example.nl`, 'raden-raden-raden', { remoteAddress: '10.0.0.7' })).statusCode).toBe(401)
    }
    expectRateLimited(await login(app, 'nog-een@example.nl', 'raden-raden-raden', { remoteAddress: '10.0.0.7' }), windowMs / 1000)
    expect((await login(app, 'nog-een@example.nl', 'raden-raden-raden', { remoteAddress: '10.0.0.8' })).statusCode).toBe(401)
  })

  it('limits registrations per IP address', async () => {
    const { app, database } = await setUp()
    const { limit, windowMs } = AUTH_RATE_LIMITS.registerPerIp
    for (let attempt = 1; attempt <= limit; attempt++) {
      const response = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload: makeRegistration({ password: 'kort' }), remoteAddress: '10.0.0.9' })
      expect(response.statusCode).toBe(400)
    }
    const refused = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload: makeRegistration(), remoteAddress: '10.0.0.9' })
    expectRateLimited(refused, windowMs / 1000)
    expect(await database.serverDb.db.selectFrom('users').selectAll().execute()).toEqual([])
  })
})
