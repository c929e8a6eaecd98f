// A photo in a Doetank note (the flip-over, the wall of stickies): its facts travel as sync changes
// ([A1]–[A5] in SPEC.md); its bytes travel apart, by content hash, through the photo route.

/** What the device stores and the server accepts; the device converts everything else before storing. */
export const PHOTO_MIME_TYPES = ['image/webp', 'image/jpeg', 'image/png'] as const
export type PhotoMimeType = (typeof PHOTO_MIME_TYPES)[number]

/** Longest side after downscaling on the device: sharp enough to read a flip-over, small enough to sync. */
export const PHOTO_MAX_SIDE_PX = 1600
/** One stored photo, after downscaling (a 1600 px WebP is typically 150–400 KB). */
export const PHOTO_MAX_BYTES = 3 * 1024 * 1024
/** What a person may keep on the server in photos, all notes together. */
export const PHOTO_USER_QUOTA_BYTES = 250 * 1024 * 1024
/** What the device is willing to read before downscaling: a phone camera's JPEG is 3–12 MB. */
export const PHOTO_MAX_INPUT_BYTES = 40 * 1024 * 1024
export const PHOTO_ALT_MAX_CHARS = 500
/** Photos per note: a session's flip-overs, not a photo album. */
export const PHOTOS_PER_NOTE_MAX = 30

export const PHOTOS_PATH = '/api/v1/photos'

/** `/api/v1/photos/<id>`: PUT the bytes ([A2]), GET them back ([A3]). */
export function photoPath(id: string): string {
  return `${PHOTOS_PATH}/${encodeURIComponent(id)}`
}

export interface NotePhoto {
  id: string
  noteId: string
  /** SHA-256 of the stored bytes, lowercase hex: the file's name on the server, and its check. */
  hash: string
  mime: PhotoMimeType
  bytes: number
  width: number
  height: number
  /** What is on the photo, for who cannot see it; '' until she writes it. */
  alt: string
  /** When she added it (ms since epoch). */
  at: number
  /** [A4] When the alt text last changed: the latest wins. */
  altAt: number
  /** [A5] Removed: a tombstone, so that every device removes its copy. */
  removed: boolean
}

/** [A1] Photos in the order she took them; ties by id, so every device shows one order. */
export function comparePhotos(a: Pick<NotePhoto, 'id' | 'at'>, b: Pick<NotePhoto, 'id' | 'at'>): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/

/** The file extension of a stored photo type (for exports). */
export function photoExtension(mime: PhotoMimeType): string {
  return mime === 'image/jpeg' ? 'jpg' : mime.slice('image/'.length)
}

/**
 * The image type a file really has, by its first bytes; undefined when it is none of the stored types.
 * The declared Content-Type of an upload is not trusted: this is what the server checks.
 */
export function sniffPhotoType(head: Uint8Array): PhotoMimeType | undefined {
  const at = (index: number) => head[index]
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg'
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, index) => at(index) === byte)) return 'image/png'
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to))
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp'
  return undefined
}
