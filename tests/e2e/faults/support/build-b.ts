// Builds the app's build B (see build-b.vite.config.ts) once per source tree and keeps it under the
// system's temp dir: the update and upgrade specs both deploy it, and a rebuild costs ~5–10 s on 2 cores.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const CONFIG = 'tests/e2e/faults/support/build-b.vite.config.ts'
/** What build B is made of: a change in any of these makes a new build. */
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json', CONFIG, 'tests/e2e/faults/support/build-b-patch.ts']

export interface AppBuild {
  distDir: string
  /** The entry script index.html loads: which build a page runs. */
  entryScript: string
}

export function buildB(): AppBuild {
  const distDir = path.join(tmpdir(), `snw-e2e-build-b-${inputsHash()}`)
  if (!existsSync(path.join(distDir, 'sw.js'))) {
    const outDir = `${distDir}.${process.pid}.tmp`
    rmSync(outDir, { recursive: true, force: true })
    const vite = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', CONFIG, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      encoding: 'utf8',
    })
    if (vite.status !== 0) throw new Error(`build B failed:\n${vite.stdout}\n${vite.stderr}`)
    rmSync(distDir, { recursive: true, force: true })
    renameSync(outDir, distDir)
  }
  return { distDir, entryScript: entryScript(distDir) }
}

/** The entry script of a build in `distDir` (dist/ for build A). */
export function entryScript(distDir: string): string {
  const match = /<script type="module"[^>]*src="([^"]+)"/.exec(readFileSync(path.join(distDir, 'index.html'), 'utf8'))
  if (!match) throw new Error(`no entry script in ${distDir}/index.html`)
  return match[1]!
}

function inputsHash(): string {
  const hash = createHash('sha256')
  const add = (file: string) => {
    if (statSync(file).isDirectory()) {
      for (const name of readdirSync(file).sort()) add(path.join(file, name))
    } else {
      hash.update(file).update(readFileSync(file))
    }
  }
  for (const input of INPUTS) add(input)
  return hash.digest('hex').slice(0, 16)
}
