import { describe, expect, it } from 'vitest'
import { isPlausibleEmail, normalizeEmail } from '../../../../src/server/auth/email-address'
import { hashSessionToken, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, sessionState } from '../../../../src/server/auth/sessions'

const HOUR_MS = 60 * 60 * 1000
const START = Date.UTC(2026, 0, 1)

describe('sessionState', () => {
  const session = { lastSeenAt: START, expiresAt: START + SESSION_ABSOLUTE_MS }
  it.each([
    ['just signed in', START, 'live'],
    ['seen 59 minutes ago', START + HOUR_MS - 60_000, 'live'],
    ['seen an hour ago: due a last_seen_at write', START + HOUR_MS, 'live-touch'],
    ['seen 29 days ago', START + SESSION_IDLE_MS - HOUR_MS, 'live-touch'],
    ['unseen for 30 days', START + SESSION_IDLE_MS, 'ended'],
  ] as const)('%s: %s', (_name, now, state) => {
    expect(sessionState(session, now)).toBe(state)
  })

  it('ends at the absolute expiry, however recently seen', () => {
    const expiresAt = START + SESSION_ABSOLUTE_MS
    expect(sessionState({ lastSeenAt: expiresAt - 1, expiresAt }, expiresAt)).toBe('ended')
    expect(sessionState({ lastSeenAt: expiresAt - 1, expiresAt }, expiresAt - 1)).toBe('live')
  })
})

describe('hashSessionToken', () => {
  it('is the SHA-256 of the token, base64url, and differs from the token', () => {
    const token = 'q'.repeat(43)
    expect(hashSessionToken(token)).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(hashSessionToken(token)).not.toBe(token)
    expect(hashSessionToken(token)).toBe(hashSessionToken(token))
  })
})

describe('email addresses', () => {
  it('lowercases and trims', () => {
    expect(normalizeEmail('  Anna@Example.NL\t')).toBe('anna@example.nl')
  })

  it.each(['a@b.nl', 'anna.de.vries+doetank@gemeente.example.nl'])('accepts %s', (address) => {
    expect(isPlausibleEmail(address)).toBe(true)
  })

  it.each(['', 'anna', 'anna@', '@example.nl', 'anna@example', 'an na@example.nl', 'a@@b.nl', 'a@b..nl', `${'a'.repeat(250)}@b.nl`])('refuses "%s"', (address) => {
    expect(isPlausibleEmail(address)).toBe(false)
  })
})
