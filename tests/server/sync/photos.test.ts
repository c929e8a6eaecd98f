// Photos of notes ([A1]–[A6] in shared/sync/SPEC.md): facts by push and pull, bytes by PUT and GET.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ApiError } from '../../../src/shared/api-error'
import { PHOTO_MAX_BYTES, PHOTOS_PER_NOTE_MAX } from '../../../src/shared/sync/note-photo'
import { jpegLikeBytes, pngBytes, sha256Hex } from '../../factories/photo-factory'
import { TEST_DATABASES } from '../helpers/test-databases'
import { fetchPhoto, noteAddPhoto, noteRemovePhoto, noteSetPhotoAlt, photoArgs, pushPhoto, uploadPhoto } from './photo-helpers'
import { ANDROID_UA, buildSyncTestApp, deviceOf, notePurge, noteDelete, noteSave, photosIn, pull, pullAll, pushOk, signedInDevice } from './sync-helpers'

describe.each(TEST_DATABASES)('photos of notes on $name', (testDatabase) => {
  async function phoneAndLaptop(options: { photoQuotaBytes?: number } = {}) {
    const syncApp = await buildSyncTestApp(testDatabase, { app: options })
    const phone = await signedInDevice(syncApp.app, { userAgent: ANDROID_UA })
    const laptop = deviceOf(phone.user)
    const noteId = randomUUID()
    await pushOk(syncApp.app, phone, [noteSave(1, noteId, 0, { title: 'Sessie bibliotheek' })])
    return { ...syncApp, phone, laptop, noteId }
  }

  async function fileCount(db: Awaited<ReturnType<typeof phoneAndLaptop>>['db'], userId: string): Promise<number> {
    return (await db.selectFrom('photo_files').select('hash').where('user_id', '=', userId).execute()).length
  }

  it('[A1] stores a photo once by its id and sends its facts to the other device', async () => {
    const { app, db, phone, laptop, noteId } = await phoneAndLaptop()
    const bytes = pngBytes(1)
    const args = photoArgs(noteId, bytes, { width: 1600, height: 1200, alt: 'Flip-over met ideeën' })
    await pushOk(app, phone, [noteAddPhoto(2, args, 5_000)])
    // A repeated push with the same photo id (as a retry after a lost answer sends) adds nothing.
    const again = { ...phone, clientId: randomUUID() }
    await pushOk(app, again, [noteAddPhoto(1, { ...args, alt: 'anders' }, 6_000)])
    expect(await db.selectFrom('note_photos').select('id').where('user_id', '=', phone.user.user.id).execute()).toHaveLength(1)

    const photos = photosIn((await pullAll(app, laptop)).changes)
    expect(photos).toEqual([{ id: args.id, noteId, hash: sha256Hex(bytes), mime: 'image/png', bytes: bytes.length, width: 1600, height: 1200, alt: 'Flip-over met ideeën', at: 5_000, altAt: 5_000, removed: false }])
  })

  it('[A1][P4] rejects photo facts that can never be right, and a photo past the per-note limit', async () => {
    const { app, phone, noteId } = await phoneAndLaptop()
    const bytes = pngBytes(2)
    const refused = await pushOk(app, phone, [
      noteAddPhoto(2, photoArgs(noteId, bytes, { hash: 'abc' })),
      noteAddPhoto(3, photoArgs(noteId, bytes, { mime: 'image/gif' as never })),
      noteAddPhoto(4, photoArgs(noteId, bytes, { bytes: PHOTO_MAX_BYTES + 1 })),
      noteAddPhoto(5, photoArgs(noteId, bytes, { alt: 'x'.repeat(501) })),
      noteAddPhoto(6, { ...photoArgs(noteId, bytes), extra: 1 } as never),
    ])
    expect(refused.rejected.map((rejected) => rejected.id)).toEqual([2, 3, 4, 5, 6])

    const full = Array.from({ length: PHOTOS_PER_NOTE_MAX + 1 }, (_, index) => noteAddPhoto(7 + index, photoArgs(noteId, pngBytes(100 + index))))
    const answer = await pushOk(app, phone, full)
    expect(answer.rejected).toEqual([{ id: 7 + PHOTOS_PER_NOTE_MAX, reason: `note.addPhoto: a note holds at most ${PHOTOS_PER_NOTE_MAX} photos` }])
  })

  it('[A2][A3] takes the bytes once, answers them back, and never lets the browser cache them', async () => {
    const { app, db, phone, laptop, noteId } = await phoneAndLaptop()
    const photo = await pushPhoto(app, phone, noteId, { mutationId: 2 })
    const before = await fetchPhoto(app, laptop, photo.id)
    expect(before.statusCode).toBe(404)
    expect(before.json<ApiError>().error.code).toBe('photo_not_uploaded')

    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await uploadPhoto(app, phone, photo.id, photo.bytes)
      expect(response.statusCode, response.body).toBe(204)
    }
    expect(await fileCount(db, phone.user.user.id)).toBe(1)

    const fetched = await fetchPhoto(app, laptop, photo.id)
    expect(fetched.statusCode).toBe(200)
    expect(fetched.headers['content-type']).toBe('image/png')
    expect(fetched.headers['cache-control']).toBe('no-store')
    expect(Buffer.compare(fetched.rawPayload, photo.bytes)).toBe(0)
  })

  it('[A2] stores the same picture in two photos once, and keeps it while one still names it', async () => {
    const { app, db, phone, noteId } = await phoneAndLaptop()
    const bytes = pngBytes(7)
    const first = await pushPhoto(app, phone, noteId, { mutationId: 2, bytes })
    const second = await pushPhoto(app, phone, noteId, { mutationId: 3, bytes })
    expect((await uploadPhoto(app, phone, first.id, bytes)).statusCode).toBe(204)
    expect((await uploadPhoto(app, phone, second.id, bytes)).statusCode).toBe(204)
    expect(await fileCount(db, phone.user.user.id)).toBe(1)

    await pushOk(app, phone, [noteRemovePhoto(4, first.id)])
    expect(await fileCount(db, phone.user.user.id)).toBe(1)
    expect((await fetchPhoto(app, phone, second.id)).statusCode).toBe(200)
    await pushOk(app, phone, [noteRemovePhoto(5, second.id)])
    expect(await fileCount(db, phone.user.user.id)).toBe(0)
  })

  it('[A2] refuses bytes that are not the photo, not an image, of another type, or too large, with a reason', async () => {
    const { app, db, phone, noteId } = await phoneAndLaptop()
    const photo = await pushPhoto(app, phone, noteId, { mutationId: 2 })
    const text = Buffer.from('<script>alert(1)</script>')
    const textPhoto = await pushPhoto(app, phone, noteId, { mutationId: 3, bytes: text })
    const jpeg = jpegLikeBytes(2000)
    const jpegAsPng = await pushPhoto(app, phone, noteId, { mutationId: 4, bytes: jpeg })
    const cases = [
      { id: photo.id, bytes: pngBytes(99), status: 400, code: 'photo_hash_mismatch' },
      { id: textPhoto.id, bytes: text, status: 400, code: 'photo_not_an_image' },
      { id: jpegAsPng.id, bytes: jpeg, status: 400, code: 'photo_type_mismatch' },
      { id: photo.id, bytes: jpegLikeBytes(PHOTO_MAX_BYTES + 1), status: 413, code: 'photo_too_large' },
      { id: photo.id, bytes: Buffer.alloc(0), status: 400, code: 'photo_missing' },
    ]
    for (const { id, bytes, status, code } of cases) {
      const response = await uploadPhoto(app, phone, id, bytes)
      expect(response.statusCode, code).toBe(status)
      expect(response.json<ApiError>().error.code).toBe(code)
      expect(response.json<ApiError>().error.message.length).toBeGreaterThan(10)
    }
    const notJson = await uploadPhoto(app, phone, photo.id, photo.bytes, { mime: 'text/plain' })
    expect(notJson.statusCode).toBe(415)
    const badId = await uploadPhoto(app, phone, 'not-a-uuid', photo.bytes)
    expect(badId.statusCode).toBe(400)
    expect(await fileCount(db, phone.user.user.id)).toBe(0)
  })

  it('[A2] keeps each person within the photo quota', async () => {
    const { app, db, phone, noteId } = await phoneAndLaptop({ photoQuotaBytes: 5000 })
    const first = await pushPhoto(app, phone, noteId, { mutationId: 2, bytes: jpegLikeBytes(3000, 1), args: { mime: 'image/jpeg' } })
    const second = await pushPhoto(app, phone, noteId, { mutationId: 3, bytes: jpegLikeBytes(3000, 2), args: { mime: 'image/jpeg' } })
    expect((await uploadPhoto(app, phone, first.id, first.bytes, { mime: 'image/jpeg' })).statusCode).toBe(204)
    const over = await uploadPhoto(app, phone, second.id, second.bytes, { mime: 'image/jpeg' })
    expect(over.statusCode).toBe(413)
    expect(over.json<ApiError>().error.code).toBe('photo_quota')
    // Removing a photo makes room again.
    await pushOk(app, phone, [noteRemovePhoto(4, first.id)])
    expect((await uploadPhoto(app, phone, second.id, second.bytes, { mime: 'image/jpeg' })).statusCode).toBe(204)
    expect(await fileCount(db, phone.user.user.id)).toBe(1)
  })

  it('[A2][A3] refuses another person’s photo as if it did not exist, and stores nothing', async () => {
    const { app, db, phone, noteId } = await phoneAndLaptop()
    const photo = await pushPhoto(app, phone, noteId, { mutationId: 2 })
    const bram = await signedInDevice(app)
    // Bram names Anne's note and photo: his own photo of that note id is his, hers stays hers.
    const upload = await uploadPhoto(app, bram, photo.id, photo.bytes)
    expect(upload.statusCode).toBe(404)
    expect(upload.json<ApiError>().error.code).toBe('photo_not_found')
    expect(await fileCount(db, bram.user.user.id)).toBe(0)
    expect(await fileCount(db, phone.user.user.id)).toBe(0)

    expect((await uploadPhoto(app, phone, photo.id, photo.bytes)).statusCode).toBe(204)
    const read = await fetchPhoto(app, bram, photo.id)
    expect(read.statusCode).toBe(404)
    expect(read.rawPayload.includes(photo.bytes)).toBe(false)
    expect(photosIn((await pullAll(app, bram)).changes)).toEqual([])
    // Not signed in: 401 for both.
    expect((await uploadPhoto(app, phone, photo.id, photo.bytes, { sessionCookie: null })).statusCode).toBe(401)
    expect((await fetchPhoto(app, phone, photo.id, { sessionCookie: null })).statusCode).toBe(401)
  })

  it('[A2] refuses an upload from another site', async () => {
    const { app, phone, noteId } = await phoneAndLaptop()
    const photo = await pushPhoto(app, phone, noteId, { mutationId: 2 })
    const response = await uploadPhoto(app, phone, photo.id, photo.bytes, { headers: { origin: 'https://evil.example' } })
    expect(response.statusCode).toBe(403)
    expect(response.json<ApiError>().error.code).toBe('bad_origin')
  })

  it('[A4] keeps the alt text written last, whatever order the updates arrive in', async () => {
    const { app, phone, laptop, noteId } = await phoneAndLaptop()
    const photo = await pushPhoto(app, phone, noteId, { mutationId: 2, at: 1_000 })
    await pushOk(app, laptop, [noteSetPhotoAlt(1, photo.id, 'Later geschreven', 3_000)])
    await pushOk(app, phone, [noteSetPhotoAlt(3, photo.id, 'Eerder geschreven', 2_000)])
    expect(photosIn((await pullAll(app, { ...phone, cookie: null })).changes)[0]).toMatchObject({ alt: 'Later geschreven', altAt: 3_000 })
    const unknown = await pushOk(app, phone, [noteSetPhotoAlt(4, randomUUID(), 'x')])
    expect(unknown.rejected.map((rejected) => rejected.id)).toEqual([4])
  })

  it('[A5] sends a removal to every device, deletes the bytes, and answers 410 to a late upload', async () => {
    const { app, db, phone, laptop, noteId } = await phoneAndLaptop()
    const photo = await pushPhoto(app, phone, noteId, { mutationId: 2 })
    expect((await uploadPhoto(app, phone, photo.id, photo.bytes)).statusCode).toBe(204)
    await pullAll(app, laptop)
    await pushOk(app, laptop, [noteRemovePhoto(1, photo.id)])
    const changes = (await pullAll(app, phone)).changes
    expect(photosIn(changes)).toEqual([expect.objectContaining({ id: photo.id, removed: true })])
    expect(await fileCount(db, phone.user.user.id)).toBe(0)
    expect((await fetchPhoto(app, phone, photo.id)).statusCode).toBe(404)
    const late = await uploadPhoto(app, phone, photo.id, photo.bytes)
    expect(late.statusCode).toBe(410)
    expect(late.json<ApiError>().error.code).toBe('photo_removed')
    // A removed photo stays removed, also when its adding is pushed again.
    await pushOk(app, { ...phone, clientId: randomUUID() }, [noteAddPhoto(1, photo.args)])
    expect(photosIn((await pullAll(app, { ...laptop, cookie: null })).changes)[0]?.removed).toBe(true)
  })

  it('[A5][N7] purging a note removes its photos and their bytes on the server', async () => {
    const { app, db, phone, laptop, noteId } = await phoneAndLaptop()
    const photo = await pushPhoto(app, phone, noteId, { mutationId: 2 })
    expect((await uploadPhoto(app, phone, photo.id, photo.bytes)).statusCode).toBe(204)
    await pullAll(app, laptop)
    await pushOk(app, phone, [noteDelete(3, noteId), notePurge(4, noteId)])
    expect(photosIn((await pullAll(app, laptop)).changes)).toEqual([expect.objectContaining({ id: photo.id, removed: true })])
    expect(await fileCount(db, phone.user.user.id)).toBe(0)
  })

  it('[A6][V1] sends no photos to a device on schema version 2', async () => {
    const { app, laptop, phone, noteId } = await phoneAndLaptop()
    await pushPhoto(app, phone, noteId, { mutationId: 2 })
    const response = await pull(app, laptop, null, { body: { schemaVersion: 2 } })
    expect(response.statusCode, response.body).toBe(200)
    expect(response.json<{ changes: { type: string }[] }>().changes.map((change) => change.type)).toEqual(['note'])
  })
})
