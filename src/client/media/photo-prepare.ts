// Turns a photo from the camera or the gallery into what a note keeps ([A1]): decoded, turned upright,
// downscaled to PHOTO_MAX_SIDE_PX on its longest side, encoded as WebP (JPEG where the browser cannot
// encode WebP: Safari before 17), at most PHOTO_MAX_BYTES, and hashed. No Vue: it tests in Node with a
// fake decoder and encoder.
import { PHOTO_MAX_BYTES, PHOTO_MAX_INPUT_BYTES, PHOTO_MAX_SIDE_PX, type PhotoMimeType } from '../../shared/sync/note-photo'

/** Why a file cannot become a photo: each has its own message for her. */
export type PhotoInputProblem = 'not-an-image' | 'too-large' | 'unreadable'

export class PhotoInputError extends Error {
  constructor(readonly problem: PhotoInputProblem, message: string) {
    super(message)
    this.name = 'PhotoInputError'
  }
}

export interface PreparedPhotoFile {
  blob: Blob
  hash: string
  mime: PhotoMimeType
  width: number
  height: number
}

/** A decoded image that can be drawn; `close` frees its memory (a 12-megapixel photo holds ~48 MB). */
export interface DecodedImage {
  width: number
  height: number
  source: CanvasImageSource
  close: () => void
}

export interface PhotoCodec {
  decode: (file: Blob) => Promise<DecodedImage>
  /** Draws the image at the size given and encodes it; answers a Blob whose `type` says what it became. */
  encode: (image: DecodedImage, width: number, height: number, mime: PhotoMimeType, quality: number) => Promise<Blob>
}

/** The size within `maxSide` on the longest side, keeping the proportions; never larger than it was. */
export function fitWithin(width: number, height: number, maxSide = PHOTO_MAX_SIDE_PX): { width: number; height: number } {
  if (!(width > 0) || !(height > 0)) throw new RangeError(`An image needs a size, got ${width}×${height}`)
  const scale = Math.min(1, maxSide / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/** SHA-256 of the bytes, lowercase hex: the photo's name on the server ([A2]). */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Tried in turn until the photo fits PHOTO_MAX_BYTES; a photo of a flip-over stays readable at the last. */
export const ENCODE_LADDER: readonly { mime: PhotoMimeType; quality: number }[] = [
  { mime: 'image/webp', quality: 0.82 },
  { mime: 'image/webp', quality: 0.65 },
  { mime: 'image/jpeg', quality: 0.8 },
  { mime: 'image/jpeg', quality: 0.6 },
]

export async function preparePhoto(file: Blob, codec: PhotoCodec = browserCodec()): Promise<PreparedPhotoFile> {
  // An empty type happens (some Android file pickers): the decoder decides then.
  if (file.type !== '' && !file.type.startsWith('image/')) throw new PhotoInputError('not-an-image', `A ${file.type} file is not a photo`)
  if (file.size > PHOTO_MAX_INPUT_BYTES) throw new PhotoInputError('too-large', `The file is ${file.size} bytes, more than ${PHOTO_MAX_INPUT_BYTES}`)
  let image: DecodedImage
  try {
    image = await codec.decode(file)
  } catch {
    throw new PhotoInputError(file.type.startsWith('image/') ? 'unreadable' : 'not-an-image', 'This browser cannot read the file as an image')
  }
  try {
    const { width, height } = fitWithin(image.width, image.height)
    let webpUnsupported = false
    for (const step of ENCODE_LADDER) {
      if (step.mime === 'image/webp' && webpUnsupported) continue
      const blob = await codec.encode(image, width, height, step.mime, step.quality)
      // A browser that cannot encode WebP answers PNG instead: go on to JPEG.
      if (blob.type !== step.mime) {
        webpUnsupported ||= step.mime === 'image/webp'
        continue
      }
      if (blob.size > PHOTO_MAX_BYTES) continue
      return { blob, hash: await sha256Hex(blob), mime: step.mime, width, height }
    }
    throw new PhotoInputError('too-large', `The photo stays above ${PHOTO_MAX_BYTES} bytes at every quality`)
  } finally {
    image.close()
  }
}

/** Decoding and encoding with the browser's own image code. */
export function browserCodec(): PhotoCodec {
  return {
    async decode(file) {
      if (typeof createImageBitmap === 'function') {
        try {
          // Turned upright by the photo's EXIF orientation, as she saw it on her screen.
          const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
          return { width: bitmap.width, height: bitmap.height, source: bitmap, close: () => bitmap.close() }
        } catch {
          // Older Safari: no options, or no blobs of this type. The <img> way below reads more.
        }
      }
      const url = URL.createObjectURL(file)
      const img = new Image()
      img.src = url
      try {
        await img.decode()
      } catch (error) {
        URL.revokeObjectURL(url)
        throw error
      }
      return { width: img.naturalWidth, height: img.naturalHeight, source: img, close: () => URL.revokeObjectURL(url) }
    },
    async encode(image, width, height, mime, quality) {
      if (typeof OffscreenCanvas === 'function') {
        const canvas = new OffscreenCanvas(width, height)
        draw(canvas.getContext('2d'), image, width, height)
        return canvas.convertToBlob({ type: mime, quality })
      }
      const canvas = document.createElement('canvas')
      canvas.width = width
      canvas.height = height
      draw(canvas.getContext('2d'), image, width, height)
      return new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The photo could not be encoded'))), mime, quality))
    },
  }
}

function draw(context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null, image: DecodedImage, width: number, height: number): void {
  if (!context) throw new Error('No 2D canvas in this browser')
  context.imageSmoothingEnabled = true
  context.imageSmoothingQuality = 'high'
  context.drawImage(image.source, 0, 0, width, height)
}
