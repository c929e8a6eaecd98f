// axe-core for a sweep over many states of one page: its 1.3 MB source is put into the page once (the
// sweep moves by client-side navigation, so the window stays), where AxeBuilder injects it on every run.
import { createRequire } from 'node:module'
import { type Page } from '@playwright/test'
import { AXE_TAGS } from './checks'

// axe-core as @axe-core/playwright has it: the very version the other specs run.
const axeSource = (createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright'))('axe-core') as { source: string }).source

declare global {
  interface Window {
    axe?: { run: (context: Document, options: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> }
  }
}

/** Runs axe at WCAG 2.1 AA in both colour themes and adds each violation, named by label, to the list. */
export async function collectAxeViolations(page: Page, label: string, violations: string[]): Promise<void> {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource)
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    const found = await page.evaluate(async (tags) => {
      const results = await window.axe!.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
      return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)
    }, AXE_TAGS)
    for (const violation of found) violations.push(`${label} (${colorScheme}) ${violation}`)
  }
  await page.emulateMedia({ colorScheme: 'light' })
}
