import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { registerAuth } from '../../../src/server/auth/auth-plugin'
import { requireUser } from '../../../src/server/auth/require-user'
import { SESSION_COOKIE, startSession } from '../../../src/server/auth/sessions'
import { registerErrorHandlers } from '../../../src/server/routes/errors'
import { insertUser } from '../../../src/server/repositories/user-repository'
import { TEST_DATABASES } from '../helpers/test-databases'

describe.each(TEST_DATABASES)('requireUser on $name', (testDatabase) => {
  it('gives a route the signed-in user id, and 401 not_signed_in without a session', async () => {
    const { serverDb } = await testDatabase.create()
    const app = Fastify()
    registerErrorHandlers(app)
    await registerAuth(app, { serverDb })
    let lookups = 0
    app.get('/api/v1/whoami', async (request) => {
      const userId = await requireUser(request)
      lookups += 1
      // A second call in the same request is answered from the first.
      expect(await requireUser(request)).toBe(userId)
      return { userId }
    })
    onTestFinished(() => app.close())

    await insertUser(serverDb, { id: 'user-1', email: 'a@example.nl', displayName: 'A', passwordHash: 'x', createdAt: 0, passwordChangedAt: 0 })
    const token = await startSession(app.authContext, 'user-1')

    const signedIn = await app.inject({ url: '/api/v1/whoami', cookies: { [SESSION_COOKIE]: token } })
    expect(signedIn.json()).toEqual({ userId: 'user-1' })
    const anonymous = await app.inject({ url: '/api/v1/whoami' })
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json()).toEqual({ error: { code: 'not_signed_in', message: expect.any(String) } })
    expect(lookups).toBe(1)
  })
})
