// Whether HTML is inert: parsed as a browser would (happy-dom), every element on an allow-list, every
// attribute on one, no on* handler, and every href/src a web or mail address once the URL parser has
// read it (it drops tabs, newlines and leading control characters, as `jav&#x09;ascript:` counts on).
// The HTML is checked again after one serialize-and-parse round trip: that is where mutation XSS shows.
import { Window } from 'happy-dom'

/** What sanitize-html lets through (content/render-markdown.ts) and what CommonMark makes of a note. */
export const INERT_TAGS = new Set([
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre',
  'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'figure', 'figcaption',
])
const INERT_ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'rel', 'loading', 'decoding', 'start', 'scope'])
/** Named for a clear message: also off the allow-list, but these are the ones that run script or load a page. */
const DANGEROUS_TAGS = /^(script|iframe|frame|frameset|object|embed|applet|style|link|meta|base|form|svg|math|noscript|template|textarea|xmp|noembed|plaintext|input|button|select|details)$/
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:'])
/** A literal tag a browser would make an element of, whatever the DOM below says. */
const RAW_DANGEROUS_TAG = /<\s*\/?\s*(html|head|body|script|iframe|frame|object|embed|applet|style|link|meta|base|form|svg|math|noscript|template)\b/i

const window = new Window({
  url: 'https://slimmernetwerk.test/lezen/verhaal',
  settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true },
})

function parse(html: string) {
  const template = window.document.createElement('template')
  template.innerHTML = html
  return template
}

function problemsOfTree(html: string, round: string): string[] {
  const problems: string[] = []
  const template = parse(html)
  for (const element of template.content.querySelectorAll('*')) {
    const tag = element.localName
    if (DANGEROUS_TAGS.test(tag)) problems.push(`${round}: a <${tag}> element`)
    else if (!INERT_TAGS.has(tag)) problems.push(`${round}: <${tag}> is not on the allow-list`)
    for (const attribute of element.attributes) {
      const { name } = attribute
      const value = attribute.value ?? ''
      if (/^on/i.test(name)) problems.push(`${round}: <${tag} ${name}="${value}"> is an event handler`)
      else if (!INERT_ATTRIBUTES.has(name.toLowerCase())) problems.push(`${round}: <${tag} ${name}> is not on the allow-list`)
      if (name === 'href' || name === 'src') {
        let scheme: string
        try {
          scheme = new URL(value, window.location.href).protocol
        } catch {
          scheme = 'unparseable'
        }
        if (!SAFE_SCHEMES.has(scheme) || (name === 'src' && scheme === 'mailto:')) problems.push(`${round}: <${tag} ${name}="${value}"> is a ${scheme} URL`)
      }
    }
  }
  return problems
}

/** Everything that makes the HTML not inert; empty when it is. */
export function inertHtmlProblems(html: string): string[] {
  const problems = problemsOfTree(html, 'as sent')
  const raw = RAW_DANGEROUS_TAG.exec(html)
  if (raw) problems.push(`as sent: the literal tag "${raw[0]}"`)
  // What v-html inserts, a browser may serialize and parse again (an editor, a copy, a sanitizer of its own).
  problems.push(...problemsOfTree(parse(html).innerHTML, 'reparsed'))
  return problems
}

/** The text a reader sees, typographic quotes as the straight quotes typed, runs of white space as one space. */
export function visibleText(html: string): string {
  return (parse(html).content.textContent ?? '')
    .replace(/[“”„]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/\s+/g, ' ')
}

/** The text of each element the selector finds, in document order. */
export function textsOf(html: string, selector: string): string[] {
  return [...parse(html).content.querySelectorAll(selector)].map((element) => element.textContent ?? '')
}
