// Starts the real Slimmernetwerk server on a free loopback port with a throw-away SQLite database.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { withTimeout } from './util'

export interface AppServer {
  /** Base URL, e.g. http://127.0.0.1:41234/ */
  url: string
  stop(): Promise<void>
}

const READY = /Slimmernetwerk is running at (http:\/\/\S+?\/)(?:\s|$)/

export async function startAppServer(options: { repoDir: string; distDir: string; contentDir: string; timeoutMs?: number }): Promise<AppServer> {
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'slimmernetwerk-bench-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
    cwd: options.repoDir,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      CONTENT_DIR: options.contentDir,
      DATABASE_URL: `sqlite:${path.join(tempDir, 'bench.db')}`,
      DIST_DIR: options.distDir,
      CONTENT_WATCH: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  // Last resort if the bench process dies without reaching stop(): never leave the server running.
  const killOnExit = () => {
    child.kill('SIGKILL')
    rmSync(tempDir, { recursive: true, force: true })
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
    rmSync(tempDir, { recursive: true, force: true })
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
    const url = await withTimeout(ready, options.timeoutMs ?? 60_000, 'server start')
    const { hostname } = new URL(url)
    if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) throw new Error(`refusing to bench a non-loopback address: ${url}`)
    return { url, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
