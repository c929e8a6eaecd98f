// Every HTML answer carries the strict Content-Security-Policy (no inline script, no plugins, no
// <base>, no framing) and nosniff: the app shell, its deep links, the fallback for unknown paths. SVG
// is a document that can run script too when opened on its own: it gets the same policy.
import { describe, expect, it } from 'vitest'
import { writeContentImage } from '../../factories/content-factory'
import { buildTestApp, TEST_INDEX_HTML } from '../helpers/test-app'
import { TEST_DATABASES } from '../helpers/test-databases'

const PAGES = [
  '/',
  '/index.html',
  '/lezen/verhaal-buurtloket',
  '/lezen/%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '/notities',
  '/notities/nieuw',
  '/notities/4b0a3c1e-2d5f-4c6a-9b7e-8f1d2c3b4a5e',
  '/zoeken?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
  '/werkvormen/een-werkvorm/sessie',
  '/account',
  '/bestaat/niet/diep',
  '/offline',
  '/404.html',
]

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...values]) => [name!, values]))
}

/** The policy's promises, read from the header rather than compared as one string: a looser header fails here. */
function expectStrictPolicy(headers: Record<string, unknown>, what: string): void {
  const csp = String(headers['content-security-policy'] ?? '')
  const policy = directives(csp)
  expect(policy.get('default-src'), `${what}: ${csp}`).toEqual(["'self'"])
  expect(policy.get('script-src'), `${what}: ${csp}`).toEqual(["'self'"])
  expect(policy.get('object-src'), `${what}: ${csp}`).toEqual(["'none'"])
  expect(policy.get('frame-ancestors'), `${what}: ${csp}`).toEqual(["'none'"])
  expect(["'self'", "'none'"]).toContain(policy.get('base-uri')?.join(' '))
  expect(policy.get('form-action'), `${what}: ${csp}`).toEqual(["'self'"])
  for (const [name, values] of policy) {
    expect(values, `${what}: ${name}`).not.toContain("'unsafe-inline'")
    expect(values, `${what}: ${name}`).not.toContain("'unsafe-eval'")
    expect(values, `${what}: ${name}`).not.toContain('*')
    if (name !== 'img-src') expect(values, `${what}: ${name}`).not.toContain('data:')
  }
  expect(headers['x-content-type-options'], what).toBe('nosniff')
  expect(headers['x-frame-options'], what).toBe('DENY')
}

describe.each(TEST_DATABASES)('Content-Security-Policy on every HTML answer on $name', (testDatabase) => {
  it('answers each page of the app with index.html under the strict policy', async () => {
    const { app } = await buildTestApp(testDatabase)
    for (const url of PAGES) {
      const response = await app.inject({ url, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } })
      expect(response.statusCode, url).toBe(200)
      expect(response.headers['content-type'], url).toMatch(/^text\/html/)
      expect(response.body, url).toBe(TEST_INDEX_HTML)
      expectStrictPolicy(response.headers, url)
    }
  })

  it('never answers HTML without the policy, whatever the path, method or Accept', async () => {
    const { app } = await buildTestApp(testDatabase)
    const accepts = ['text/html', '*/*', 'application/json', '']
    const urls = [...PAGES, '/api/v1/nope', '/api/v1/content?x=1', '/media/weg.svg', '/assets/weg.js', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fpackage.json']
    for (const url of urls) {
      for (const accept of accepts) {
        for (const method of ['GET', 'HEAD', 'POST', 'DELETE'] as const) {
          const response = await app.inject({ method, url, headers: accept ? { accept } : {} })
          const what = `${method} ${url} (Accept: ${accept})`
          expect(response.statusCode, what).toBeLessThan(500)
          expect(response.headers['x-content-type-options'], what).toBe('nosniff')
          if (String(response.headers['content-type'] ?? '').startsWith('text/html')) expectStrictPolicy(response.headers, what)
          expect(response.body, what).not.toContain('"name": "slimmernetwerk"')
        }
      }
    }
  })

  it('serves a content SVG under the strict policy too, so that a script in it cannot run when it is opened on its own', async () => {
    const { app, contentDir } = await buildTestApp(testDatabase)
    writeContentImage(contentDir, 'kwaad.svg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>')
    const response = await app.inject({ url: '/media/kwaad.svg', headers: { accept: 'text/html' } })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/)
    expectStrictPolicy(response.headers, '/media/kwaad.svg')
  })
})
