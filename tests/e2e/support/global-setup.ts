// The e2e suite runs against the built app (with its service worker), never the dev server.
import { existsSync } from 'node:fs'
import path from 'node:path'

export default function globalSetup(): void {
  // DIST_DIR (passed on to every server the suite starts) lets parallel work test its own build.
  const distDir = path.resolve(process.env.DIST_DIR ?? 'dist')
  if (!existsSync(path.join(distDir, 'index.html')) || !existsSync(path.join(distDir, 'sw.js'))) {
    throw new Error(`No built app in ${distDir}: run \`npm run build\` first (npm test does).`)
  }
}
