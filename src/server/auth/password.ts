// Password hashing: scrypt through Node's async API (it runs on the libuv pool, not the event loop),
// stored as `scrypt$N$r$p$salt$hash` (base64url) so that a hash keeps verifying after the cost changes.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/** The CPU/memory cost of new hashes; r and p stay at OWASP's 8 and 1. */
export interface PasswordCost {
  N: number
}

/** OWASP's scrypt parameters: N=2^17, r=8, p=1 (128 MiB and a few hundred ms per hash). */
export const DEFAULT_PASSWORD_COST: PasswordCost = { N: 2 ** 17 }
const BLOCK_SIZE = 8
const PARALLELISM = 1
const SALT_BYTES = 16
const KEY_BYTES = 32
/** Node refuses scrypt above 32 MiB by default; N=2^17, r=8 needs 128 MiB. */
const MIN_MAXMEM_BYTES = 256 * 1024 * 1024

/** Bounds for parameters read back from the database: a corrupt row must not start a huge computation. */
const MAX_N = 2 ** 20
const MAX_R = 32
const MAX_P = 16

interface ScryptHash {
  N: number
  r: number
  p: number
  salt: Buffer
  key: Buffer
}

function scryptAsync(password: string, salt: Buffer, keyBytes: number, { N, r, p }: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: Math.max(MIN_MAXMEM_BYTES, 2 * 128 * N * r * p) }
  return new Promise((resolve, reject) => {
    scrypt(normalizePassword(password), salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

/** The same password typed on two devices can arrive composed or decomposed ("é" as one or two code points). */
function normalizePassword(password: string): string {
  return password.normalize('NFKC')
}

function formatHash({ N, r, p, salt, key }: ScryptHash): string {
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

function parseHash(stored: string): ScryptHash | undefined {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : NaN)) as [number, number, number]
  const isPowerOfTwo = Number.isInteger(Math.log2(N))
  if (!isPowerOfTwo || N < 2 || N > MAX_N || !(r >= 1 && r <= MAX_R) || !(p >= 1 && p <= MAX_P)) return undefined
  const salt = Buffer.from(parts[4]!, 'base64url')
  const key = Buffer.from(parts[5]!, 'base64url')
  if (salt.length === 0 || key.length < 16) return undefined
  return { N, r, p, salt, key }
}

export async function hashPassword(password: string, cost: PasswordCost = DEFAULT_PASSWORD_COST): Promise<string> {
  const params = { N: cost.N, r: BLOCK_SIZE, p: PARALLELISM }
  const salt = randomBytes(SALT_BYTES)
  const key = await scryptAsync(password, salt, KEY_BYTES, params)
  return formatHash({ ...params, salt, key })
}

/** Verifies with the parameters stored in the hash, whatever the current cost. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const hash = parseHash(stored)
  if (!hash) return false
  const key = await scryptAsync(password, hash.salt, hash.key.length, hash)
  return timingSafeEqual(key, hash.key)
}

/** True when the hash was made with other parameters than new hashes get: rehash it at the next sign-in. */
export function needsRehash(stored: string, cost: PasswordCost = DEFAULT_PASSWORD_COST): boolean {
  const hash = parseHash(stored)
  return !hash || hash.N !== cost.N || hash.r !== BLOCK_SIZE || hash.p !== PARALLELISM || hash.key.length !== KEY_BYTES
}

const DUMMY_SALT = randomBytes(SALT_BYTES)
const DUMMY_KEY = randomBytes(KEY_BYTES)

/**
 * A well-formed hash of no password, at the given cost: signing in with an unknown email verifies
 * against it, so that the answer takes as long as for a known one. Costs nothing to make.
 */
export function dummyPasswordHash(cost: PasswordCost = DEFAULT_PASSWORD_COST): string {
  return formatHash({ N: cost.N, r: BLOCK_SIZE, p: PARALLELISM, salt: DUMMY_SALT, key: DUMMY_KEY })
}
