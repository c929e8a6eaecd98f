// Email addresses as accounts know them: one account per address, whatever its case or stray spaces.
import { EMAIL_MAX_LENGTH } from '../../shared/auth'

export function normalizeEmail(address: string): string {
  return address.trim().toLowerCase()
}

/** Something@something.something without spaces: the real check is whether mail arrives. */
export function isPlausibleEmail(address: string): boolean {
  return address.length <= EMAIL_MAX_LENGTH && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u.test(address)
}
