// The last words before the app closes. A browser closing a tab runs `pagehide` but ends the page
// before IndexedDB answers a read (measured in Chromium), so the Dexie save that starts there is lost.
// localStorage is synchronous: the unsaved fields are written there when the page hides, and saved into
// `userdata` the next time the notes open. A draft is dropped once the normal save has caught up.
import { STORAGE_KEYS } from '../constants'
import { onBeforeUnmount, watch, type Ref } from 'vue'
import type { NoteFields } from '../../shared/sync/note'

export const NOTE_DRAFTS_STORAGE_KEY = STORAGE_KEYS.noteDrafts

export interface NoteDraft {
  fields: NoteFields
  /** When she last typed it: a draft older than the stored note is dropped, not applied. */
  savedAt: number
}

export type NoteDrafts = Record<string, NoteDraft>

export function readNoteDrafts(storage: Storage = localStorage): NoteDrafts {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(NOTE_DRAFTS_STORAGE_KEY) ?? '{}')
    return parsed && typeof parsed === 'object' ? (parsed as NoteDrafts) : {}
  } catch {
    return {}
  }
}

function writeNoteDrafts(drafts: NoteDrafts, storage: Storage): void {
  try {
    if (Object.keys(drafts).length === 0) storage.removeItem(NOTE_DRAFTS_STORAGE_KEY)
    else storage.setItem(NOTE_DRAFTS_STORAGE_KEY, JSON.stringify(drafts))
  } catch {
    // Storage full or blocked: the Dexie save that is under way is all we have.
  }
}

export function putNoteDraft(id: string, fields: NoteFields, savedAt = Date.now(), storage: Storage = localStorage): void {
  writeNoteDrafts({ ...readNoteDrafts(storage), [id]: { fields, savedAt } }, storage)
}

export function removeNoteDraft(id: string, storage: Storage = localStorage): void {
  const drafts = readNoteDrafts(storage)
  if (!(id in drafts)) return
  delete drafts[id]
  writeNoteDrafts(drafts, storage)
}

export interface UseNoteDraftsOptions {
  /** True while there are changes the database may not have yet. */
  hasUnsaved: () => boolean
}

/** Keeps a draft of the note while the page hides with unsaved changes; drops it once they are saved. */
export function useNoteDrafts(id: () => string, fields: Ref<NoteFields>, options: UseNoteDraftsOptions): void {
  const onHide = () => {
    if (options.hasUnsaved()) putNoteDraft(id(), JSON.parse(JSON.stringify(fields.value)) as NoteFields)
  }
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') onHide()
  }
  document.addEventListener('visibilitychange', onVisibility)
  window.addEventListener('pagehide', onHide)
  watch(options.hasUnsaved, (hasUnsaved) => {
    if (!hasUnsaved) removeNoteDraft(id())
  })
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onVisibility)
    window.removeEventListener('pagehide', onHide)
  })
}
