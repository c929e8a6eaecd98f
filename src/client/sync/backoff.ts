// When to try a failed sync again: exponential back-off with full jitter (base 1 s, doubling, at most
// 5 minutes), so that devices that went offline together do not all come back at the same moment.
// Pure: the caller passes the attempt number and the random source.

export const BACKOFF_BASE_MS = 1000
export const BACKOFF_FACTOR = 2
export const BACKOFF_CAP_MS = 5 * 60 * 1000

export interface BackoffOptions {
  baseMs?: number
  factor?: number
  capMs?: number
}

/** The longest wait for a retry after `attempt` earlier failures in a row (0 = the first retry). */
export function backoffCeilingMs(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = BACKOFF_BASE_MS, factor = BACKOFF_FACTOR, capMs = BACKOFF_CAP_MS } = options
  const safeAttempt = Math.max(0, Math.floor(attempt))
  // Long past the cap by then: keeps the power finite after many failures.
  return Math.min(capMs, baseMs * factor ** Math.min(safeAttempt, 64))
}

/** Full jitter: anywhere from 0 up to the ceiling. `random` answers [0, 1) like Math.random. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random, options: BackoffOptions = {}): number {
  const r = Math.min(Math.max(random(), 0), 1)
  return Math.floor(r * backoffCeilingMs(attempt, options))
}

/**
 * A Retry-After header in milliseconds: seconds ("5") or an HTTP date. Undefined when missing or
 * unreadable; never negative.
 */
export function parseRetryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined
  const trimmed = value.trim()
  if (trimmed === '') return undefined
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  // An HTTP date names its day and month ("Mon, 02 Mar 2026 …"); Date.parse would take "-5" as a year.
  if (!/[a-z]/i.test(trimmed)) return undefined
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}
