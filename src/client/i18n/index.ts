// A small typed i18n: core Dutch is bundled, English loads when chosen, and the texts of views that load
// on demand (account, notes, settings…) come with them. Deliberately not vue-i18n, whose ~20 KB gzip
// would not fit the first-render budget; we need only lookup, {params} and plurals.
import { ref } from 'vue'
import nl from './nl'
import type nlExtra from './nl-extra'

export type Locale = 'nl' | 'en'
export const LOCALES: Locale[] = ['nl', 'en']

type Tree<T> = { [K in keyof T]: T[K] extends string ? string : Tree<T[K]> }
export type CoreMessages = Tree<typeof nl>
export type ExtraMessages = Tree<typeof nlExtra>
export type Messages = CoreMessages & ExtraMessages
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]
export type MessageKey = Leaves<typeof nl & typeof nlExtra>
export type MessageParams = Record<string, string | number>

const core: Partial<Record<Locale, CoreMessages>> = { nl }
const extra: Partial<Record<Locale, ExtraMessages>> = {}
const coreLoaders: Record<Locale, () => Promise<CoreMessages>> = {
  nl: async () => nl,
  en: async () => (await import('./en')).default,
}
const extraLoaders: Record<Locale, () => Promise<ExtraMessages>> = {
  nl: async () => (await import('./nl-extra')).default,
  en: async () => (await import('./en-extra')).default,
}
let isExtraWanted = false

export const currentLocale = ref<Locale>('nl')

export async function setLocale(locale: Locale): Promise<void> {
  core[locale] ??= await coreLoaders[locale]()
  if (isExtraWanted) extra[locale] ??= await extraLoaders[locale]()
  currentLocale.value = locale
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

/** Loads the texts of the on-demand views (a route's beforeEnter): once, and again for a new language. */
export async function loadExtraMessages(): Promise<void> {
  isExtraWanted = true
  const locale = currentLocale.value
  extra[locale] ??= await extraLoaders[locale]()
  // Dutch is the fallback for any text a translation lacks.
  extra.nl ??= await extraLoaders.nl()
}

function lookup(messages: CoreMessages | ExtraMessages | undefined, key: string): string | undefined {
  let node: unknown = messages
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  return typeof node === 'string' ? node : undefined
}

/**
 * Intl formatters by use and locale. Making one costs far more than using it (~2 ms each at 4× CPU):
 * a list of 40 cards made 40 of them on every render.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.PluralRules>()
function intl<Formatter extends Intl.DateTimeFormat | Intl.PluralRules>(key: string, make: () => Formatter): Formatter {
  let formatter = formatters.get(key) as Formatter | undefined
  if (!formatter) formatters.set(key, (formatter = make()))
  return formatter
}

/**
 * Translates a key. A message with " | " holds plural forms (one | other), chosen by params.n.
 * Falls back to Dutch, then to the key itself, so a missing string is visible but never a crash.
 */
export function t(key: MessageKey, params: MessageParams = {}): string {
  const locale = currentLocale.value
  let message = lookup(core[locale], key) ?? lookup(extra[locale], key) ?? lookup(nl, key) ?? lookup(extra.nl, key) ?? key
  if (message.includes(' | ') && typeof params.n === 'number') {
    const [one, other] = message.split(' | ')
    message = intl(`plural:${locale}`, () => new Intl.PluralRules(locale)).select(params.n) === 'one' ? one! : (other ?? one!)
  }
  return message.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match))
}

export function formatDate(isoDay: string, style: 'long' | 'short' = 'long'): string {
  const date = new Date(`${isoDay}T12:00:00`)
  const locale = currentLocale.value
  return intl(`date-${style}:${locale}`, () => new Intl.DateTimeFormat(locale, style === 'long' ? { dateStyle: 'long' } : { day: 'numeric', month: 'short', year: 'numeric' })).format(date)
}

export function formatDateTime(ms: number): string {
  const locale = currentLocale.value
  return intl(`date-time:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(ms))
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
