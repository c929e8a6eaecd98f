// Starts the real Slimmernetwerk server as its own process on a free loopback port, for the benches.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { withTimeout } from './util'

export interface ServerProcess {
  /** Base URL without the trailing slash, e.g. http://127.0.0.1:41234 */
  origin: string
  pid: number
  /** Everything the server printed so far. */
  output: () => string
  stop: () => Promise<void>
}

const READY = /Slimmernetwerk is running at (http:\/\/\S+?)\/(?:\s|$)/
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * `node --import tsx src/server/server.ts` with PORT=0 on 127.0.0.1 and content watching off; `env`
 * adds DATABASE_URL, DIST_DIR, CONTENT_DIR. `cleanUp` runs after the server stopped.
 */
export async function startServerProcess(options: {
  repoDir: string
  env: Record<string, string>
  cleanUp?: () => void
  timeoutMs?: number
}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
    cwd: options.repoDir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CONTENT_WATCH: '0', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  // Last resort if the bench process dies without reaching stop(): never leave the server running.
  const killOnExit = () => {
    child.kill('SIGKILL')
    options.cleanUp?.()
  }
  process.once('exit', killOnExit)

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await withTimeout(exited, 5_000, 'server shutdown').catch(() => {
        child.kill('SIGKILL')
        return withTimeout(exited, 5_000, 'server kill').catch(() => undefined)
      })
    }
    process.off('exit', killOnExit)
    options.cleanUp?.()
  }

  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString()
      const match = READY.exec(log)
      if (match) resolve(match[1]!)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('error', reject)
    void exited.then(() => reject(new Error(`the server exited before it was ready:\n${log}`)))
  })

  try {
    const origin = await withTimeout(ready, options.timeoutMs ?? 60_000, 'server start')
    if (!LOOPBACK.has(new URL(origin).hostname)) throw new Error(`refusing to bench a non-loopback address: ${origin}`)
    return { origin, pid: child.pid!, output: () => log, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

export interface AppServer {
  /** Base URL, e.g. http://127.0.0.1:41234/ */
  url: string
  stop(): Promise<void>
}

/** The built app with the given content and a throw-away SQLite database (Lighthouse). */
export async function startAppServer(options: { repoDir: string; distDir: string; contentDir: string; timeoutMs?: number }): Promise<AppServer> {
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'slimmernetwerk-bench-'))
  const server = await startServerProcess({
    repoDir: options.repoDir,
    env: { CONTENT_DIR: options.contentDir, DATABASE_URL: `sqlite:${path.join(tempDir, 'bench.db')}`, DIST_DIR: options.distDir },
    cleanUp: () => rmSync(tempDir, { recursive: true, force: true }),
    timeoutMs: options.timeoutMs,
  })
  return { url: `${server.origin}/`, stop: server.stop }
}
