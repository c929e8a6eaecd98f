// The reader's display choices, remembered on this device and applied to <html> before first paint.
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import { STORAGE_KEYS } from '../constants'
import { type Locale, LOCALES, setLocale } from '../i18n'

export const THEMES = ['system', 'light', 'dark'] as const
export type ThemeChoice = (typeof THEMES)[number]
export const TEXT_SIZES = ['normaal', 'groot', 'grootst'] as const
export type TextSize = (typeof TEXT_SIZES)[number]

function readChoice<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const value = localStorage.getItem(key)
    return allowed.includes(value as T) ? (value as T) : fallback
  } catch {
    return fallback
  }
}

function writeChoice(key: string, value: string): void {
  try {
    localStorage.setItem(key, value)
  } catch {
    // Storage refused (private mode, full disk): the choice holds for this visit.
  }
}

// Dutch unless she chooses English: the network's language, whatever language the phone is set to.
export const useSettingsStore = defineStore('settings', () => {
  const theme = ref<ThemeChoice>(readChoice(STORAGE_KEYS.theme, THEMES, 'system'))
  const textSize = ref<TextSize>(readChoice(STORAGE_KEYS.textSize, TEXT_SIZES, 'normaal'))
  const locale = ref<Locale>(readChoice(STORAGE_KEYS.locale, LOCALES, 'nl'))

  function apply(): void {
    const root = document.documentElement
    root.dataset.theme = theme.value
    root.dataset.textSize = textSize.value
  }

  watch(theme, (value) => {
    writeChoice(STORAGE_KEYS.theme, value)
    apply()
  })
  watch(textSize, (value) => {
    writeChoice(STORAGE_KEYS.textSize, value)
    apply()
  })
  watch(locale, (value) => {
    writeChoice(STORAGE_KEYS.locale, value)
    void setLocale(value)
  })

  return { theme, textSize, locale, apply }
})
