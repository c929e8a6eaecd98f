// A small typed i18n: Dutch is bundled, English loads when chosen. Deliberately not vue-i18n, whose
// ~20 KB gzip would not fit the first-render budget; we need only lookup, {params} and plurals.
import { ref } from 'vue'
import nl from './nl'

export type Locale = 'nl' | 'en'
export const LOCALES: Locale[] = ['nl', 'en']

type Tree<T> = { [K in keyof T]: T[K] extends string ? string : Tree<T[K]> }
export type Messages = Tree<typeof nl>
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]
export type MessageKey = Leaves<typeof nl>
export type MessageParams = Record<string, string | number>

const loaded: Partial<Record<Locale, Messages>> = { nl }
const loaders: Record<Locale, () => Promise<Messages>> = {
  nl: async () => nl,
  en: async () => (await import('./en')).default,
}

export const currentLocale = ref<Locale>('nl')

export async function setLocale(locale: Locale): Promise<void> {
  loaded[locale] ??= await loaders[locale]()
  currentLocale.value = locale
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

function lookup(messages: Messages | undefined, key: string): string | undefined {
  let node: unknown = messages
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  return typeof node === 'string' ? node : undefined
}

/**
 * Translates a key. A message with " | " holds plural forms (one | other), chosen by params.n.
 * Falls back to Dutch, then to the key itself, so a missing string is visible but never a crash.
 */
export function t(key: MessageKey, params: MessageParams = {}): string {
  const locale = currentLocale.value
  let message = lookup(loaded[locale], key) ?? lookup(nl, key) ?? key
  if (message.includes(' | ') && typeof params.n === 'number') {
    const [one, other] = message.split(' | ')
    message = new Intl.PluralRules(locale).select(params.n) === 'one' ? one! : (other ?? one!)
  }
  return message.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match))
}

export function formatDate(isoDay: string, style: 'long' | 'short' = 'long'): string {
  const date = new Date(`${isoDay}T12:00:00`)
  return new Intl.DateTimeFormat(currentLocale.value, style === 'long' ? { dateStyle: 'long' } : { day: 'numeric', month: 'short', year: 'numeric' }).format(date)
}

export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(currentLocale.value, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms))
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${new Intl.NumberFormat(currentLocale.value, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`
}

export function useI18n() {
  return { t, locale: currentLocale, setLocale, formatDate, formatDateTime, formatBytes }
}
