// Saves as she types: shortly after she pauses, at least every AUTOSAVE_MAX_WAIT_MS while she keeps
// typing (so no keystroke waits longer than that to be saved), and at once when the page is hidden or
// left, so that closing the app mid-sentence loses nothing.
import { onBeforeUnmount, ref } from 'vue'

/** Below AUTOSAVE_MAX_WAIT_MS, so that a pause still saves sooner than the maximum wait. */
export const AUTOSAVE_DELAY_MS = 150
/**
 * Keystroke to saved stays within the design's 500 ms: this, plus one IndexedDB write, which takes up
 * to ~250 ms on a phone-speed CPU (`BENCH_ONLY=notes npm run bench`, 4× slowdown; at 400 ms here its p95 was 500–600 ms).
 */
export const AUTOSAVE_MAX_WAIT_MS = 250

export function useAutosave(save: () => Promise<void>, options: { delayMs?: number; maxWaitMs?: number } = {}) {
  const delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS
  const maxWaitMs = options.maxWaitMs ?? AUTOSAVE_MAX_WAIT_MS
  /** When the oldest unsaved change was made; null when everything is saved or on its way. */
  let dirtySince: number | null = null
  const isDirty = ref(false)
  const isSaving = ref(false)
  const lastSavedAt = ref<number | null>(null)
  const error = ref<unknown>(null)
  let timer: ReturnType<typeof setTimeout> | undefined
  let saving: Promise<void> = Promise.resolve()

  function flush(): Promise<void> {
    clearTimeout(timer)
    timer = undefined
    dirtySince = null
    if (!isDirty.value) return saving
    isDirty.value = false
    isSaving.value = true
    saving = saving
      .then(save)
      .then(() => {
        lastSavedAt.value = Date.now()
        error.value = null
      })
      .catch((caught: unknown) => {
        // Keep it dirty: the next change or flush tries again, and the view says saving failed.
        isDirty.value = true
        error.value = caught
      })
      .finally(() => {
        isSaving.value = false
      })
    return saving
  }

  function changed(): void {
    isDirty.value = true
    const now = Date.now()
    dirtySince ??= now
    clearTimeout(timer)
    timer = setTimeout(() => void flush(), Math.max(0, Math.min(delayMs, dirtySince + maxWaitMs - now)))
  }

  const onHide = () => {
    if (document.visibilityState === 'hidden') void flush()
  }
  document.addEventListener('visibilitychange', onHide)
  window.addEventListener('pagehide', flush)
  onBeforeUnmount(() => {
    document.removeEventListener('visibilitychange', onHide)
    window.removeEventListener('pagehide', flush)
    void flush()
  })

  return { isDirty, isSaving, lastSavedAt, error, changed, flush }
}
