// Which new passwords are refused: too short, one character repeated, or on a short list of the
// passwords people (in the Netherlands, and of this app) pick most. A password manager passes easily.
import { PASSWORD_MIN_LENGTH } from '../../shared/auth'

/** Only entries of at least PASSWORD_MIN_LENGTH characters matter: shorter ones are refused anyway. */
const COMMON_PASSWORDS = new Set([
  '0123456789',
  '1234567890',
  '12345678910',
  '1q2w3e4r5t',
  'abc1234567',
  'abcdefghij',
  'azertyuiop',
  'doetank123',
  'geheim1234',
  'iloveyou12',
  'password12',
  'password123',
  'password1234',
  'qwerty1234',
  'qwerty12345',
  'qwertyuiop',
  'slimmernetwerk',
  'slimmernetwerk1',
  'voetbal123',
  'wachtwoord',
  'wachtwoord1',
  'wachtwoord12',
  'wachtwoord123',
  'welkom1234',
  'welkom12345',
])

/** Why a new password is refused (English, for the error message), or undefined when it will do. */
export function weakPasswordReason(password: string): string | undefined {
  const normalized = password.normalize('NFKC')
  if ([...normalized].length < PASSWORD_MIN_LENGTH) return `A password needs at least ${PASSWORD_MIN_LENGTH} characters`
  if (/^(.)\1*$/su.test(normalized)) return 'A password of one repeated character is too easy to guess'
  if (COMMON_PASSWORDS.has(normalized.toLowerCase())) return 'This password is one of the most common ones: choose another'
  return undefined
}
