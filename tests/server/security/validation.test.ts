// Bad input on every route: unknown fields, wrong types, malformed or oversize JSON, other body types,
// bad query and path parameters. Each is a 4xx in the API's one error shape (JSON code and message, no
// stack, no HTML), never a 500, and stores nothing. The valid request of each route is taken afterwards.
import { describe, expect, it } from 'vitest'
import { PHOTO_MAX_BYTES } from '../../../src/shared/sync/note-photo'
import { TEST_DATABASES } from '../helpers/test-databases'
import { databaseDump, expectApiError, JSON_ROUTES, routeName, send, type SendOptions, SWEPT_ROUTES, sweepFixture, type SweepFixture, type SweptRoute } from './api-sweep'

type BadInput = [name: string, options: (fixture: SweepFixture) => SendOptions, status: number, code?: string]

const json = (payload: string): SendOptions => ({ raw: { payload, contentType: 'application/json' } })

function badBodies(route: SweptRoute): BadInput[] {
  const valid = (fixture: SweepFixture) => route.valid!(fixture).payload as Record<string, unknown>
  return [
    ['an unknown field', (f) => json(JSON.stringify({ ...valid(f), isAdmin: true })), 400, 'invalid_request'],
    ['a field of the wrong type', (f) => json(JSON.stringify(route.wrongType!(f))), 400, 'invalid_request'],
    ['an array instead of an object', (f) => json(JSON.stringify([valid(f)])), 400, 'invalid_request'],
    ['a string instead of an object', () => json('"hallo"'), 400, 'invalid_request'],
    ['null', () => json('null'), 400],
    ['a __proto__ key', (f) => json(`{"__proto__":{"isAdmin":true},${JSON.stringify(valid(f)).slice(1)}`), 400],
    ['a constructor.prototype key', (f) => json(`{"constructor":{"prototype":{"isAdmin":true}},${JSON.stringify(valid(f)).slice(1)}`), 400],
    ['malformed JSON', (f) => json(JSON.stringify(valid(f)).slice(0, -1)), 400],
    ['an empty JSON body', () => json(''), 400],
    ['a body one byte over the limit', () => json(JSON.stringify({ x: 'x'.repeat(route.bodyLimit! - 8 + 1) })), 413],
    ['an XML body', () => ({ raw: { payload: '<password>x</password>', contentType: 'application/xml' } }), 415, 'unsupported_media_type'],
    ['a body without a Content-Type', (f) => ({ raw: { payload: JSON.stringify(valid(f)), contentType: '' } }), 415, 'unsupported_media_type'],
  ]
}

describe.each(TEST_DATABASES)('input validation on every route on $name', (testDatabase) => {
  it.each(JSON_ROUTES.map((route) => [routeName(route), route] as const))('%s refuses every malformed body with a JSON 4xx, and stores nothing', async (_name, route) => {
    const fixture = await sweepFixture(testDatabase)
    const request = route.valid!(fixture)
    const before = await databaseDump(fixture.database.serverDb)
    for (const [name, options, status, code] of badBodies(route)) {
      const response = await send(fixture, route, request, options(fixture))
      expect(response.statusCode, `${name}: ${response.body}`).toBe(status)
      expectApiError(response, status, code)
      expect(await databaseDump(fixture.database.serverDb), name).toEqual(before)
    }
    const taken = await send(fixture, route, request)
    expect(taken.statusCode, taken.body).toBeLessThan(300)
  })

  it.each(SWEPT_ROUTES.filter((route) => route.badQuery).map((route) => [routeName(route), route] as const))(
    '%s refuses query and path parameters its schema does not take with 400',
    async (_name, route) => {
      const fixture = await sweepFixture(testDatabase)
      const before = await databaseDump(fixture.database.serverDb)
      for (const url of route.badQuery!(fixture)) {
        const payload = route.body === 'image' ? fixture.pending.bytes : undefined
        expectApiError(await send(fixture, route, { url, payload }), 400)
      }
      expect(await databaseDump(fixture.database.serverDb)).toEqual(before)
    },
  )

  it('refuses a photo upload of another type, empty, or one byte over the limit, with the photo’s own reasons', async () => {
    const fixture = await sweepFixture(testDatabase)
    const route = SWEPT_ROUTES.find((r) => r.method === 'PUT')!
    const request = route.valid!(fixture)
    const before = await databaseDump(fixture.database.serverDb)
    expectApiError(await send(fixture, route, request, { raw: { payload: fixture.pending.bytes, contentType: 'image/svg+xml' } }), 415, 'unsupported_media_type')
    expectApiError(await send(fixture, route, request, { raw: { payload: fixture.pending.bytes, contentType: 'application/json' } }), 400)
    expectApiError(await send(fixture, route, request, { raw: { payload: Buffer.alloc(0), contentType: 'image/png' } }), 400, 'photo_missing')
    expectApiError(await send(fixture, route, request, { raw: { payload: Buffer.alloc(PHOTO_MAX_BYTES + 1), contentType: 'image/png' } }), 413, 'photo_too_large')
    expect(await databaseDump(fixture.database.serverDb)).toEqual(before)
  })

  it('answers every route without a session with 401 not_signed_in, and a wrong method or unknown path with a JSON 404, also to a browser', async () => {
    const fixture = await sweepFixture(testDatabase)
    for (const route of SWEPT_ROUTES.filter((r) => r.needsSession && r.valid)) {
      expectApiError(await send(fixture, route, route.valid!(fixture), { sessionCookie: null }), 401, 'not_signed_in')
    }
    for (const [method, url] of [
      ['DELETE', '/api/v1/sync/push'],
      ['PUT', '/api/v1/auth/login'],
      ['POST', '/api/v1/account/export'],
      ['GET', '/api/v1/admin'],
      ['GET', '/api/v2/content'],
    ] as const) {
      const response = await fixture.app.inject({ method, url, headers: { accept: 'text/html', 'content-type': 'application/json' }, payload: '{}' })
      expectApiError(response, 404, 'not_found')
    }
  })
})
