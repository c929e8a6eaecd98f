import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { largestLocaleJs, measureBundle, precacheManifest, staticImports } from '../../../bench/bundle-size'

const FILES: Record<string, string> = {
  'index.html': `<!doctype html><html><head>
    <script type="module" crossorigin src="/assets/entry.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/dep.js">
    <link rel="stylesheet" crossorigin href="/assets/app.css">
    <link rel="manifest" href="/manifest.webmanifest"></head><body><div id="app"></div></body></html>`,
  'assets/entry.js': `const __vite__mapDeps=(i)=>i.map(x=>["assets/lazy.js"][x]);import{a as d}from"./dep.js";` +
    `const s='import x from "./fake.js"';document.body.onclick=()=>import("./lazy.js").then(m=>m.go(d,s));`,
  'assets/dep.js': `export*from"./deep.js";export const a=${JSON.stringify('d'.repeat(300))};`,
  'assets/deep.js': 'export const b=2;',
  'assets/lazy.js': `import{b}from"./lazy-dep.js";export function go(){return b+${JSON.stringify('x'.repeat(900))}}`,
  'assets/lazy-dep.js': 'export const b=1;',
  'assets/en-extra-Ab1_x.js': `export default{a:${JSON.stringify('Englisch '.repeat(40))}}`,
  'assets/en-Cd2-y.js': `export default{b:${JSON.stringify('English '.repeat(20))}}`,
  'assets/nl-extra-Ef3.js': `export default{c:${JSON.stringify('Nederlands '.repeat(30))}}`,
  'assets/entry-en.js': 'export const x=1;',
  'assets/app.css': 'body{margin:0}',
  'sw.js': 'self.x=1;precacheAndRoute([{"revision":"a1","url":"index.html"},{"revision":null,"url":"assets/entry.js"},' +
    '{"revision":null,"url":"assets/lazy.js"},{"revision":"a1","url":"index.html"}]);',
}

const gzip = (name: string) => gzipSync(Buffer.from(FILES[name]!), { level: 9 }).length
const raw = (name: string) => Buffer.byteLength(FILES[name]!)
const total = (names: string[], size: (name: string) => number) => names.reduce((sum, n) => sum + size(n), 0)

describe('measureBundle', () => {
  let dist: string
  beforeAll(() => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'bench-dist-'))
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(dist, name)), { recursive: true })
      writeFileSync(path.join(dist, name), text)
    }
  })
  afterAll(() => rmSync(dist, { recursive: true, force: true }))

  it('counts the entry and its static imports, not what is only imported dynamically', () => {
    const { firstRenderJs } = measureBundle(dist)
    const files = ['assets/deep.js', 'assets/dep.js', 'assets/entry.js']
    expect(firstRenderJs.files.map((f) => f.file)).toEqual(files)
    expect(firstRenderJs.gzip).toBe(total(files, gzip))
    expect(firstRenderJs.raw).toBe(total(files, raw))
    expect(firstRenderJs.notPreloaded).toEqual(['assets/deep.js'])
  })

  it('counts all JS per language without the other language\'s texts, and budgets the larger', () => {
    const report = measureBundle(dist)
    const common = ['assets/deep.js', 'assets/dep.js', 'assets/entry-en.js', 'assets/entry.js', 'assets/lazy-dep.js', 'assets/lazy.js']
    expect(report.allJsByLocale.nl!.files.map((f) => f.file)).toEqual([...common, 'assets/nl-extra-Ef3.js'])
    expect(report.allJsByLocale.en!.files.map((f) => f.file)).toEqual(['assets/deep.js', 'assets/dep.js', 'assets/en-Cd2-y.js', 'assets/en-extra-Ab1_x.js', ...common.slice(2)])
    const en = total([...common, 'assets/en-Cd2-y.js', 'assets/en-extra-Ab1_x.js'], gzip)
    const nl = total([...common, 'assets/nl-extra-Ef3.js'], gzip)
    expect(largestLocaleJs(report)).toEqual(en > nl ? { locale: 'en', gzip: en } : { locale: 'nl', gzip: nl })
  })

  it('reports all JS, first-render CSS and the precache (each URL once)', () => {
    const report = measureBundle(dist)
    const js = ['assets/deep.js', 'assets/dep.js', 'assets/en-Cd2-y.js', 'assets/en-extra-Ab1_x.js', 'assets/entry-en.js', 'assets/entry.js', 'assets/lazy-dep.js', 'assets/lazy.js', 'assets/nl-extra-Ef3.js']
    expect(report.allJs.files.map((f) => f.file)).toEqual(js)
    expect(report.allJs.gzip).toBe(total(js, gzip))
    expect(report.firstRenderCss.gzip).toBe(gzip('assets/app.css'))
    const precached = ['assets/entry.js', 'assets/lazy.js', 'index.html']
    expect(report.precache).toMatchObject({ entries: 4, missing: [], raw: total(precached, raw), gzip: total(precached, gzip) })
  })
})

describe('staticImports', () => {
  it('finds import and export-from statements anywhere at the top level, but not import() or strings', () => {
    expect(staticImports(FILES['assets/entry.js']!)).toEqual(['./dep.js'])
    expect(staticImports('import"./side.js";import*as n from"./ns.js";export{x}from"./re.js";export{y};const y=import.meta.url')).toEqual([
      './side.js',
      './ns.js',
      './re.js',
    ])
  })
})

describe('precacheManifest', () => {
  it('reads the injected array, including brackets inside strings', () => {
    expect(precacheManifest('f([{"url":"a[1].js","revision":"}"}],{})')).toEqual([{ url: 'a[1].js', revision: '}' }])
  })

  it('fails clearly without a manifest', () => {
    expect(() => precacheManifest('precacheAndRoute(self.__WB_MANIFEST)')).toThrow(/no precache manifest/)
  })
})
