// Starts the real server (built app, real SQLite, a private copy of the magazine) for one test.
import { type ChildProcess, spawn } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface AppServer {
  url: string
  contentDir: string
  /** Stops the server (it can be started again on the same port, database and content). */
  stop: () => Promise<void>
  /** Kills the server with SIGKILL, as a crash or the OOM killer would: no shutdown hooks, no graceful close. */
  kill: () => Promise<void>
  /** Starts it again; `env` (e.g. another DIST_DIR: a new deploy) overrides the server's environment from then on. */
  start: (options?: { env?: Record<string, string> }) => Promise<void>
  /** Stops it and removes its files. */
  dispose: () => Promise<void>
}

export async function startAppServer(options: { env?: Record<string, string> } = {}): Promise<AppServer> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'snw-e2e-'))
  const contentDir = path.join(workDir, 'content')
  cpSync(path.resolve('content'), contentDir, { recursive: true })
  let port = 0
  let child: ChildProcess | undefined
  let env = { ...options.env }

  const start = async (startOptions: { env?: Record<string, string> } = {}) => {
    env = { ...env, ...startOptions.env }
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        CONTENT_DIR: contentDir,
        DATABASE_URL: `sqlite:${path.join(workDir, 'app.db')}`,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    port = await new Promise<number>((resolve, reject) => {
      let output = ''
      const onData = (data: Buffer) => {
        output += data.toString()
        const match = /running at http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)
        if (match) resolve(Number(match[1]))
      }
      child!.stdout!.on('data', onData)
      child!.stderr!.on('data', onData)
      child!.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)))
      setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), 30_000)
    })
  }

  const end = async (signal: NodeJS.Signals) => {
    const running = child
    child = undefined
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve())
      running.kill(signal)
    })
  }
  const stop = () => end('SIGTERM')

  await start()
  return {
    get url() {
      return `http://127.0.0.1:${port}`
    },
    contentDir,
    start,
    stop,
    kill: () => end('SIGKILL'),
    dispose: async () => {
      await stop()
      rmSync(workDir, { recursive: true, force: true })
    },
  }
}
