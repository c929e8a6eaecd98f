// What a pull sends back: the current state of each row of the user's that changed ([L1]).
import type { NoteLine, SyncedNote } from './note'
import type { NotePhoto } from './note-photo'

export type SyncChange =
  | { type: 'bookmark'; slug: string; bookmarked: boolean; updatedAt: number }
  | { type: 'progress'; slug: string; position: number; at: number }
  | { type: 'note'; note: SyncedNote }
  | { type: 'note-purged'; id: string }
  /** [N9] Since schema version 2. */
  | { type: 'note-line'; line: NoteLine }
  /** [A1]–[A5] Since schema version 3: the photo's facts; `removed` is a tombstone. */
  | { type: 'note-photo'; photo: NotePhoto }
