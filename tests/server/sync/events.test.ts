// GET /api/v1/sync/events: a server-sent event stream that pokes a user's other devices to pull ([E1]).
// Read over a real socket (inject cannot end a hijacked stream), every wait bounded.
import { describe, expect, it } from 'vitest'
import type { ApiError } from '../../../src/shared/api-error'
import { TEST_DATABASES } from '../helpers/test-databases'
import { SESSION_COOKIE } from '../../../src/server/auth/sessions'
import { listen, openStream } from './event-stream'
import { bookmarkSet, buildSyncTestApp, type Device, deviceOf, EVENTS_URL, pushOk, signedInDevice, withTimeout } from './sync-helpers'

const WAIT_MS = 5_000

const openEvents = (baseUrl: string, device: Device) => openStream(baseUrl, device.clientId, device.user.cookie)

describe.each(TEST_DATABASES)('sync event stream on $name', (testDatabase) => {
  it('[E1] streams text/event-stream and pokes the user’s other devices after a push that changed something', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const baseUrl = await listen(app)
    const laptop = await signedInDevice(app)
    const phone = deviceOf(laptop.user)
    const tablet = deviceOf(laptop.user)
    const onLaptop = await openEvents(baseUrl, laptop)
    const onPhone = await openEvents(baseUrl, phone)
    expect(onLaptop.status).toBe(200)
    expect(onLaptop.contentType).toMatch(/^text\/event-stream/)
    expect(onLaptop.cacheControl).toMatch(/no-cache/)
    await onLaptop.waitFor('the retry line', (text) => text.startsWith('retry: 10000\n\n'))
    await onPhone.waitFor('the retry line', (text) => text.startsWith('retry: '))

    // The phone's push pokes the laptop, not the phone itself.
    await pushOk(app, phone, [bookmarkSet(1, 'verhaal-a')])
    await onLaptop.waitFor('a first poke', () => onLaptop.pokes() === 1)

    // A push that changes nothing (a repeat) pokes nobody; the tablet's next one pokes both streams.
    await pushOk(app, phone, [bookmarkSet(1, 'verhaal-a')])
    await pushOk(app, tablet, [bookmarkSet(1, 'verhaal-b')])
    await onLaptop.waitFor('a second poke', () => onLaptop.pokes() >= 2)
    await onPhone.waitFor('the phone’s first poke', () => onPhone.pokes() >= 1)
    expect(onLaptop.pokes()).toBe(2)
    expect(onPhone.pokes()).toBe(1)
  })

  it('[C1] pokes only the devices of the user whose data changed', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const baseUrl = await listen(app)
    const anna = await signedInDevice(app)
    const bram = await signedInDevice(app)
    const onAnna = await openEvents(baseUrl, anna)
    const onBram = await openEvents(baseUrl, bram)
    await onAnna.waitFor('the retry line', (text) => text.startsWith('retry: '))
    await onBram.waitFor('the retry line', (text) => text.startsWith('retry: '))

    await pushOk(app, deviceOf(bram.user), [bookmarkSet(1, 'verhaal-a')])
    await onBram.waitFor('a poke for Bram', () => onBram.pokes() === 1)
    await pushOk(app, deviceOf(anna.user), [bookmarkSet(1, 'verhaal-a')])
    await onAnna.waitFor('a poke for Anna', () => onAnna.pokes() === 1)
    expect(onBram.pokes()).toBe(1)
  })

  it('[E1] refuses an event stream without a clientId with 400', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const anna = await signedInDevice(app)
    for (const url of [EVENTS_URL, `${EVENTS_URL}?clientId=telefoon`]) {
      const response = await app.inject({ url, cookies: { [SESSION_COOKIE]: anna.user.cookie } })
      expect(response.statusCode).toBe(400)
      expect(response.json<ApiError>().error.code).toBe('invalid_request')
    }
  })

  it('[E1] ends open event streams when the server closes, and closing does not hang', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const baseUrl = await listen(app)
    const laptop = await signedInDevice(app)
    const streams = [await openEvents(baseUrl, laptop), await openEvents(baseUrl, deviceOf(laptop.user))]
    for (const stream of streams) await stream.waitFor('the retry line', (text) => text.startsWith('retry: '))
    await withTimeout(app.close(), WAIT_MS, 'app.close() with open event streams')
    await withTimeout(Promise.all(streams.map((stream) => stream.ended())), WAIT_MS, 'the streams to end')
    expect(app.server.listening).toBe(false)
  })
})
