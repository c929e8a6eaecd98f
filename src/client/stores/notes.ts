// The reader's Doetank notes: read live from `userdata`, written through user actions that queue a
// mutation in the same transaction, then a sync is requested.
import { liveQuery } from 'dexie'
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { NoteFields } from '../../shared/sync/note'
import { userdata } from '../db/instances'
import { createNote, deleteNote, noteSyncState, type NoteSyncState, pendingKeys, purgeNote, readNote, readNotes, restoreNote, saveNote } from '../db/user-actions'
import type { NoteRow } from '../db/userdata'
import { useAccountStore } from './account'
import { useSyncStore } from './sync'

export const useNotesStore = defineStore('notes', () => {
  const account = useAccountStore()
  const sync = useSyncStore()
  const notes = shallowRef<NoteRow[]>([])
  const queuedKeys = shallowRef<ReadonlySet<string>>(new Set())
  const isLoaded = shallowRef(false)
  let isSubscribed = false

  function subscribe(): void {
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

  function stateOf(note: NoteRow): NoteSyncState {
    return noteSyncState(note, queuedKeys.value, account.user !== null)
  }

  function conflictCopiesOf(id: string): NoteRow[] {
    return notes.value.filter((note) => note.conflictOf === id && note.deletedAt === null)
  }

  async function after<T>(action: Promise<T>): Promise<T> {
    const result = await action
    sync.requestSync()
    return result
  }

  return {
    notes, active, trash, isLoaded, subscribe, stateOf, conflictCopiesOf,
    get: (id: string) => readNote(userdata, id),
    create: (fields?: Partial<NoteFields>) => after(createNote(userdata, fields)),
    save: (id: string, fields: NoteFields) => after(saveNote(userdata, id, fields)),
    remove: (id: string) => after(deleteNote(userdata, id)),
    restore: (id: string) => after(restoreNote(userdata, id)),
    purge: (id: string) => after(purgeNote(userdata, id)),
    emptyTrash: () => Promise.all(trash.value.map((note) => purgeNote(userdata, note.id))).then(() => sync.requestSync()),
  }
})
