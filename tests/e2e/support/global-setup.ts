// The e2e suite runs against the built app (with its service worker), never the dev server.
import { existsSync } from 'node:fs'
import path from 'node:path'

export default function globalSetup(): void {
  if (!existsSync(path.resolve('dist', 'index.html')) || !existsSync(path.resolve('dist', 'sw.js'))) {
    throw new Error('No built app in dist/: run `npm run build` first (npm test does).')
  }
}
