// CSRF: a page on another site, with the victim's session cookie, can change nothing through any
// state-changing API route (auth/origin-check.ts). Each attack is refused before the route runs, and
// the whole database is the same afterwards; the same request from the app's own origin goes through.
import { describe, expect, it } from 'vitest'
import { TEST_DATABASES } from '../helpers/test-databases'
import { databaseDump, EVIL_ORIGIN, expectApiError, OWN_ORIGIN, routeName, send, STATE_CHANGING_ROUTES, sweepFixture, type SendOptions } from './api-sweep'

const CROSS_SITE = { origin: EVIL_ORIGIN, 'sec-fetch-site': 'cross-site' }

/** [name, how the request is sent, status, code]. The body is the route's valid one unless `raw` says otherwise. */
const ATTACKS: [string, SendOptions, number, string][] = [
  ['a fetch from another origin', { headers: { origin: EVIL_ORIGIN } }, 403, 'bad_origin'],
  ['a request marked Sec-Fetch-Site: cross-site (no Origin)', { headers: { 'sec-fetch-site': 'cross-site' } }, 403, 'bad_origin'],
  ['a request from a sandboxed frame (Origin: null)', { headers: { origin: 'null' } }, 403, 'bad_origin'],
  ['a request from a look-alike origin on the same host name', { headers: { origin: `https://${'slimmernetwerk.test'}.evil.example` } }, 403, 'bad_origin'],
  ['an HTML form post (urlencoded) from another site', { headers: CROSS_SITE, raw: { payload: 'password=x&clientId=y', contentType: 'application/x-www-form-urlencoded' } }, 403, 'bad_origin'],
  ['a text/plain form post from another site', { headers: CROSS_SITE, raw: { payload: '{"password":"x"}', contentType: 'text/plain' } }, 403, 'bad_origin'],
  // A browser that sends neither Origin nor Sec-Fetch-Site: the body type is the lock that holds.
  ['a text/plain body with JSON in it, without Origin', { raw: { payload: '{"password":"x"}', contentType: 'text/plain' } }, 415, 'unsupported_media_type'],
  ['a urlencoded body, without Origin', { raw: { payload: 'password=x', contentType: 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
  ['a multipart body, without Origin', { raw: { payload: '--x\r\n\r\nx\r\n--x--\r\n', contentType: 'multipart/form-data; boundary=x' } }, 415, 'unsupported_media_type'],
]

describe.each(TEST_DATABASES)('CSRF on every state-changing route on $name', (testDatabase) => {
  it.each(STATE_CHANGING_ROUTES.map((route) => [routeName(route), route] as const))(
    '%s refuses cross-site requests that carry the session cookie, and stores nothing',
    async (_name, route) => {
      const fixture = await sweepFixture(testDatabase)
      const request = route.valid!(fixture)
      const before = await databaseDump(fixture.database.serverDb)
      for (const [attack, options, status, code] of ATTACKS) {
        const response = await send(fixture, route, request, options)
        expectApiError(response, status, code)
        expect(response.headers['set-cookie'], attack).toBeUndefined()
        expect(await databaseDump(fixture.database.serverDb), attack).toEqual(before)
      }
      // The same request from the app itself is taken: the refusals above were for where it came from.
      const own = await send(fixture, route, request, { headers: { origin: OWN_ORIGIN, 'sec-fetch-site': 'same-origin' } })
      expect(own.statusCode, own.body).toBeGreaterThanOrEqual(200)
      expect(own.statusCode, own.body).toBeLessThan(300)
    },
  )
})
