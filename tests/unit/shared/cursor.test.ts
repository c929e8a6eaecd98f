import { describe, expect, it } from 'vitest'
import { formatCursor, parseCursor } from '../../../src/shared/content/cursor'

describe('content cursor', () => {
  it.each([
    ['0', 0],
    ['12', 12],
    ['999999999999999', 999_999_999_999_999],
  ])('accepts the cursor "%s"', (text, version) => {
    expect(parseCursor(text)).toBe(version)
  })

  it.each([
    ['a negative number', '-1'],
    ['a leading zero', '01'],
    ['a fraction', '1.5'],
    ['letters', 'abc'],
    ['an empty string', ''],
    ['spaces around the number', ' 1 '],
    ['a sign', '+1'],
    ['an exponent', '1e3'],
    ['hexadecimal', '0x10'],
    ['more digits than a version can have', '1234567890123456'],
    ['a very long string', '9'.repeat(10_000)],
  ])('refuses %s', (_name, text) => {
    expect(parseCursor(text)).toBeUndefined()
  })

  it('reads back every cursor it writes', () => {
    for (const version of [0, 1, 42, 1_000_000]) expect(parseCursor(formatCursor(version))).toBe(version)
  })
})
