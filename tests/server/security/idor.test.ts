// IDOR: a signed-in user who names another user's ids (notes, lines, photos, devices) can read, change
// or learn nothing of theirs: every answer is the one the same request gets for ids that exist nowhere.
// Export and delete take no id (the session says whose): tests/server/account/* prove they reach only
// the user's own rows; a push or pull with another user's clientId is [C1] in tests/server/sync/isolation.test.ts.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { pngBytes, sha256Hex } from '../../factories/photo-factory'
import { registerUser } from '../auth/auth-helpers'
import { TEST_DATABASES } from '../helpers/test-databases'
import { fetchPhoto, noteAddPhoto, noteRemovePhoto, noteSetPhotoAlt, uploadPhoto } from '../sync/photo-helpers'
import { deviceOf, type Device, noteAddLine, noteDelete, notePurge, noteRestore, noteSave, pullAll, pushOk, storedState } from '../sync/sync-helpers'
import { listen, openStream } from '../sync/event-stream'
import { sweepFixture, type SweepFixture } from './api-sweep'

interface Ids {
  noteId: string
  photoId: string
  lineId: string
}

/** Every mutation that names an id, aimed at `ids`. */
function aimedAt(ids: Ids, photoBytes: Buffer) {
  return [
    noteDelete(1, ids.noteId),
    noteRestore(2, ids.noteId),
    noteSetPhotoAlt(3, ids.photoId, 'van Bram'),
    noteRemovePhoto(4, ids.photoId),
    noteAddLine(5, ids.noteId, ids.lineId, 'van Bram'),
    noteAddPhoto(6, { noteId: ids.noteId, id: ids.photoId, hash: sha256Hex(photoBytes), mime: 'image/png', bytes: photoBytes.length, width: 1, height: 1, alt: '' }),
    noteSave(7, ids.noteId, 1, { title: 'Van Bram' }),
    notePurge(8, ids.noteId),
  ]
}

/** The answer with every id replaced by its role, so that answers about different ids compare. */
function withRoles(answer: unknown, ids: Ids): string {
  let text = JSON.stringify(answer)
  for (const [role, id] of Object.entries(ids)) text = text.replaceAll(id, `<${role}>`)
  return text
}

async function annaState(fixture: SweepFixture) {
  const { app, db, anna } = fixture
  return {
    rows: await storedState(db, anna.user.user.id, anna.clientId),
    pulled: await pullAll(app, { ...anna, cookie: null }, null),
    photo: (await fetchPhoto(app, anna, fixture.uploaded.id)).rawPayload.toString('base64'),
  }
}

async function freshDevice(fixture: SweepFixture): Promise<Device> {
  return deviceOf(await registerUser(fixture.app))
}

describe.each(TEST_DATABASES)('IDOR on every route that takes an id on $name', (testDatabase) => {
  it('answers a push aimed at another user’s note, line and photo ids exactly as one aimed at ids that exist nowhere, and changes nothing of hers', async () => {
    const fixture = await sweepFixture(testDatabase)
    const { app, anna } = fixture
    const lineId = randomUUID()
    await pushOk(app, anna, [noteAddLine(5, fixture.noteId, lineId, 'regel-van-anna')])
    const before = await annaState(fixture)

    const annas: Ids = { noteId: fixture.noteId, photoId: fixture.uploaded.id, lineId }
    const nowhere: Ids = { noteId: randomUUID(), photoId: randomUUID(), lineId: randomUUID() }
    const bytes = pngBytes(99)
    const atAnna = await pushOk(app, await freshDevice(fixture), aimedAt(annas, bytes))
    const atNothing = await pushOk(app, await freshDevice(fixture), aimedAt(nowhere, bytes))
    expect(withRoles(atAnna, annas)).toBe(withRoles(atNothing, nowhere))
    expect(await annaState(fixture)).toEqual(before)
  })

  it('answers another user’s photo, to read or to upload, exactly as a photo that does not exist, and never sends its bytes', async () => {
    const fixture = await sweepFixture(testDatabase)
    const { app, bram, uploaded, pending } = fixture
    const before = await annaState(fixture)
    const answer = (response: Awaited<ReturnType<typeof fetchPhoto>>) => ({ status: response.statusCode, type: response.headers['content-type'], body: response.body })
    for (const photo of [uploaded, pending]) {
      const nowhere = randomUUID()
      const read = await fetchPhoto(app, bram, photo.id)
      expect(answer(read)).toEqual(answer(await fetchPhoto(app, bram, nowhere)))
      expect(read.statusCode).toBe(404)
      expect(read.rawPayload.includes(uploaded.bytes)).toBe(false)
      const upload = await uploadPhoto(app, bram, photo.id, photo.bytes)
      expect(answer(upload)).toEqual(answer(await uploadPhoto(app, bram, nowhere, photo.bytes)))
      expect(upload.statusCode).toBe(404)
    }
    expect(await annaState(fixture)).toEqual(before)
    // Anna's photo that had not arrived yet is still hers to send.
    expect((await uploadPhoto(app, fixture.anna, pending.id, pending.bytes)).statusCode).toBe(204)
  })

  it('pokes no one of another user through an event stream opened with that user’s clientId, and takes no pokes from her', async () => {
    const fixture = await sweepFixture(testDatabase)
    const { app, anna, bram } = fixture
    const baseUrl = await listen(app)
    const annaLaptop = deviceOf(anna.user)
    const onAnna = await openStream(baseUrl, annaLaptop.clientId, anna.user.cookie)
    const onBram = await openStream(baseUrl, annaLaptop.clientId, bram.user.cookie)
    expect([onAnna.status, onBram.status]).toEqual([200, 200])
    await onAnna.waitFor('the retry line', (text) => text.startsWith('retry: '))
    await onBram.waitFor('the retry line', (text) => text.startsWith('retry: '))

    await pushOk(app, anna, [noteSave(5, randomUUID(), 0, { title: 'Nieuw van Anna' })])
    await onAnna.waitFor('Anna’s poke', () => onAnna.pokes() === 1)
    await pushOk(app, bram, [noteSave(1, randomUUID(), 0, { title: 'Van Bram' })])
    await onBram.waitFor('Bram’s poke', () => onBram.pokes() === 1)
    // Bram's stream under her clientId got only his own poke, and took nothing away from hers.
    await pushOk(app, anna, [noteSave(6, randomUUID(), 0, { title: 'Nog een van Anna' })])
    await onAnna.waitFor('Anna’s second poke', () => onAnna.pokes() === 2)
    expect(onBram.pokes()).toBe(1)
  })
})
