// The sweep covers every API route: a route the server answers that SWEPT_ROUTES does not name fails
// here, so that it gets its CSRF, validation and session checks before it ships.
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../helpers/test-app'
import { TEST_DATABASES } from '../helpers/test-databases'
import { routeName, SWEPT_ROUTES } from './api-sweep'

/** `METHOD /path` for every route in Fastify's route tree (HEAD left out: Fastify adds it to each GET). */
function routesOf(tree: string): string[] {
  const found: string[] = []
  const stack: { depth: number; path: string }[] = []
  for (const line of tree.split('\n')) {
    const match = /^([│ ├└─]*)(\S.*?) \(([A-Z, ]+)\)$/.exec(line)
    if (!match) continue
    const depth = match[1]!.length
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop()
    const path = `${stack[stack.length - 1]?.path ?? ''}${match[2]}`
    stack.push({ depth, path })
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') found.push(`${method} ${path}`)
  }
  return found
}

describe.each(TEST_DATABASES)('the security sweep’s route table on $name', (testDatabase) => {
  it('names every API route the server has, and only routes it has', async () => {
    const { app } = await buildTestApp(testDatabase)
    const served = routesOf(app.printRoutes({ commonPrefix: false }))
    // The parse found the tree (a change of printRoutes' format must not make this test pass by finding nothing).
    expect(served).toContain('GET /api/v1/health')
    expect(served).toContain('GET /')
    const apiRoutes = served.filter((route) => route.split(' ')[1]!.startsWith('/api/')).sort()
    expect(apiRoutes).toEqual(SWEPT_ROUTES.map(routeName).sort())
    for (const route of SWEPT_ROUTES) expect(app.hasRoute({ method: route.method, url: route.route }), routeName(route)).toBe(true)
  })
})
