// Small helpers shared by the bench modules: bounded waits, medians, child processes.
import { spawn } from 'node:child_process'

/** Rejects when `promise` has not settled within `ms`; always clears its timer. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** The median of the numbers (mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * The p-th percentile (0–100) by nearest rank: the smallest value with at least p % of the values at or
 * below it, so it is always one of the measured values (p95 of 7 runs is the slowest); NaN for none.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be between 0 and 100, got ${p}`)
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/** Runs a command to completion (output inherited); rejects on a non-zero exit or after `ms`. */
export async function runCommand(command: string, args: string[], options: { cwd: string; ms: number; env?: NodeJS.ProcessEnv }): Promise<void> {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: 'inherit' })
  const exited = new Promise<void>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${signal ?? code}`)),
    )
  })
  try {
    await withTimeout(exited, options.ms, `${command} ${args.join(' ')}`)
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    throw error
  }
}

/** Runs a command and returns its standard output ('' when it cannot run). */
export async function readCommand(command: string, args: string[], ms = 10_000): Promise<string> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  const done = new Promise<string>((resolve) => {
    child.once('error', () => resolve(''))
    child.once('close', () => resolve(out.trim()))
  })
  try {
    return await withTimeout(done, ms, `${command} ${args.join(' ')}`)
  } catch {
    child.kill('SIGKILL')
    return out.trim()
  }
}
