// Remembers how far she scrolled in a story, and brings her back there next time.
import { nextTick, onBeforeUnmount } from 'vue'
import { PROGRESS_SAVE_DELAY_MS } from '../constants'
import { useReadingStore } from '../stores/reading'

export function scrollFraction(): number {
  const scrollable = document.documentElement.scrollHeight - window.innerHeight
  return scrollable <= 0 ? 1 : window.scrollY / scrollable
}

export function useReadingPosition(getSlug: () => string | undefined) {
  const reading = useReadingStore()
  let timer: ReturnType<typeof setTimeout> | undefined
  // The story the pending save belongs to: the reader may have moved on to another one by then.
  let pendingSlug: string | undefined
  let isRestoring = false

  const saveNow = () => {
    clearTimeout(timer)
    timer = undefined
    const slug = pendingSlug ?? getSlug()
    pendingSlug = undefined
    if (slug && !isRestoring && slug === getSlug()) void reading.save(slug, scrollFraction())
  }
  const onScroll = () => {
    if (timer !== undefined) return
    pendingSlug = getSlug()
    timer = setTimeout(saveNow, PROGRESS_SAVE_DELAY_MS)
  }
  const onHide = () => {
    if (document.visibilityState === 'hidden') saveNow()
  }

  async function restore(): Promise<void> {
    const slug = getSlug()
    if (!slug) return
    const position = await reading.positionOf(slug)
    if (!position) return
    isRestoring = true
    await nextTick()
    await new Promise((resolve) => requestAnimationFrame(resolve))
    const scrollable = document.documentElement.scrollHeight - window.innerHeight
    window.scrollTo({ top: Math.round(position * scrollable), behavior: 'instant' })
    isRestoring = false
  }

  window.addEventListener('scroll', onScroll, { passive: true })
  document.addEventListener('visibilitychange', onHide)
  window.addEventListener('pagehide', saveNow)
  onBeforeUnmount(() => {
    if (timer !== undefined) saveNow()
    window.removeEventListener('scroll', onScroll)
    document.removeEventListener('visibilitychange', onHide)
    window.removeEventListener('pagehide', saveNow)
  })

  return { restore, saveNow }
}
