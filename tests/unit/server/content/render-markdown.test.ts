import { describe, expect, it } from 'vitest'
import { countWords, readingMinutes, renderMarkdown, WORDS_PER_MINUTE } from '../../../../src/server/content/render-markdown'

const IMAGES: Record<string, string> = { 'images/foto.png': '/media/foto.png?v=0123456789ab' }
const render = (source: string) => renderMarkdown(source, { resolveImage: (reference) => IMAGES[reference] })

const SAFE_TAGS = new Set(['h2', 'h3', 'h4', 'p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'a', 'img'])

/** Every real element in the HTML, with its attributes (sanitize-html writes them double-quoted). */
function elementsOf(html: string): { tag: string; attributes: Record<string, string> }[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)].map(([, tag, rest]) => ({
    tag: tag!.toLowerCase(),
    attributes: Object.fromEntries([...rest!.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)].map(([, name, value]) => [name!.toLowerCase(), value ?? ''])),
  }))
}

function expectInert(html: string): void {
  for (const { tag, attributes } of elementsOf(html)) {
    expect(SAFE_TAGS, `<${tag}> in ${html}`).toContain(tag)
    for (const [name, value] of Object.entries(attributes)) {
      expect(name, `event handler in ${html}`).not.toMatch(/^on/)
      if (name === 'href' || name === 'src') expect(value, `${name} in ${html}`).toMatch(/^(https?:|mailto:|\/[^/]|#)/)
    }
  }
}

describe('renderMarkdown', () => {
  it.each([
    ['a script tag', '<script>alert(1)</script>'],
    ['an image with onerror', '<img src=x onerror=alert(1)>'],
    ['a Markdown link to javascript:', '[klik](javascript:alert(1))'],
    ['a Markdown link to JaVaScRiPt: in mixed case', '[klik](JaVaScRiPt:alert(1))'],
    ['a Markdown link to an encoded javascript:', '[klik](&#106;avascript:alert(1))'],
    ['an HTML link to javascript:', '<a href="javascript:alert(1)">klik</a>'],
    ['an iframe', '<iframe src="https://evil.example/"></iframe>'],
    ['an svg with onload', '<svg onload=alert(1)>'],
    ['a link to a data: HTML page', '[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['a link to a data: image', '[klik](data:image/png;base64,iVBORw0KGgo=)'],
    ['a protocol-relative link', '[klik](//evil.example/)'],
    ['a Markdown image with javascript:', '![foto](javascript:alert(1))'],
    ['a raw HTML block with onclick', 'Tekst\n\n<div onclick="alert(1)">klik</div>\n'],
    ['a style tag', '<style>body { display: none }</style>'],
  ])('makes %s inert', (_name, source) => {
    expectInert(render(source).html)
  })

  it('shows raw HTML in Markdown as text instead of running it', () => {
    const { html } = render('Zet <script>alert(1)</script> niet in een verhaal.')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).not.toContain('<script')
  })

  it('drops the link but keeps its text when the scheme is not allowed', () => {
    expect(render('[klik](data:image/png;base64,iVBORw0KGgo=)').html).toBe('<p><a>klik</a></p>\n')
  })

  it('turns a # heading into h2, because the page title is the only h1', () => {
    const { html } = render('# Kop\n\n## Tussenkop')
    expect(html).toBe('<h2>Kop</h2>\n<h2>Tussenkop</h2>\n')
  })

  it('gives external links rel="noopener noreferrer" and leaves links within the app alone', () => {
    const { html } = render('[extern](https://example.org/) en [hier](/lezen/iets) en https://example.com')
    expect(html).toContain('<a href="https://example.org/" rel="noopener noreferrer">extern</a>')
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer">https://example.com</a>')
    expect(html).toContain('<a href="/lezen/iets">hier</a>')
  })

  it('points images at their cache-safe /media/ URL and loads them lazily', () => {
    const { html, missingImages } = render('![Een foto van de flip-over](images/foto.png)')
    expect(html).toBe('<p><img src="/media/foto.png?v=0123456789ab" alt="Een foto van de flip-over" loading="lazy" decoding="async" /></p>\n')
    expect(missingImages).toEqual([])
  })

  it('reports images that do not exist, and leaves no broken image behind', () => {
    const { html, missingImages } = render('![weg](images/weg.png)\n\n![ook weg](https://example.org/x.png)')
    expect(missingImages).toEqual(['images/weg.png', 'https://example.org/x.png'])
    expect(html).not.toContain('<img')
  })
})

describe('reading time', () => {
  it('counts the words a reader meets, not the tags', () => {
    expect(countWords('<p>Een <strong>korte</strong> zin.</p>\n<h2>Kop</h2>')).toBe(4)
    expect(countWords('— · ---')).toBe(0)
  })

  it('grows with the number of words, and is at least one minute', () => {
    expect(readingMinutes(0)).toBe(1)
    expect(readingMinutes(WORDS_PER_MINUTE)).toBe(1)
    expect(readingMinutes(5 * WORDS_PER_MINUTE)).toBe(5)
    const minutes = [100, 1_000, 2_000, 4_000].map(readingMinutes)
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b))
    expect(minutes[3]).toBeGreaterThan(minutes[1]!)
  })

  it('measures a rendered story: a longer text takes longer to read', () => {
    const story = (words: number) => countWords(render(Array.from({ length: words }, () => 'woord').join(' ')).html)
    expect(story(900)).toBe(900)
    expect(readingMinutes(story(1_800))).toBeGreaterThan(readingMinutes(story(900)))
  })
})
