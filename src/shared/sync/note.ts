// A Doetank note as it travels between devices. Every field is optional in practice: empty is ''/[].

export const NOTE_DECISIONS = ['', 'doorgaan', 'bijsturen', 'stoppen'] as const
export type NoteDecision = (typeof NOTE_DECISIONS)[number]

/** Free text, merged line by line (diff3) when two devices edit it ([N2]). */
export const NOTE_TEXT_FIELDS = ['title', 'question', 'did', 'saw', 'lessGood', 'nextStep', 'body', 'doetank'] as const
/** One value from a fixed list: when both devices chose differently, that is a conflict ([N3]). */
export const NOTE_CHOICE_FIELDS = ['decision'] as const
/** Sets: additions and removals from both devices are all kept; never a conflict. */
export const NOTE_SET_FIELDS = ['werkvormen', 'tags'] as const

export type NoteTextField = (typeof NOTE_TEXT_FIELDS)[number]
export type NoteSetField = (typeof NOTE_SET_FIELDS)[number]
export type NoteFieldName = NoteTextField | (typeof NOTE_CHOICE_FIELDS)[number] | NoteSetField

export type NoteFields = Record<NoteTextField, string> & { decision: NoteDecision } & Record<NoteSetField, string[]>

export const NOTE_TEXT_MAX_CHARS = 20_000
/** One quick-log line ([N9]). */
export const NOTE_LINE_MAX_CHARS = 2000
export const NOTE_SET_MAX_ITEMS = 50

export function emptyNoteFields(): NoteFields {
  return {
    title: '', question: '', did: '', saw: '', lessGood: '', nextStep: '', body: '', doetank: '',
    decision: '', werkvormen: [], tags: [],
  }
}

/** Fills what an older or partial record lacks, so every reader sees complete fields (see excalidraw's restore). */
export function restoreNoteFields(value: Partial<NoteFields> | undefined): NoteFields {
  return { ...emptyNoteFields(), ...(value ?? {}) }
}

/** A note as the server stores it and sends it in a pull. */
export interface SyncedNote {
  id: string
  /** The server's revision: a device edits "from" it ([N1] baseRevision). 0 = never synced. */
  revision: number
  fields: NoteFields
  createdAt: number
  updatedAt: number
  /** In the trash since ([N5]); null when not deleted. */
  deletedAt: number | null
  /** Set on a conflict copy ([N3]): the note it belongs to, and which device wrote it when. */
  conflictOf: string | null
  conflictDevice: string | null
}

/** [N9] A quick-log line: an append-only entry of its own, stamped with the time she added it. */
export interface NoteLine {
  id: string
  noteId: string
  text: string
  /** When she added it on the device (ms since epoch). */
  at: number
}

/** [N9] Lines in time order; lines of the same millisecond by id, so every device shows one order. */
export function compareNoteLines(a: Pick<NoteLine, 'id' | 'at'>, b: Pick<NoteLine, 'id' | 'at'>): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}
