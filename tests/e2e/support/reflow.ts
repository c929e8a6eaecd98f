// WCAG 1.4.10 (reflow) and 1.4.4 (resize text), measured in the page: what would make her scroll
// sideways, or hide part of a control or a heading from her.
import type { Page } from '@playwright/test'

/**
 * Everything on the page that breaks reflow, described so that a failure names it: the document wider
 * than the window; a control or heading that sticks out past the window's edge; or one whose own text
 * is cut off (wider than its box with its overflow hidden, or cut by a box around it that hides
 * overflow). Hidden elements and the skip link (off-screen until focused) do not count.
 */
export function findReflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const width = document.documentElement.clientWidth
    const name = (element: Element): string => {
      const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
      const label = element.getAttribute('aria-label') ?? (element as HTMLInputElement).placeholder ?? ''
      const classes = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : ''
      return `<${element.tagName.toLowerCase()}${classes}> "${text || label}"`
    }
    const hides = (style: CSSStyleDeclaration) => style.overflowX !== 'visible'
    if (document.documentElement.scrollWidth > width) problems.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${width}px window`)

    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=tab], h1, h2, h3, label'
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      if (element.closest('.skip-link, [hidden], [aria-hidden=true]')) continue
      const rect = element.getBoundingClientRect()
      const style = getComputedStyle(element)
      if (rect.width === 0 || rect.height === 0 || style.visibility === 'hidden') continue
      // A visually hidden element (the 1px clip pattern for screen readers) is not seen, so not cut off.
      if (rect.width <= 1 && rect.height <= 1) continue
      if (rect.left < -0.5 || rect.right > width + 0.5) problems.push(`${name(element)} reaches from ${Math.round(rect.left)} to ${Math.round(rect.right)}px in a ${width}px window`)
      if (hides(style) && element.scrollWidth > element.clientWidth + 1 && element.tagName !== 'TEXTAREA' && element.tagName !== 'INPUT')
        problems.push(`${name(element)} cuts off its own text (${element.scrollWidth}px in ${element.clientWidth}px)`)
      for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
        const boxStyle = getComputedStyle(box)
        if (!hides(boxStyle)) continue
        const boxRect = box.getBoundingClientRect()
        // A box that scrolls sideways on purpose (a row of chips) shows the rest when she swipes it.
        const scrolls = boxStyle.overflowX === 'auto' || boxStyle.overflowX === 'scroll'
        if (!scrolls && (rect.left < boxRect.left - 0.5 || rect.right > boxRect.right + 0.5)) problems.push(`${name(element)} is cut off by ${name(box)}`)
        break
      }
    }
    return problems
  })
}
