// A small in-memory fixed-window rate limiter, and the 429 answer it leads to. One limiter per rule
// (login per IP, login per account, push per user…); the key says whose attempts count together.
//
// In memory on purpose: limits reset when the process restarts and are per process when several run.
// That is enough to slow down password guessing; it is not a quota.
import type { FastifyReply } from 'fastify'
import { AUTH_ERROR_CODES } from '../../shared/auth'
import { HttpError } from './http-error'

export interface RateLimitRule {
  /** Attempts allowed per window and key. */
  limit: number
  windowMs: number
}

export interface FixedWindowLimiterOptions extends RateLimitRule {
  /** The clock, in ms since the epoch (injectable for tests). */
  now?: () => number
  /** Keys kept at most; past it the oldest window is forgotten, so a flood of keys cannot fill memory. */
  maxKeys?: number
}

export interface RateLimitVerdict {
  isAllowed: boolean
  /** Attempts left in this window after this one. */
  remaining: number
  /** Whole seconds until the window ends (at least 1): the `Retry-After` of a refusal. */
  retryAfterSeconds: number
}

interface Window {
  startedAt: number
  count: number
}

const DEFAULT_MAX_KEYS = 100_000

export class FixedWindowLimiter {
  private readonly windows = new Map<string, Window>()
  private readonly now: () => number
  private readonly maxKeys: number

  constructor(private readonly rule: FixedWindowLimiterOptions) {
    if (!(rule.limit >= 1) || !(rule.windowMs > 0)) throw new Error(`A rate limit needs limit >= 1 and windowMs > 0, got ${JSON.stringify(rule)}`)
    this.now = rule.now ?? Date.now
    this.maxKeys = rule.maxKeys ?? DEFAULT_MAX_KEYS
  }

  /** Counts one attempt for the key and says whether it may go ahead. Refused attempts count too. */
  hit(key: string): RateLimitVerdict {
    const now = this.now()
    this.sweep(now)
    let window = this.windows.get(key)
    if (!window || now >= window.startedAt + this.rule.windowMs) {
      // Deleted first so that the Map's order stays the order in which windows started.
      this.windows.delete(key)
      window = { startedAt: now, count: 0 }
      this.windows.set(key, window)
      this.evictOverflow()
    }
    window.count += 1
    return {
      isAllowed: window.count <= this.rule.limit,
      remaining: Math.max(0, this.rule.limit - window.count),
      retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + this.rule.windowMs - now) / 1000)),
    }
  }

  /** Forgets the key's attempts. */
  reset(key: string): void {
    this.windows.delete(key)
  }

  /** Keys with a window still running. */
  get size(): number {
    return this.windows.size
  }

  /** The Map holds windows in the order they started: drop ended ones from the front, stop at a running one. */
  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (now < window.startedAt + this.rule.windowMs) return
      this.windows.delete(key)
    }
  }

  private evictOverflow(): void {
    while (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next()
      if (oldest.done) return
      this.windows.delete(oldest.value)
    }
  }
}

/**
 * Counts an attempt for `key`; past the limit, throws 429 `rate_limited` with a `Retry-After` header.
 * Use it in a handler or preHandler, e.g. the sync push: `enforceRateLimit(reply, pushLimiter, userId)`.
 */
export function enforceRateLimit(reply: FastifyReply, limiter: FixedWindowLimiter, key: string): void {
  const verdict = limiter.hit(key)
  if (verdict.isAllowed) return
  // The error handler keeps headers already set on the reply.
  void reply.header('Retry-After', String(verdict.retryAfterSeconds))
  throw new HttpError(429, AUTH_ERROR_CODES.rateLimited, `Too many attempts: try again in ${verdict.retryAfterSeconds} seconds`)
}
