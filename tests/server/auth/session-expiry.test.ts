import { describe, expect, it } from 'vitest'
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_TOUCH_INTERVAL_MS } from '../../../src/server/auth/sessions'
import type { ApiError } from '../../../src/shared/api-error'
import { buildTestApp } from '../helpers/test-app'
import { TEST_DATABASES } from '../helpers/test-databases'
import { me, registerUser } from './auth-helpers'

const MINUTE_MS = 60 * 1000
const DAY_MS = 24 * 60 * MINUTE_MS

describe.each(TEST_DATABASES)('session expiry on $name', (testDatabase) => {
  async function setUp() {
    const clock = { now: Date.UTC(2026, 2, 1, 9, 0) }
    const testApp = await buildTestApp(testDatabase, { app: { now: () => clock.now } })
    const { cookie } = await registerUser(testApp.app)
    const sessionRow = () => testApp.database.serverDb.db.selectFrom('sessions').selectAll().executeTakeFirst()
    return { ...testApp, clock, cookie, sessionRow }
  }

  it('ends a session unseen for 30 days, and deletes its row', async () => {
    const { app, clock, cookie, sessionRow } = await setUp()
    clock.now += SESSION_IDLE_MS - MINUTE_MS
    expect((await me(app, cookie)).statusCode).toBe(200)
    clock.now += SESSION_IDLE_MS
    const response = await me(app, cookie)
    expect(response.statusCode).toBe(401)
    expect(response.json<ApiError>().error.code).toBe('not_signed_in')
    expect(await sessionRow()).toBeUndefined()
  })

  it('keeps a session in use alive past 30 days, but not past 180 days after sign-in', async () => {
    const { app, clock, cookie, sessionRow } = await setUp()
    const signedInAt = clock.now
    // Seen every 20 days: never idle for 30.
    while (clock.now + 20 * DAY_MS < signedInAt + SESSION_ABSOLUTE_MS) {
      clock.now += 20 * DAY_MS
      expect((await me(app, cookie)).statusCode, `day ${(clock.now - signedInAt) / DAY_MS}`).toBe(200)
    }
    clock.now = signedInAt + SESSION_ABSOLUTE_MS
    expect((await me(app, cookie)).statusCode).toBe(401)
    expect(await sessionRow()).toBeUndefined()
  })

  it('writes last_seen_at at most once an hour', async () => {
    const { app, clock, cookie, sessionRow } = await setUp()
    const signedInAt = clock.now
    clock.now += SESSION_TOUCH_INTERVAL_MS - MINUTE_MS
    await me(app, cookie)
    expect((await sessionRow())!.last_seen_at).toBe(signedInAt)
    clock.now += MINUTE_MS
    await me(app, cookie)
    expect((await sessionRow())!.last_seen_at).toBe(clock.now)
  })

  it('clears the ended sessions of a user when that user signs in', async () => {
    const { app, clock, database } = await setUp()
    const other = await registerUser(app)
    clock.now += SESSION_IDLE_MS
    await registerUser(app)
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: other.user.email, password: other.password } })
    expect(response.statusCode).toBe(200)
    const sessions = await database.serverDb.db.selectFrom('sessions').select(['user_id', 'created_at']).execute()
    // The first user's ended session stays until it is presented (nobody signed in as that user);
    // the other user's ended one is gone.
    expect(sessions.filter((s) => s.user_id === other.user.id).map((s) => s.created_at)).toEqual([clock.now])
    expect(sessions).toHaveLength(3)
  })
})
