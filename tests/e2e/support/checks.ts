// Checks the e2e specs share: the magazine as the server has it, and axe-core at WCAG 2.1 AA.
import AxeBuilder from '@axe-core/playwright'
import { type APIRequestContext, expect, type Page } from '@playwright/test'
import { imageUrls } from '../../../src/shared/content/image-urls'
import type { ContentDelta } from '../../../src/shared/content/types'

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']

export async function fetchMagazine(request: APIRequestContext, serverUrl: string): Promise<ContentDelta> {
  return (await (await request.get(`${serverUrl}/api/v1/content`)).json()) as ContentDelta
}

/** How many distinct images the magazine shows: what the device must have cached. */
export function imageCount(delta: ContentDelta): number {
  return imageUrls(delta.items).length
}

/** Zero axe violations on the page as it is, in the given colour schemes (then back to light). */
export async function expectNoAxeViolations(page: Page, colorSchemes: ('light' | 'dark')[] = ['light']): Promise<void> {
  for (const colorScheme of colorSchemes) {
    await page.emulateMedia({ colorScheme })
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()
    expect(results.violations.map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  }
  await page.emulateMedia({ colorScheme: 'light' })
}
