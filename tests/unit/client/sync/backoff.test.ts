import { describe, expect, it } from 'vitest'
import { BACKOFF_CAP_MS, backoffCeilingMs, backoffDelayMs, parseRetryAfterMs } from '../../../../src/client/sync/backoff'

describe('backoffCeilingMs', () => {
  it.each([
    { attempt: 0, ceiling: 1000 },
    { attempt: 1, ceiling: 2000 },
    { attempt: 2, ceiling: 4000 },
    { attempt: 8, ceiling: 256_000 },
    { attempt: 9, ceiling: BACKOFF_CAP_MS },
    { attempt: 10_000, ceiling: BACKOFF_CAP_MS },
    { attempt: -3, ceiling: 1000 },
  ])('doubles from 1 s up to 5 minutes: attempt $attempt → $ceiling ms', ({ attempt, ceiling }) => {
    expect(backoffCeilingMs(attempt)).toBe(ceiling)
  })

  it('takes other parameters', () => {
    expect(backoffCeilingMs(3, { baseMs: 100, factor: 3, capMs: 2000 })).toBe(2000)
    expect(backoffCeilingMs(2, { baseMs: 100, factor: 3, capMs: 2000 })).toBe(900)
  })
})

describe('backoffDelayMs', () => {
  it('waits anywhere from 0 to the ceiling (full jitter)', () => {
    expect(backoffDelayMs(3, () => 0)).toBe(0)
    expect(backoffDelayMs(3, () => 0.5)).toBe(4000)
    expect(backoffDelayMs(3, () => 0.999_999)).toBe(7999)
  })

  it('never exceeds the cap, whatever the random source answers', () => {
    expect(backoffDelayMs(50, () => 1.5)).toBe(BACKOFF_CAP_MS)
    expect(backoffDelayMs(50, () => -1)).toBe(0)
  })

  it('spreads retries of many devices over the whole window', () => {
    const delays = Array.from({ length: 1000 }, () => backoffDelayMs(4))
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...delays)).toBeLessThan(16_000)
    expect(new Set(delays).size).toBeGreaterThan(100)
  })
})

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-03-02T10:00:00Z')

  it.each([
    { header: '5', ms: 5000 },
    { header: ' 0 ', ms: 0 },
    { header: 'Mon, 02 Mar 2026 10:00:30 GMT', ms: 30_000 },
    { header: 'Mon, 02 Mar 2026 09:00:00 GMT', ms: 0 },
    { header: 'soon', ms: undefined },
    { header: '', ms: undefined },
    { header: null, ms: undefined },
    { header: '-5', ms: undefined },
  ])('reads Retry-After "$header" as $ms ms', ({ header, ms }) => {
    expect(parseRetryAfterMs(header, now)).toBe(ms)
  })
})
