import { describe, expect, it } from 'vitest'
import type { ApiError } from '../../../src/shared/api-error'
import { AUTH_PATHS } from '../../../src/shared/auth'
import { buildTestApp } from '../helpers/test-app'
import { TEST_DATABASES } from '../helpers/test-databases'
import { makeRegistration, registerUser } from './auth-helpers'

const HOST = 'slimmernetwerk.test'

describe.each(TEST_DATABASES)('origin check of state-changing API requests on $name', (testDatabase) => {
  const usersIn = (database: Awaited<ReturnType<typeof buildTestApp>>['database']) => database.serverDb.db.selectFrom('users').selectAll().execute()

  it('lets a request from the own origin through, or one without Origin', async () => {
    const { app } = await buildTestApp(testDatabase)
    const withOrigin = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload: makeRegistration(), headers: { host: HOST, origin: `http://${HOST}` } })
    expect(withOrigin.statusCode).toBe(201)
    const withDefaultPort = await app.inject({
      method: 'POST',
      url: AUTH_PATHS.register,
      payload: makeRegistration(),
      headers: { host: `${HOST}:80`, origin: `http://${HOST.toUpperCase()}`, 'sec-fetch-site': 'same-origin' },
    })
    expect(withDefaultPort.statusCode).toBe(201)
    const withoutOrigin = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload: makeRegistration(), headers: { host: HOST } })
    expect(withoutOrigin.statusCode).toBe(201)
  })

  it.each([
    ['another site', 'https://kwaadaardig.example'],
    ['another port', `http://${HOST}:8080`],
    ['https where the request came over http', `https://${HOST}`],
    ['a subdomain', `http://evil.${HOST}`],
    ['"null" (a sandboxed frame)', 'null'],
    ['nonsense', 'not a url'],
  ])('answers 403 bad_origin to an Origin of %s, and stores nothing', async (_name, origin) => {
    const { app, database } = await buildTestApp(testDatabase)
    const response = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload: makeRegistration(), headers: { host: HOST, origin } })
    expect(response.statusCode).toBe(403)
    expect(response.json<ApiError>().error.code).toBe('bad_origin')
    expect(response.cookies).toEqual([])
    expect(await usersIn(database)).toEqual([])
  })

  it('answers 403 bad_origin to Sec-Fetch-Site: cross-site', async () => {
    const { app, database } = await buildTestApp(testDatabase)
    const response = await app.inject({ method: 'POST', url: AUTH_PATHS.register, payload: makeRegistration(), headers: { 'sec-fetch-site': 'cross-site' } })
    expect(response.statusCode).toBe(403)
    expect(response.json<ApiError>().error.code).toBe('bad_origin')
    expect(await usersIn(database)).toEqual([])
  })

  it('does not let a cross-site page sign a user out', async () => {
    const { app } = await buildTestApp(testDatabase)
    const { cookie } = await registerUser(app)
    const response = await app.inject({
      method: 'POST',
      url: AUTH_PATHS.logout,
      cookies: { snw_session: cookie },
      headers: { host: HOST, origin: 'https://kwaadaardig.example' },
    })
    expect(response.statusCode).toBe(403)
    expect((await app.inject({ url: AUTH_PATHS.me, cookies: { snw_session: cookie } })).statusCode).toBe(200)
  })

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'answers 415 unsupported_media_type to a %s body, and stores nothing',
    async (contentType) => {
      const { app, database } = await buildTestApp(testDatabase)
      const response = await app.inject({
        method: 'POST',
        url: AUTH_PATHS.register,
        payload: JSON.stringify(makeRegistration()),
        headers: { 'content-type': contentType },
      })
      expect(response.statusCode).toBe(415)
      expect(response.json<ApiError>().error.code).toBe('unsupported_media_type')
      expect(await usersIn(database)).toEqual([])
    },
  )

  it('accepts application/json with a charset', async () => {
    const { app } = await buildTestApp(testDatabase)
    const response = await app.inject({
      method: 'POST',
      url: AUTH_PATHS.register,
      payload: JSON.stringify(makeRegistration()),
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    })
    expect(response.statusCode).toBe(201)
  })

  it('checks a route reached through a percent-encoded path too', async () => {
    const { app, database } = await buildTestApp(testDatabase)
    const response = await app.inject({
      method: 'POST',
      url: '/%61pi/v1/auth/register',
      payload: makeRegistration(),
      headers: { host: HOST, origin: 'https://kwaadaardig.example' },
    })
    expect(response.statusCode).toBe(403)
    expect(await usersIn(database)).toEqual([])
  })

  it('leaves reads alone', async () => {
    const { app } = await buildTestApp(testDatabase)
    const response = await app.inject({ url: '/api/v1/health', headers: { origin: 'https://kwaadaardig.example', 'sec-fetch-site': 'cross-site' } })
    expect(response.statusCode).toBe(200)
  })
})
