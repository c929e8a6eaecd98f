// After a move to another page inside the app, focus goes to the new page's heading, as a page load
// puts a screen reader at the top of the new page. Without it, focus stays on a link that is gone (so
// on the body: the next Tab starts at the top, and a screen reader says nothing) or in the menu. A view
// that put focus somewhere in its own content (the note editor's title field) keeps it.
import { nextTick } from 'vue'
import type { Router } from 'vue-router'

/** How long a page that reads its content from IndexedDB (the reader) may take to show its heading. */
const HEADING_WAIT_MS = 1000

export function focusNewPage(): void {
  const main = document.getElementById('main')
  if (!main) return
  const focusTarget = (heading: HTMLElement | null) => {
    const active = document.activeElement
    if (active && active !== main && active.isConnected && main.contains(active)) return
    // She is typing (the header's search moves to the results page as she types): never take that away.
    if (active?.isConnected && active.matches('input, textarea, select, [contenteditable]')) return
    if (heading && !heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
    ;(heading ?? main).focus({ preventScroll: true })
  }
  const heading = main.querySelector('h1')
  if (heading) return focusTarget(heading)
  const observer = new MutationObserver(() => {
    const shown = main.querySelector('h1')
    if (!shown) return
    observer.disconnect()
    clearTimeout(timer)
    focusTarget(shown)
  })
  const timer = setTimeout(() => {
    observer.disconnect()
    focusTarget(null)
  }, HEADING_WAIT_MS)
  observer.observe(main, { childList: true, subtree: true })
}

export function useRouteFocus(router: Router): void {
  router.afterEach((to, from, failure) => {
    // The first page load, a query change on the same page (filters, search) and a cancelled move keep
    // focus where it is.
    if (failure || from.matched.length === 0 || to.path === from.path) return
    void nextTick(() => requestAnimationFrame(focusNewPage))
  })
}
