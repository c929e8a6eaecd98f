// Driving the app with the keyboard only: Tab moves on, and every stop on the way must show where focus
// is (WCAG 2.4.7). Specs press Enter or Space themselves, as she would.
import { type ElementHandle, expect, type Locator, type Page } from '@playwright/test'

/** What the focused element is, whether it shows it (an outline or ring on it or on the chip around it), and whether it is `target`. */
function describeFocus(page: Page, target: ElementHandle): Promise<{ label: string; isShown: boolean; isTarget: boolean } | null> {
  return page.evaluate((wanted) => {
    const element = document.activeElement as HTMLElement | null
    if (!element || element === document.body) return null
    const shows = (el: Element | null) => {
      if (!el) return false
      const style = getComputedStyle(el)
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none'
    }
    const label = `${element.tagName.toLowerCase()} "${(element.getAttribute('aria-label') ?? element.textContent ?? '').trim().slice(0, 40)}"`
    return { label, isShown: shows(element) || shows(element.parentElement), isTarget: element === wanted }
  }, target)
}

function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === document.activeElement, undefined, { timeout: 1000 }).catch(() => false)
}

/**
 * Presses Tab until `target` has focus (at most `maxStops` presses); fails if it never does, or if a
 * control on the way does not show its focus.
 */
export async function tabTo(page: Page, target: Locator, maxStops = 80): Promise<void> {
  const wanted = await target.elementHandle()
  const stops: string[] = []
  const hidden: string[] = []
  for (let stop = 0; stop < maxStops; stop++) {
    await page.keyboard.press('Tab')
    const focus = await describeFocus(page, wanted)
    if (!focus) continue
    stops.push(focus.label)
    if (!focus.isShown) hidden.push(focus.label)
    if (focus.isTarget) {
      await wanted.dispose()
      expect(hidden, 'controls that do not show their focus').toEqual([])
      return
    }
  }
  throw new Error(`Tab never reached ${target.toString()} in ${maxStops} stops: ${stops.join(' → ')}`)
}

/** Focus is on `target` now (after Enter, a page move, a dialog). */
export async function expectFocusOn(target: Locator): Promise<void> {
  await expect.poll(() => isFocused(target)).toBe(true)
}
