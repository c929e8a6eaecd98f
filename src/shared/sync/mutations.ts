// The mutations a device can push ([V2]: a name is never reused with other arguments).
import type { NoteFields } from './note'
import type { PhotoMimeType } from './note-photo'

export interface MutationArgs {
  /** [B1] */
  'bookmark.set': { slug: string; bookmarked: boolean }
  /** [R1] The mutation's `at` is the reading time that decides which update wins. */
  'progress.set': { slug: string; position: number }
  /** [N1][N2] The note's complete fields as the device has them, and the revision they were edited from. */
  'note.save': { id: string; baseRevision: number; fields: NoteFields }
  /** [N5] Into the trash. */
  'note.delete': { id: string }
  /** [N5] Out of the trash. */
  'note.restore': { id: string }
  /** Gone for good: empty trash, or a resolved conflict copy. */
  'note.purge': { id: string }
  /** [N9] A quick-log line added to a note; the mutation's `at` is the line's time. Insert-only. */
  'note.addLine': { noteId: string; id: string; text: string }
  /** [A1] A photo added to a note; the mutation's `at` is its time. Insert-only; the bytes follow by [A2]. Since schema version 3. */
  'note.addPhoto': { noteId: string; id: string; hash: string; mime: PhotoMimeType; bytes: number; width: number; height: number; alt: string }
  /** [A4] The photo's alt text; the latest `at` wins. */
  'note.setPhotoAlt': { id: string; alt: string }
  /** [A5] The photo is gone from the note, on every device. */
  'note.removePhoto': { id: string }
}

export type MutationName = keyof MutationArgs
export const MUTATION_NAMES = ['bookmark.set', 'progress.set', 'note.save', 'note.delete', 'note.restore', 'note.purge', 'note.addLine', 'note.addPhoto', 'note.setPhotoAlt', 'note.removePhoto'] as const satisfies readonly MutationName[]
