// What a pull sends back: the current state of each row of the user's that changed ([L1]).
import type { NoteLine, SyncedNote } from './note'

export type SyncChange =
  | { type: 'bookmark'; slug: string; bookmarked: boolean; updatedAt: number }
  | { type: 'progress'; slug: string; position: number; at: number }
  | { type: 'note'; note: SyncedNote }
  | { type: 'note-purged'; id: string }
  /** [N9] Since schema version 2. */
  | { type: 'note-line'; line: NoteLine }
