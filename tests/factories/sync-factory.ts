// Builds sync data as the server sends it, for client tests: `makeSyncedNote({ revision: 3 })`,
// `makePullResponse({ changes: [bookmarkChange('verhaal-a')] })`.
import type { SyncChange } from '../../src/shared/sync/changes'
import { emptyNoteFields, type NoteFields, type NoteLine, type SyncedNote } from '../../src/shared/sync/note'
import type { PullResponse } from '../../src/shared/sync/protocol'

export function makeNoteFields(overrides: Partial<NoteFields> = {}): NoteFields {
  return { ...emptyNoteFields(), title: 'Doetank bibliotheek', question: 'Hoe maken we het loket vindbaar?', ...overrides }
}

export function makeSyncedNote(overrides: Partial<SyncedNote> = {}): SyncedNote {
  return {
    id: crypto.randomUUID(),
    revision: 1,
    fields: makeNoteFields(),
    createdAt: 1000,
    updatedAt: 1000,
    deletedAt: null,
    conflictOf: null,
    conflictDevice: null,
    ...overrides,
  }
}

export function noteChange(note: SyncedNote): SyncChange {
  return { type: 'note', note }
}

export function notePurgedChange(id: string): SyncChange {
  return { type: 'note-purged', id }
}

/** [N9] A quick-log line as a pull sends it. */
export function noteLineChange(line: Partial<NoteLine> & Pick<NoteLine, 'noteId'>): SyncChange {
  return { type: 'note-line', line: { id: crypto.randomUUID(), text: 'Een regel', at: 1000, ...line } }
}

export function bookmarkChange(slug: string, bookmarked = true, updatedAt = 1000): SyncChange {
  return { type: 'bookmark', slug, bookmarked, updatedAt }
}

export function progressChange(slug: string, position: number, at: number): SyncChange {
  return { type: 'progress', slug, position, at }
}

export function makePullResponse(overrides: Partial<PullResponse<SyncChange>> = {}): PullResponse<SyncChange> {
  return { cookie: '1', lastMutationId: 0, changes: [], hasMore: false, ...overrides }
}
