import { describe, expect, it } from 'vitest'
import { DEFAULT_PASSWORD_COST, dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from '../../../../src/server/auth/password'

const CHEAP = { N: 2 ** 10 }

describe('password hashes', () => {
  it('defaults to OWASP scrypt parameters N=2^17, r=8, p=1', () => {
    expect(DEFAULT_PASSWORD_COST).toEqual({ N: 131072 })
  })

  it('stores the parameters, a 16-byte salt and a 32-byte key, base64url', async () => {
    const stored = await hashPassword('lange-zin-over-de-doetank', CHEAP)
    const [scheme, N, r, p, salt, key, ...rest] = stored.split('$')
    expect({ scheme, N, r, p, rest }).toEqual({ scheme: 'scrypt', N: '1024', r: '8', p: '1', rest: [] })
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16)
    expect(Buffer.from(key!, 'base64url')).toHaveLength(32)
  })

  it('salts every hash: one password, two hashes', async () => {
    expect(await hashPassword('lange-zin-over-de-doetank', CHEAP)).not.toBe(await hashPassword('lange-zin-over-de-doetank', CHEAP))
  })

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('lange-zin-over-de-doetank', CHEAP)
    expect(await verifyPassword('lange-zin-over-de-doetank', stored)).toBe(true)
    expect(await verifyPassword('lange-zin-over-de-doetanK', stored)).toBe(false)
    expect(await verifyPassword('', stored)).toBe(false)
  })

  it('verifies with the cost stored in the hash, whatever the current one', async () => {
    const older = await hashPassword('lange-zin-over-de-doetank', { N: 2 ** 11 })
    expect(await verifyPassword('lange-zin-over-de-doetank', older)).toBe(true)
    expect(needsRehash(older, CHEAP)).toBe(true)
    expect(needsRehash(await hashPassword('x', CHEAP), CHEAP)).toBe(false)
  })

  it('treats composed and decomposed accents as the same password', async () => {
    const stored = await hashPassword('café-met-de-doetank'.normalize('NFC'), CHEAP)
    expect(await verifyPassword('café-met-de-doetank'.normalize('NFD'), stored)).toBe(true)
  })

  it.each([
    ['another scheme', 'bcrypt$1024$8$1$c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['too few parts', 'scrypt$1024$8$1$c2FsdA'],
    ['N not a power of two', 'scrypt$1000$8$1$c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['N far too large', `scrypt$${2 ** 24}$8$1$c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5`],
    ['r of zero', 'scrypt$1024$0$1$c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['an empty salt', 'scrypt$1024$8$1$$a2V5a2V5a2V5a2V5a2V5a2V5'],
    ['nothing', ''],
  ])('never matches a malformed hash (%s)', async (_name, stored) => {
    expect(await verifyPassword('lange-zin-over-de-doetank', stored)).toBe(false)
    expect(needsRehash(stored, CHEAP)).toBe(true)
  })

  it('makes a dummy hash at the given cost that matches no password', async () => {
    const dummy = dummyPasswordHash(CHEAP)
    expect(dummy.startsWith('scrypt$1024$8$1$')).toBe(true)
    expect(needsRehash(dummy, CHEAP)).toBe(false)
    expect(await verifyPassword('', dummy)).toBe(false)
  })
})
