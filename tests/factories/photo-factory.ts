// Photo bytes and facts for tests: `pngBytes(3)` is a real, distinct PNG each seed (its hash differs),
// `makeNotePhoto({ noteId })` a photo as a pull sends it, `notePhotoChange(photo)` the change.
import { createHash } from 'node:crypto'
import type { SyncChange } from '../../src/shared/sync/changes'
import type { NotePhoto } from '../../src/shared/sync/note-photo'

/** A 1×1 PNG; the seed goes into a text chunk, so every seed has other bytes and another hash. */
export function pngBytes(seed = 0): Buffer {
  const base = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')
  const text = Buffer.from(`Comment\0seed ${seed}`)
  const chunk = Buffer.concat([uint32(text.length), Buffer.from('tEXt'), text, uint32(0)])
  // Before IEND (the last 12 bytes). Readers skip a text chunk whose CRC they do not check; these tests never decode it.
  return Buffer.concat([base.subarray(0, base.length - 12), chunk, base.subarray(base.length - 12)])
}

/** `size` bytes that begin as a JPEG does: enough for the server's type check, not a real picture. */
export function jpegLikeBytes(size: number, seed = 0): Buffer {
  const bytes = Buffer.alloc(size, seed % 256)
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0)
  return bytes
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4)
  buffer.writeUInt32BE(value)
  return buffer
}

export function makeNotePhoto(overrides: Partial<NotePhoto> & Pick<NotePhoto, 'noteId'>): NotePhoto {
  const bytes = pngBytes()
  return {
    id: crypto.randomUUID(),
    hash: sha256Hex(bytes),
    mime: 'image/png',
    bytes: bytes.length,
    width: 1,
    height: 1,
    alt: '',
    at: 1000,
    altAt: 1000,
    removed: false,
    ...overrides,
  }
}

export function notePhotoChange(photo: NotePhoto): SyncChange {
  return { type: 'note-photo', photo }
}
