// A textarea that grows with its text. Browsers with CSS `field-sizing: content` do it themselves; the
// others get their height set here through the CSSOM (allowed by the CSP, unlike inline style attributes).
import { nextTick, onBeforeUnmount, onMounted, type Ref, watch } from 'vue'

export interface UseNoteTextareaGrowReturn {
  /** True where this composable sets the height (no CSS field-sizing). */
  isFallback: boolean
  resize: () => void
}

/** True where CSS grows the field and this composable has nothing to do. */
export function hasCssFieldSizing(): boolean {
  return typeof CSS !== 'undefined' && typeof CSS.supports === 'function' && CSS.supports('field-sizing', 'content')
}

export function useNoteTextareaGrow(textarea: Ref<HTMLTextAreaElement | null>, value: () => string): UseNoteTextareaGrowReturn {
  const isFallback = !hasCssFieldSizing()

  function resize(): void {
    const el = textarea.value
    if (!isFallback || !el) return
    const style = getComputedStyle(el)
    const borders = (Number.parseFloat(style.borderTopWidth) || 0) + (Number.parseFloat(style.borderBottomWidth) || 0)
    // Shrink first, so that deleted lines give their space back, then fit the content.
    el.style.height = 'auto'
    el.style.height = `${el.scrollHeight + borders}px`
  }

  if (isFallback) {
    watch(value, () => void nextTick(resize))
    onMounted(() => {
      resize()
      // A narrower screen (rotation, text zoom) wraps more lines.
      window.addEventListener('resize', resize)
    })
    onBeforeUnmount(() => window.removeEventListener('resize', resize))
  }
  return { isFallback, resize }
}
