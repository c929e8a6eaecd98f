// Markdown to safe HTML, done once on the server: the client inserts this HTML as it is.
import MarkdownIt from 'markdown-it'
import sanitizeHtml from 'sanitize-html'

/** Bump when rendering changes, so that every item is rendered and sent again. */
export const RENDERER_VERSION = 1

// Raw HTML in Markdown is not rendered at all; the sanitizer below is the second line of defence.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true })

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2', 'h3', 'h4', 'p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre',
    'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'figure', 'figcaption',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'loading', 'decoding'],
    ol: ['start'],
    th: ['scope'],
  },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  transformTags: {
    // A story's own title is the page's h1: a `#` inside the body must not compete with it.
    h1: 'h2',
    a: (tagName, attribs) => ({
      tagName,
      attribs: /^https?:/.test(attribs.href ?? '') ? { ...attribs, rel: 'noopener noreferrer' } : attribs,
    }),
  },
}

export interface RenderOptions {
  /** Maps an `images/<file>` reference to its public URL; answers undefined when the file does not exist. */
  resolveImage: (reference: string) => string | undefined
}

export function renderMarkdown(source: string, options: RenderOptions): { html: string; missingImages: string[] } {
  const missingImages: string[] = []
  const raw = markdown.render(source)
  const html = sanitizeHtml(raw, {
    ...SANITIZE_OPTIONS,
    transformTags: {
      ...SANITIZE_OPTIONS.transformTags,
      img: (tagName, attribs) => {
        const src = attribs.src ?? ''
        const resolved = options.resolveImage(src)
        if (!resolved) missingImages.push(src)
        return { tagName, attribs: { ...attribs, src: resolved ?? '', loading: 'lazy', decoding: 'async' } }
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  })
  return { html, missingImages }
}

/** Words in a text, counted the way a reader meets them (tags stripped). */
export function countWords(text: string): number {
  return text.replace(/<[^>]*>/g, ' ').split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length
}

/** B1 readers on a phone read about 180 words a minute. */
export const WORDS_PER_MINUTE = 180

export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE))
}
