// All her notes as one ZIP, made on the device (offline too): a Markdown file per note — the same
// Markdown as the account export (shared/account-export.ts) — with its photos beside it in `fotos/`.
// Store-only ZIP entries: photos are compressed already, and it keeps fflate's deflate code off the phone.
import { strToU8, Zip, ZipPassThrough } from 'fflate'
import { isoTime, noteMarkdownPaths, noteToMarkdown, NOTES_FOLDER, photoFilePaths } from '../../shared/account-export'
import { photoExtension } from '../../shared/sync/note-photo'
import type { NoteLineRow, NotePhotoRow, NoteRow } from '../db/userdata'

export interface ArchivePhoto {
  photo: NotePhotoRow
  /** The bytes, or undefined when they are not on this device (and could not be fetched). */
  data: ArrayBuffer | undefined
}

export interface NotesArchiveInput {
  notes: readonly NoteRow[]
  lines: readonly NoteLineRow[]
  photos: readonly ArchivePhoto[]
  now: number
}

export interface NotesArchive {
  bytes: Uint8Array
  fileName: string
  noteCount: number
  photoCount: number
}

/** `slimmernetwerk-notities-2026-12-03.zip`: the day in UTC, as in the account export. */
export function notesArchiveName(now: number): string {
  return `slimmernetwerk-notities-${isoTime(now).slice(0, 10)}.zip`
}

export function buildNotesArchive({ notes, lines, photos, now }: NotesArchiveInput): NotesArchive {
  const ordered = [...notes].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
  const paths = noteMarkdownPaths(ordered.map((note) => ({ fields: note.fields, isPurged: false })))
  const markdownFiles: [string, Uint8Array][] = []
  const photoFiles: [string, Uint8Array][] = []
  ordered.forEach((note, index) => {
    const linked = photos.filter(({ photo }) => photo.noteId === note.id)
    const markdownPhotos = linked.map(({ photo, data }) => {
      const { path, link } = photoFilePaths(photo, photoExtension(photo.mime))
      if (data) photoFiles.push([path, new Uint8Array(data)])
      return { alt: photo.alt, link: data ? link : null }
    })
    const markdown = noteToMarkdown({
      id: note.id,
      fields: note.fields,
      createdAt: isoTime(note.createdAt),
      updatedAt: isoTime(note.updatedAt),
      deletedAt: note.deletedAt === null ? null : isoTime(note.deletedAt),
      conflictOf: note.conflictOf,
      conflictDevice: note.conflictDevice,
      lines: lines.filter((line) => line.noteId === note.id).map((line) => ({ id: line.id, text: line.text, at: isoTime(line.at) })),
      photos: markdownPhotos,
    })
    markdownFiles.push([paths[index] ?? `${NOTES_FOLDER}/${note.id}.md`, strToU8(markdown)])
  })
  const bytes = zipStored([...markdownFiles, ...photoFiles], now)
  return { bytes, fileName: notesArchiveName(now), noteCount: ordered.length, photoCount: photoFiles.length }
}

/** A ZIP of the files as they are (no compression), built synchronously. */
function zipStored(files: readonly [string, Uint8Array][], now: number): Uint8Array {
  const chunks: Uint8Array[] = []
  const zip = new Zip((error, chunk) => {
    if (error) throw error
    chunks.push(chunk)
  })
  for (const [path, data] of files) {
    const entry = new ZipPassThrough(path)
    entry.mtime = now
    zip.add(entry)
    entry.push(data, true)
  }
  zip.end()
  const bytes = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0))
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.length
  }
  return bytes
}
