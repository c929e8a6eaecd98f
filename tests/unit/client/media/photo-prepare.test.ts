// Downscaling and hashing a photo before it is stored ([A1][A2]): the limits, the encoder ladder, the
// messages for files that are no photo. The browser's codec is replaced by a fake that records calls.
import { describe, expect, it } from 'vitest'
import { ENCODE_LADDER, fitWithin, type PhotoCodec, PhotoInputError, preparePhoto, sha256Hex } from '../../../../src/client/media/photo-prepare'
import { PHOTO_MAX_BYTES, PHOTO_MAX_INPUT_BYTES, PHOTO_MAX_SIDE_PX } from '../../../../src/shared/sync/note-photo'

interface FakeCodecOptions {
  width?: number
  height?: number
  /** What each encode answers: its type and size, by the type and quality asked. */
  encoded?: (mime: string, quality: number) => { type: string; size: number }
  failDecode?: boolean
}

function fakeCodec(options: FakeCodecOptions = {}) {
  const calls: { width: number; height: number; mime: string; quality: number }[] = []
  let closed = 0
  const codec: PhotoCodec = {
    async decode() {
      if (options.failDecode) throw new Error('cannot decode')
      return { width: options.width ?? 4032, height: options.height ?? 3024, source: {} as CanvasImageSource, close: () => closed++ }
    },
    async encode(_image, width, height, mime, quality) {
      calls.push({ width, height, mime, quality })
      const { type, size } = options.encoded?.(mime, quality) ?? { type: mime, size: 300_000 }
      return new Blob([new Uint8Array(size)], { type })
    },
  }
  return { codec, calls, closedCount: () => closed }
}

const camera = (type = 'image/jpeg', size = 4_000_000) => new Blob([new Uint8Array(size)], { type })

describe('fitWithin', () => {
  it.each([
    { from: [4032, 3024], to: [1600, 1200] },
    { from: [3024, 4032], to: [1200, 1600] },
    { from: [1600, 900], to: [1600, 900] },
    { from: [800, 600], to: [800, 600] },
    { from: [10_000, 10], to: [1600, 2] },
    { from: [20_000, 1], to: [1600, 1] },
  ])('fits $from within the longest side: $to', ({ from, to }) => {
    expect(fitWithin(from[0]!, from[1]!)).toEqual({ width: to[0], height: to[1] })
  })

  it('never answers a side above the limit, nor 0', () => {
    for (let width = 1; width < 5000; width += 397) {
      for (let height = 1; height < 5000; height += 411) {
        const fitted = fitWithin(width, height)
        expect(Math.max(fitted.width, fitted.height)).toBeLessThanOrEqual(PHOTO_MAX_SIDE_PX)
        expect(Math.min(fitted.width, fitted.height)).toBeGreaterThanOrEqual(1)
      }
    }
    expect(() => fitWithin(0, 10)).toThrow(RangeError)
  })
})

describe('sha256Hex', () => {
  it('is the SHA-256 of the bytes, as lowercase hex', async () => {
    expect(await sha256Hex(new Blob(['abc']))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(await sha256Hex(new Blob([]))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})

describe('preparePhoto', () => {
  it('downscales a camera photo to 1600 px as WebP and hashes what it stores', async () => {
    const { codec, calls, closedCount } = fakeCodec()
    const prepared = await preparePhoto(camera(), codec)
    expect(calls).toEqual([{ width: 1600, height: 1200, mime: 'image/webp', quality: ENCODE_LADDER[0]!.quality }])
    expect(prepared).toMatchObject({ mime: 'image/webp', width: 1600, height: 1200 })
    expect(prepared.hash).toBe(await sha256Hex(prepared.blob))
    expect(closedCount()).toBe(1)
  })

  it('falls back to JPEG where the browser cannot encode WebP (it answers PNG)', async () => {
    const { codec, calls } = fakeCodec({ encoded: (mime) => ({ type: mime === 'image/webp' ? 'image/png' : mime, size: 200_000 }) })
    const prepared = await preparePhoto(camera(), codec)
    expect(prepared.mime).toBe('image/jpeg')
    // The second WebP quality is not tried once WebP proved unsupported.
    expect(calls.map((call) => call.mime)).toEqual(['image/webp', 'image/jpeg'])
  })

  it('lowers the quality until the photo fits the per-photo limit', async () => {
    const { codec, calls } = fakeCodec({ encoded: (mime, quality) => ({ type: mime, size: quality > 0.7 ? PHOTO_MAX_BYTES + 1 : PHOTO_MAX_BYTES }) })
    const prepared = await preparePhoto(camera(), codec)
    expect(prepared.blob.size).toBe(PHOTO_MAX_BYTES)
    expect(calls.map((call) => call.quality)).toEqual([0.82, 0.65])
  })

  it('says "too large" when no quality brings it under the limit, and frees the image', async () => {
    const { codec, closedCount } = fakeCodec({ encoded: (mime) => ({ type: mime, size: PHOTO_MAX_BYTES + 1 }) })
    await expect(preparePhoto(camera(), codec)).rejects.toMatchObject({ problem: 'too-large' })
    expect(closedCount()).toBe(1)
  })

  it.each([
    { name: 'a PDF', file: new Blob(['%PDF'], { type: 'application/pdf' }), problem: 'not-an-image' },
    { name: 'a file over the input limit', file: camera('image/jpeg', PHOTO_MAX_INPUT_BYTES + 1), problem: 'too-large' },
  ])('refuses $name before decoding it', async ({ file, problem }) => {
    const { codec, calls } = fakeCodec()
    const refusal = await preparePhoto(file, codec).catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(PhotoInputError)
    expect(refusal).toMatchObject({ problem })
    expect(calls).toEqual([])
  })

  it('says "unreadable" for an image type this browser cannot decode, and "not an image" for an untyped file it cannot', async () => {
    const { codec } = fakeCodec({ failDecode: true })
    await expect(preparePhoto(camera('image/heic'), codec)).rejects.toMatchObject({ problem: 'unreadable' })
    await expect(preparePhoto(new Blob(['hallo']), codec)).rejects.toMatchObject({ problem: 'not-an-image' })
  })
})
