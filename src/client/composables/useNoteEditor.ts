// One note in the editor: loaded from `userdata`, saved shortly after every change and at once when
// the page is hidden or left, updated from a pull while she is not typing, and its conflict copy resolved.
import { computed, ref, shallowRef, watch } from 'vue'
import { emptyNoteFields, type NoteFields } from '../../shared/sync/note'
import { isQuotaError } from '../db/quota-error'
import type { NoteRow } from '../db/userdata'
import { useI18n } from '../i18n'
import { useNotesStore } from '../stores/notes'
import { useAutosave } from './useAutosave'
import { useNoteDrafts } from './useNoteDrafts'

export function useNoteEditor(id: () => string) {
  const { t } = useI18n()
  const notes = useNotesStore()
  const fields = ref<NoteFields>(emptyNoteFields())
  const stored = shallowRef<NoteRow | undefined>()
  const isLoading = ref(true)
  /** True once for a note "Nieuwe notitie" just made: the view puts the cursor in the title. */
  const isNew = ref(false)
  // Her fields build on the version the editor last showed (`stored`): a pull may have put a newer one in
  // the row while she typed, and her save must be merged with it, not overwrite it ([N2]).
  const autosave = useAutosave(() => notes.save(id(), fields.value, stored.value?.revision))
  // A tab closed before that save lands keeps its last words here (see useNoteDrafts).
  useNoteDrafts(id, fields, { hasUnsaved: () => autosave.isDirty.value || autosave.isSaving.value })

  // Every change she makes saves; replacing the fields with a stored version does not.
  let isReplacing = false
  function replaceFields(next: NoteFields): void {
    isReplacing = true
    fields.value = { ...next, werkvormen: [...next.werkvormen], tags: [...next.tags] }
    isReplacing = false
  }
  watch(fields, () => {
    if (!isReplacing) autosave.changed()
  }, { deep: true, flush: 'sync' })

  /** Reading the note failed (the browser's storage refused): the view says so and offers to try again. */
  const loadError = shallowRef<unknown>(null)
  async function load(): Promise<void> {
    isLoading.value = true
    loadError.value = null
    try {
      notes.subscribe()
      await notes.recoverDrafts()
      stored.value = await notes.get(id())
      if (stored.value) replaceFields(stored.value.fields)
      isNew.value = notes.takeIsNew(id())
    } catch (error) {
      loadError.value = error
    } finally {
      isLoading.value = false
    }
  }

  // A pull brought a newer version (merged on the server): show it, unless she is typing. The list's
  // liveQuery answer can be older than her last save (under load it lands after it): taken as is, it
  // would put back fields without her last words, and her next keystroke would save that. So the row
  // is read again, and used only if no save happened meanwhile.
  const isTyping = () => autosave.isDirty.value || autosave.isSaving.value
  watch(
    () => notes.notes.find((note) => note.id === id()),
    async (latest) => {
      if (!latest || isTyping()) return
      const savedBefore = autosave.lastSavedAt.value
      const fresh = await notes.get(id())
      if (!fresh || isTyping() || autosave.lastSavedAt.value !== savedBefore) return
      stored.value = fresh
      if (JSON.stringify(fresh.fields) !== JSON.stringify(fields.value)) replaceFields(fresh.fields)
    },
  )

  const copy = computed(() => notes.conflictCopiesOf(id())[0])
  const saveLabel = computed(() => {
    if (isQuotaError(autosave.error.value)) return t('notes.saveFailedFull')
    if (autosave.error.value) return t('notes.saveFailed')
    if (autosave.isDirty.value || autosave.isSaving.value) return t('notes.saving')
    return autosave.lastSavedAt.value ? t('notes.saved') : ''
  })
  /** Saving failed because the device is full: the view offers to make room. */
  const isStorageFull = computed(() => isQuotaError(autosave.error.value))
  /** The device was full and the magazine left it so that her note could be saved. */
  const madeRoom = computed(() => notes.madeRoomAt !== null)
  const syncState = computed(() => (stored.value ? notes.stateOf(stored.value) : undefined))
  const isMissing = computed(() => !isLoading.value && loadError.value === null && !stored.value && !autosave.lastSavedAt.value)

  async function keepThis(): Promise<void> {
    if (copy.value) await notes.purge(copy.value.id)
  }
  async function keepThat(): Promise<void> {
    const chosen = copy.value
    if (!chosen) return
    replaceFields(chosen.fields)
    await notes.save(id(), fields.value, stored.value?.revision)
    await notes.purge(chosen.id)
  }
  /** [N3] Her choices field by field: the note becomes that, and the copy goes on every device. */
  async function resolveWith(resolved: NoteFields): Promise<void> {
    const chosen = copy.value
    if (!chosen) return
    replaceFields(resolved)
    await notes.save(id(), fields.value, stored.value?.revision)
    await notes.purge(chosen.id)
  }
  async function remove(): Promise<void> {
    await autosave.flush()
    await notes.remove(id())
  }

  return { fields, stored, copy, isLoading, loadError, isNew, isMissing, saveLabel, isStorageFull, madeRoom, syncState, load, flush: autosave.flush, keepThis, keepThat, resolveWith, remove }
}
