// The model of the sync fuzz: what the devices did, as the server must end up showing it. Text is only
// ever added (a unique marker word per edit), so every marker typed must be on the server at the end, in
// its note or a conflict copy of it ([N3]); quick-log lines exactly once ([N9]); the reading position of
// the latest device time ([R1]). Notes that were purged are let off: emptying the trash drops text on purpose.
import type { FuzzField } from './fuzz-commands'

export interface TypedMarker {
  marker: string
  user: number
  client: number
  noteId: string
  field: FuzzField
}

export interface TypedLine {
  marker: string
  user: number
  client: number
  noteId: string
}

export interface ProgressSave {
  user: number
  slug: string
  position: number
  at: number
}

export class FuzzModel {
  readonly markers: TypedMarker[] = []
  readonly lines: TypedLine[] = []
  readonly progress: ProgressSave[] = []
  /** Notes a device emptied from its trash: their text may be gone for good ([N7]). */
  readonly purged = new Set<string>()
  /** Markers in a note when a device purged it: typed elsewhere, they may have lived only there (a conflict copy). */
  readonly discarded = new Set<string>()
  /** The notes the devices created, per user, in creation order: the commands pick among them. */
  readonly notesByUser = new Map<number, string[]>()
  private nextMarker = 1
  private nextNote = 1

  /** A word no edit typed before, found by `includes` without matching another one. */
  newMarker(): string {
    return `[m${this.nextMarker++}]`
  }

  /** Deterministic, so that a seed replays the same run (createNote would take a random one). */
  newNoteId(user: number): string {
    const id = `00000000-0000-4000-8000-${(this.nextNote++).toString(16).padStart(12, '0')}`
    const notes = this.notesByUser.get(user) ?? []
    notes.push(id)
    this.notesByUser.set(user, notes)
    return id
  }

  notesOf(user: number): readonly string[] {
    return this.notesByUser.get(user) ?? []
  }
}
