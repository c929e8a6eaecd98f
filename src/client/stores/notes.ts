// The reader's Doetank notes: read live from `userdata`, written through user actions that queue a
// mutation in the same transaction, then a sync is requested.
import { liveQuery } from 'dexie'
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { NoteFields } from '../../shared/sync/note'
import { readNoteDrafts, removeNoteDraft } from '../composables/useNoteDrafts'
import { knownDoetanks } from '../composables/useNoteFilters'
import { userdata } from '../db/instances'
import { addLine, createNote, deleteNote, noteSyncState, type NoteSyncState, pendingKeys, purgeNote, readLines, readNote, readNotes, restoreNote, saveNote } from '../db/user-actions'
import type { NoteLineRow, NoteRow } from '../db/userdata'
import { isQuotaError } from '../db/quota-error'
import { useAccountStore } from './account'
import { useMagazineStore } from './magazine'
import { useSyncStore } from './sync'

export const useNotesStore = defineStore('notes', () => {
  const account = useAccountStore()
  const sync = useSyncStore()
  const notes = shallowRef<NoteRow[]>([])
  const queuedKeys = shallowRef<ReadonlySet<string>>(new Set())
  const isLoaded = shallowRef(false)
  /** A note just made by "Nieuwe notitie": its editor puts the cursor in the title once. */
  let newNoteId: string | null = null
  let isSubscribed = false
  let recovering: Promise<void> | undefined
  /** When the magazine last left the device to make room for her notes (the editor says so). */
  const madeRoomAt = shallowRef<number | null>(null)

  function subscribe(): void {
    void recoverDrafts()
    if (isSubscribed) return
    isSubscribed = true
    liveQuery(() => readNotes(userdata)).subscribe({
      next: (rows) => {
        notes.value = rows
        isLoaded.value = true
      },
    })
    liveQuery(() => pendingKeys(userdata)).subscribe({ next: (keys) => (queuedKeys.value = keys) })
  }

  const active = computed(() => notes.value.filter((note) => note.deletedAt === null && note.conflictOf === null))
  const trash = computed(() => notes.value.filter((note) => note.deletedAt !== null))
  /** The Doetanks she named before: suggestions while she types one. */
  const doetanks = computed(() => knownDoetanks(active.value))

  function stateOf(note: NoteRow): NoteSyncState {
    return noteSyncState(note, queuedKeys.value, account.user !== null)
  }

  function conflictCopiesOf(id: string): NoteRow[] {
    return notes.value.filter((note) => note.conflictOf === id && note.deletedAt === null)
  }

  /** "Nieuwe notitie": a note, pre-filled from e.g. a werkvorm's "Gebruik in notitie", remembered as new. */
  async function createNew(fields: Partial<NoteFields> = {}): Promise<string> {
    const id = await after(() => createNote(userdata, fields))
    newNoteId = id
    return id
  }

  /** True once for the note createNew just made. */
  function takeIsNew(id: string): boolean {
    const isNew = newNoteId === id
    if (isNew) newNoteId = null
    return isNew
  }

  /**
   * Saves what a page that closed mid-sentence left in its drafts (see useNoteDrafts), once per start.
   * A draft older than the stored note, or of a note that is gone, is dropped.
   */
  function recoverDrafts(): Promise<void> {
    recovering ??= (async () => {
      for (const [id, draft] of Object.entries(readNoteDrafts())) {
        try {
          const row = await readNote(userdata, id)
          if (row && row.updatedAt < draft.savedAt) await saveNote(userdata, id, draft.fields, draft.savedAt)
          removeNoteDraft(id)
        } catch {
          // Kept for the next start: storage may be full now.
        }
      }
      sync.requestSync()
    })()
    return recovering
  }

  /** [N9] Follows the note's quick-log lines (time order) until the answered function is called. */
  function watchLines(noteId: string, next: (lines: NoteLineRow[]) => void): () => void {
    const subscription = liveQuery(() => readLines(userdata, noteId)).subscribe({ next })
    return () => subscription.unsubscribe()
  }

  /**
   * A write, then a sync. When the device is full, the magazine (it can be downloaded again) leaves the
   * device first and the write is tried once more: what she typed comes before the stories (design §2).
   */
  async function after<T>(write: () => Promise<T>): Promise<T> {
    let result: T
    try {
      result = await write()
    } catch (error) {
      if (!isQuotaError(error) || !(await makeRoom())) throw error
      result = await write()
    }
    sync.requestSync()
    return result
  }

  async function makeRoom(): Promise<boolean> {
    try {
      await useMagazineStore().clearCache()
      madeRoomAt.value = Date.now()
      return true
    } catch {
      return false
    }
  }

  return {
    notes, active, trash, doetanks, isLoaded, madeRoomAt, subscribe, stateOf, conflictCopiesOf, createNew, takeIsNew, recoverDrafts, watchLines,
    get: (id: string) => readNote(userdata, id),
    create: (fields?: Partial<NoteFields>) => after(() => createNote(userdata, fields)),
    /** `baseRevision`: the revision the fields were made on, when the editor may have it older than the row. */
    save: (id: string, fields: NoteFields, baseRevision?: number) => after(() => saveNote(userdata, id, fields, Date.now(), baseRevision)),
    remove: (id: string) => after(() => deleteNote(userdata, id)),
    /** [N9] Saved at once and queued for sync; the line, or undefined for blank text. */
    addLine: (noteId: string, text: string) => after(() => addLine(userdata, noteId, text)),
    restore: (id: string) => after(() => restoreNote(userdata, id)),
    purge: (id: string) => after(() => purgeNote(userdata, id)),
    /** Another write of her note (a photo): the magazine leaves a full device first, as for her text. */
    withRoom: after,
    emptyTrash: () => Promise.all(trash.value.map((note) => purgeNote(userdata, note.id))).then(() => sync.requestSync()),
  }
})
