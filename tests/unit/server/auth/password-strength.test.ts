import { describe, expect, it } from 'vitest'
import { weakPasswordReason } from '../../../../src/server/auth/password-strength'

describe('weak passwords', () => {
  it.each(['', 'kort', '123456789', 'negen9999'])('refuses "%s": shorter than 10 characters', (password) => {
    expect(weakPasswordReason(password)).toMatch(/at least 10/)
  })

  it.each(['wachtwoord1', 'Welkom1234', 'PASSWORD123', '1234567890', 'qwertyuiop', 'Slimmernetwerk'])('refuses "%s": a very common password', (password) => {
    expect(weakPasswordReason(password)).toMatch(/common/)
  })

  it('refuses one character repeated', () => {
    expect(weakPasswordReason('zzzzzzzzzzzz')).toMatch(/repeated/)
  })

  it('counts characters, not UTF-16 units', () => {
    expect(weakPasswordReason('🌷🌷🌷🌷🌷')).toBeDefined()
    expect(weakPasswordReason('🌷🌷🌷🌷🌷🌻🌻🌻🌻🌻')).toBeUndefined()
  })

  it.each(['lange-zin-over-de-doetank', 'wachtwoord1!', 'Tulpen in de regen'])('accepts "%s"', (password) => {
    expect(weakPasswordReason(password)).toBeUndefined()
  })
})
