import { describe, expect, it } from 'vitest'
import { FixedWindowLimiter } from '../../../../src/server/auth/rate-limit'

function makeLimiter(options: { limit?: number; windowMs?: number; maxKeys?: number } = {}) {
  const clock = { now: 1_000_000 }
  const limiter = new FixedWindowLimiter({ limit: 3, windowMs: 60_000, ...options, now: () => clock.now })
  return { limiter, clock }
}

describe('FixedWindowLimiter', () => {
  it('allows `limit` attempts per window, then refuses until the window ends', () => {
    const { limiter, clock } = makeLimiter()
    expect([1, 2, 3].map(() => limiter.hit('a').isAllowed)).toEqual([true, true, true])
    expect(limiter.hit('a')).toEqual({ isAllowed: false, remaining: 0, retryAfterSeconds: 60 })
    clock.now += 59_000
    expect(limiter.hit('a')).toMatchObject({ isAllowed: false, retryAfterSeconds: 1 })
    clock.now += 1_000
    expect(limiter.hit('a')).toEqual({ isAllowed: true, remaining: 2, retryAfterSeconds: 60 })
  })

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    const { limiter, clock } = makeLimiter({ limit: 1 })
    limiter.hit('a')
    clock.now += 59_999
    expect(limiter.hit('a').retryAfterSeconds).toBe(1)
    clock.now -= 500
    expect(limiter.hit('a').retryAfterSeconds).toBe(1)
    clock.now -= 1_000
    expect(limiter.hit('a').retryAfterSeconds).toBe(2)
  })

  it('counts each key on its own', () => {
    const { limiter } = makeLimiter({ limit: 1 })
    expect(limiter.hit('a').isAllowed).toBe(true)
    expect(limiter.hit('b').isAllowed).toBe(true)
    expect(limiter.hit('a').isAllowed).toBe(false)
  })

  it('forgets ended windows, so memory follows the keys active in one window', () => {
    const { limiter, clock } = makeLimiter()
    for (let i = 0; i < 100; i++) limiter.hit(`key-${i}`)
    expect(limiter.size).toBe(100)
    clock.now += 60_000
    limiter.hit('fresh')
    expect(limiter.size).toBe(1)
  })

  it('keeps at most maxKeys windows, dropping the oldest', () => {
    const { limiter, clock } = makeLimiter({ limit: 1, maxKeys: 2 })
    limiter.hit('oldest')
    clock.now += 1
    limiter.hit('middle')
    clock.now += 1
    limiter.hit('newest')
    expect(limiter.size).toBe(2)
    expect(limiter.hit('middle').isAllowed).toBe(false)
    expect(limiter.hit('oldest').isAllowed).toBe(true)
  })

  it('forgets a key on reset', () => {
    const { limiter } = makeLimiter({ limit: 1 })
    limiter.hit('a')
    limiter.reset('a')
    expect(limiter.hit('a').isAllowed).toBe(true)
  })

  it('refuses a rule that allows nothing', () => {
    expect(() => new FixedWindowLimiter({ limit: 0, windowMs: 1000 })).toThrow(/limit >= 1/)
  })
})
