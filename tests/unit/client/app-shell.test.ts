// index.html paints a static shell before the app starts; it must say what the app will say,
// or the home page would change under the reader's eyes when Vue mounts.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import nl from '../../../src/client/i18n/nl'

const html = readFileSync('index.html', 'utf8')

describe('the static app shell in index.html', () => {
  it('shows the same intro as the home page, in Dutch', () => {
    expect(html).toContain(`<p class="lead">${nl.home.intro}</p>`)
  })

  it('shows the app name in the header, as App.vue does', () => {
    expect(html).toContain(`<span>${nl.app.name}</span>`)
    expect(html).toMatch(/<html lang="nl"/)
  })

  it('needs no inline script (the CSP allows none)', () => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
  })
})
