// Deterministic bundle sizes of a built dist/: what `/` needs before first render, all JS, and the precache.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import ts from 'typescript'

export interface FileSize {
  /** Path relative to the dist folder, with forward slashes. */
  file: string
  raw: number
  /** Bytes after gzip at level 9. */
  gzip: number
}

export interface SizeGroup {
  files: FileSize[]
  raw: number
  gzip: number
}

export interface BundleReport {
  /** Entry module script(s) of index.html, its modulepreloads and everything they import statically. */
  firstRenderJs: SizeGroup & { notPreloaded: string[] }
  /** Stylesheets linked from index.html. */
  firstRenderCss: SizeGroup
  /** Every .js file under assets/, both languages' texts included. */
  allJs: SizeGroup
  /**
   * All JS one person's app can run: every .js file under assets/ except the texts of the other
   * language (a Dutch reader never loads English, and the other way round). The budget applies to the
   * larger of these; the precache, which holds both, is reported apart.
   */
  allJsByLocale: Record<string, SizeGroup>
  /** The files listed in the precache manifest injected into sw.js (each URL once). */
  precache: SizeGroup & { entries: number; missing: string[] }
}

export function measureBundle(distDir: string): BundleReport {
  const html = readFileSync(path.join(distDir, 'index.html'), 'utf8')
  const tags = parseTags(html)
  const entries = tags.filter((t) => t.name === 'script' && t.attrs.type === 'module' && t.attrs.src).map((t) => t.attrs.src!)
  const preloads = tags.filter((t) => t.name === 'link' && hasRel(t.attrs, 'modulepreload') && t.attrs.href).map((t) => t.attrs.href!)
  const styles = tags.filter((t) => t.name === 'link' && hasRel(t.attrs, 'stylesheet') && t.attrs.href).map((t) => t.attrs.href!)
  if (entries.length === 0) throw new Error(`${distDir}/index.html has no <script type="module" src>`)

  const announced = new Set([...entries, ...preloads].flatMap((url) => urlToFile(url) ?? []))
  const firstRender = new Set<string>()
  const queue = [...announced]
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (firstRender.has(file)) continue
    firstRender.add(file)
    const source = readFileSync(path.join(distDir, file), 'utf8')
    for (const specifier of staticImports(source)) {
      if (specifier.startsWith('.')) queue.push(path.posix.join(path.posix.dirname(file), specifier))
    }
  }

  const allJs = listFiles(distDir, 'assets').filter((f) => /\.m?js$/.test(f))
  const manifest = precacheManifest(readFileSync(path.join(distDir, 'sw.js'), 'utf8'))
  const precached = [...new Set(manifest.map((entry) => urlToFile(entry.url)).filter((f): f is string => f !== undefined))]
  const missing = precached.filter((file) => !existsSync(path.join(distDir, file)))

  return {
    firstRenderJs: { ...sizeGroup(distDir, [...firstRender]), notPreloaded: [...firstRender].filter((f) => !announced.has(f)) },
    firstRenderCss: sizeGroup(distDir, styles.flatMap((url) => urlToFile(url) ?? [])),
    allJs: sizeGroup(distDir, allJs),
    allJsByLocale: Object.fromEntries(LOCALES.map((locale) => [locale, sizeGroup(distDir, allJs.filter((file) => !isOtherLocale(file, locale)))])),
    precache: { ...sizeGroup(distDir, precached.filter((f) => !missing.includes(f))), entries: manifest.length, missing },
  }
}

/** The app's languages (src/client/i18n): their texts are chunks named `<locale>-<hash>.js` and `<locale>-extra-<hash>.js`. */
export const LOCALES = ['nl', 'en'] as const

/** A chunk of another language's texts than `locale`. */
function isOtherLocale(file: string, locale: string): boolean {
  const match = /^assets\/([a-z]{2})(?:-extra)?-[\w-]+\.m?js$/.exec(file)
  return match !== null && (LOCALES as readonly string[]).includes(match[1]!) && match[1] !== locale
}

/** The larger of the per-language totals, with its language. */
export function largestLocaleJs(report: BundleReport): { locale: string; gzip: number } {
  return Object.entries(report.allJsByLocale).map(([locale, group]) => ({ locale, gzip: group.gzip })).reduce((a, b) => (b.gzip > a.gzip ? b : a))
}

/** Module specifiers of the static `import … from` / `import "…"` / `export … from` statements; not `import()`. */
export function staticImports(source: string): string[] {
  const file = ts.createSourceFile('chunk.js', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS)
  return file.statements.flatMap((statement) =>
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
    statement.moduleSpecifier &&
    ts.isStringLiteral(statement.moduleSpecifier)
      ? [statement.moduleSpecifier.text]
      : [],
  )
}

/** The array that replaced `self.__WB_MANIFEST` in the built service worker. */
export function precacheManifest(swSource: string): { url: string; revision: string | null }[] {
  const start = swSource.search(/\[\s*\{\s*"(?:url|revision)"\s*:/)
  if (start < 0) throw new Error('no precache manifest ([{"url": …}]) found in sw.js')
  let depth = 0
  let quoted = false
  for (let i = start; i < swSource.length; i++) {
    const c = swSource[i]
    if (quoted) {
      if (c === '\\') i++
      else if (c === '"') quoted = false
    } else if (c === '"') quoted = true
    else if (c === '[' || c === '{') depth++
    else if ((c === ']' || c === '}') && --depth === 0) {
      return JSON.parse(swSource.slice(start, i + 1)) as { url: string; revision: string | null }[]
    }
  }
  throw new Error('the precache manifest in sw.js is not closed')
}

interface Tag {
  name: string
  attrs: Record<string, string | undefined>
}

function parseTags(html: string): Tag[] {
  const tags: Tag[] = []
  for (const [, name, body] of html.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const attrs: Record<string, string> = {}
    for (const [, key, dq, sq, bare] of (body ?? '').matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
      attrs[key!.toLowerCase()] = dq ?? sq ?? bare ?? ''
    }
    tags.push({ name: name!.toLowerCase(), attrs })
  }
  return tags
}

function hasRel(attrs: Tag['attrs'], rel: string): boolean {
  return (attrs.rel ?? '').toLowerCase().split(/\s+/).includes(rel)
}

/** A same-origin URL from index.html or the manifest as a dist-relative path; undefined for other origins. */
function urlToFile(url: string): string | undefined {
  if (/^[a-z][a-z\d+.-]*:|^\/\//i.test(url)) return undefined
  return path.posix.normalize(url.replace(/[?#].*$/, '').replace(/^\/+/, ''))
}

function listFiles(root: string, dir: string): string[] {
  if (!existsSync(path.join(root, dir))) return []
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name)
    return entry.isDirectory() ? listFiles(root, rel) : [rel]
  })
}

function sizeGroup(distDir: string, files: string[]): SizeGroup {
  const sizes = [...new Set(files)].sort().map((file): FileSize => {
    const bytes = readFileSync(path.join(distDir, file))
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
  })
  return { files: sizes, raw: sum(sizes.map((s) => s.raw)), gzip: sum(sizes.map((s) => s.gzip)) }
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0)
