// Which row of `userdata` a mutation or a pulled change is about: the key the outbox, the held-back
// changes ([L3]) and the UI's "queued" state go by. Pure functions with no Dexie import, so that code
// which must not load Dexie (or must load it only after fake-indexeddb, as the sync fuzz) can use them.
import type { SyncChange } from '../../shared/sync/changes'

/**
 * 'note:<id>', 'bookmark:<slug>', 'progress:<slug>', or 'line:<noteId>:<lineId>' for a quick-log line
 * ([N9]): a line has its own key, so a pending line never holds back its note's server version ([L3]),
 * and the note id in it lets the note show as queued. 'photo:<noteId>:<photoId>' for a photo ([A1]), for
 * the same reasons.
 */
export type RowKey = `note:${string}` | `bookmark:${string}` | `progress:${string}` | `line:${string}` | `photo:${string}`

export function noteKey(id: string): RowKey {
  return `note:${id}`
}

export function bookmarkKey(slug: string): RowKey {
  return `bookmark:${slug}`
}

export function progressKey(slug: string): RowKey {
  return `progress:${slug}`
}

/** [N9] The key of a quick-log line: its note and its own id. */
export function lineKey(noteId: string, id: string): RowKey {
  return `line:${noteId}:${id}`
}

/** [A1] The key of a photo: its note and its own id. */
export function photoKey(noteId: string, id: string): RowKey {
  return `photo:${noteId}:${id}`
}

/** The row a pulled change is about: one row per key, as a device stores them. */
export function changeKey(change: SyncChange): RowKey {
  switch (change.type) {
    case 'bookmark':
      return bookmarkKey(change.slug)
    case 'progress':
      return progressKey(change.slug)
    case 'note':
      return noteKey(change.note.id)
    case 'note-purged':
      return noteKey(change.id)
    case 'note-line':
      return lineKey(change.line.noteId, change.line.id)
    case 'note-photo':
      return photoKey(change.photo.noteId, change.photo.id)
  }
}
