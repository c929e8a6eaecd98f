// Builds note fields for sync tests: `makeNoteFields({ title })`; every field not given is empty.
import { emptyNoteFields, type NoteFields } from '../../src/shared/sync/note'

export function makeNoteFields(overrides: Partial<NoteFields> = {}): NoteFields {
  return { ...emptyNoteFields(), ...overrides }
}
