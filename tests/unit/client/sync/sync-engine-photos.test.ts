// Photos between two devices through the real sync server ([A1]–[A5]): the bytes follow the facts, the
// other device fetches them when shown, a failed upload waits for the next sync, a refusal is kept.
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { addPhoto, readPhotoFile, readPhotos, removePhoto } from '../../../../src/client/db/photo-actions'
import { pendingCount } from '../../../../src/client/db/pending-count'
import { createNote } from '../../../../src/client/db/user-actions'
import type { PreparedPhotoFile } from '../../../../src/client/media/photo-prepare'
import { loadPhotoBlob } from '../../../../src/client/sync/photo-fetch'
import { SyncEngine } from '../../../../src/client/sync/sync-engine'
import { jpegLikeBytes, pngBytes, sha256Hex } from '../../../factories/photo-factory'
import { browserFetch, device, expectSynced, register, startServer, twoDevices } from '../helpers/sync-server'
import { createTestUserData } from '../helpers/test-databases'

function prepared(bytes: Buffer, mime: PreparedPhotoFile['mime'] = 'image/png'): PreparedPhotoFile {
  return { blob: new Blob([new Uint8Array(bytes)], { type: mime }), hash: sha256Hex(bytes), mime, width: 1600, height: 1200 }
}

describe('photos through the sync server', () => {
  it('[A1][A2][A3] a photo taken on the phone shows on the laptop, bytes and all, and stays there offline', async () => {
    const { server, session, a: phone, b: laptop } = await twoDevices()
    const noteId = await createNote(phone.db, { title: 'Sessie' })
    const bytes = pngBytes(11)
    const photo = await addPhoto(phone.db, noteId, prepared(bytes))
    await expectSynced(phone)
    expect(await readPhotoFile(phone.db, photo.hash)).toMatchObject({ needsUpload: 0 })

    await expectSynced(laptop)
    const [onLaptop] = await readPhotos(laptop.db, noteId)
    expect(onLaptop).toEqual(photo)
    expect(await readPhotoFile(laptop.db, photo.hash)).toBeUndefined()
    const options = { fetch: browserFetch(server, session) }
    const blob = await loadPhotoBlob(laptop.db, onLaptop!, options)
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array(bytes))

    await server.stop()
    const offline = await loadPhotoBlob(laptop.db, onLaptop!, options)
    expect(await offline.arrayBuffer()).toEqual(await blob.arrayBuffer())
  })

  it('[A2] an upload that fails keeps the bytes waiting and sends them at the next sync', async () => {
    const server = await startServer()
    const session = await register(server)
    const realFetch = browserFetch(server, session)
    let isPhotoRouteDown = true
    const fetchWithFlakyPhotos: typeof fetch = async (input, init) => {
      if (String(input).includes('/api/v1/photos/') && isPhotoRouteDown) throw new TypeError('Failed to fetch')
      return realFetch(input, init)
    }
    const db = createTestUserData()
    const engine = new SyncEngine({ db, fetch: fetchWithFlakyPhotos, locks: null, isSignedIn: () => true })
    const noteId = await createNote(db)
    const photo = await addPhoto(db, noteId, prepared(pngBytes(12)))

    const failed = await engine.syncNow()
    expect(failed).toMatchObject({ state: 'offline', pending: 1 })
    expect(await readPhotoFile(db, photo.hash)).toMatchObject({ needsUpload: 1 })

    isPhotoRouteDown = false
    expect(await engine.syncNow()).toMatchObject({ state: 'synced', pending: 0 })
    const laptop = device(server, session)
    await expectSynced(laptop)
    const [onLaptop] = await readPhotos(laptop.db, noteId)
    expect(await loadPhotoBlob(laptop.db, onLaptop!, { fetch: realFetch })).toBeInstanceOf(Blob)
  })

  it('[A2] bytes over the server quota are kept on the device with the reason, and never block the rest', async () => {
    const server = await startServer({ photoQuotaBytes: 4000 })
    const session = await register(server)
    const phone = device(server, session)
    const noteId = await createNote(phone.db)
    const big = await addPhoto(phone.db, noteId, prepared(jpegLikeBytes(5000), 'image/jpeg'))
    const small = await addPhoto(phone.db, noteId, prepared(pngBytes(13)))
    const status = await phone.engine.syncNow()
    expect(status.state).toBe('synced')
    expect(await readPhotoFile(phone.db, big.hash)).toMatchObject({ needsUpload: 1, uploadRefusal: 'quota' })
    expect(await readPhotoFile(phone.db, small.hash)).toMatchObject({ needsUpload: 0 })
    // Only on this device: signing out warns about it.
    expect(await pendingCount(phone.db)).toBe(1)
  })

  it('[A5] a photo removed on the laptop disappears from the phone, bytes included', async () => {
    const { a: phone, b: laptop } = await twoDevices()
    const noteId = await createNote(phone.db)
    const photo = await addPhoto(phone.db, noteId, prepared(pngBytes(14)))
    await expectSynced(phone)
    await expectSynced(laptop)
    await removePhoto(laptop.db, photo.id)
    await expectSynced(laptop)
    await expectSynced(phone)
    expect(await readPhotos(phone.db, noteId)).toEqual([])
    expect(await readPhotoFile(phone.db, photo.hash)).toBeUndefined()
  })
})
