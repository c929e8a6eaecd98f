// Finding a note again: by Doetank, by werkvorm and by any word in it. The filtering itself is pure
// (unit-tested); the composable keeps the filters in the URL query so that a reload keeps them.
import { computed, type Ref } from 'vue'
import { type LocationQuery, useRoute, useRouter } from 'vue-router'
import { NOTE_TEXT_FIELDS, type NoteFields } from '../../shared/sync/note'

export interface NoteFilters {
  /** One Doetank ('' = all); compared without case or accents. */
  doetank: string
  /** One linked werkvorm slug ('' = all). */
  werkvorm: string
  /** Words that must all appear somewhere in the note ('' = all). */
  text: string
}

export interface FilterableNote {
  fields: NoteFields
  updatedAt: number
}

export interface FilterNotesOptions {
  /** The title of a linked werkvorm, so that searching for its name finds the note too. */
  werkvormTitle?: (slug: string) => string | undefined
}

/** The URL query names (Dutch: they show in the address bar). */
export const NOTE_FILTER_QUERY = { doetank: 'doetank', werkvorm: 'werkvorm', text: 'zoek' } as const

export function emptyNoteFilters(): NoteFilters {
  return { doetank: '', werkvorm: '', text: '' }
}

/** Lowercase, without accents ("ÉéN" → "een") and with single spaces: what search compares. */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim()
}

function searchableText(note: FilterableNote, options: FilterNotesOptions): string {
  const { fields } = note
  const parts: string[] = NOTE_TEXT_FIELDS.map((field) => fields[field])
  parts.push(...fields.tags, ...fields.werkvormen)
  if (options.werkvormTitle) for (const slug of fields.werkvormen) parts.push(options.werkvormTitle(slug) ?? '')
  return normalizeForSearch(parts.join('\n'))
}

/** The notes that match every filter, most recently changed first. */
export function filterNotes<T extends FilterableNote>(notes: readonly T[], filters: NoteFilters, options: FilterNotesOptions = {}): T[] {
  const doetank = normalizeForSearch(filters.doetank)
  const words = normalizeForSearch(filters.text).split(' ').filter(Boolean)
  return notes
    .filter((note) => !doetank || normalizeForSearch(note.fields.doetank) === doetank)
    .filter((note) => !filters.werkvorm || note.fields.werkvormen.includes(filters.werkvorm))
    .filter((note) => {
      if (words.length === 0) return true
      const haystack = searchableText(note, options)
      return words.every((word) => haystack.includes(word))
    })
    .sort((a, b) => b.updatedAt - a.updatedAt)
}

/** Every Doetank named in the notes, once (the first spelling wins), in alphabetical order. */
export function knownDoetanks(notes: readonly FilterableNote[]): string[] {
  const byKey = new Map<string, string>()
  for (const note of notes) {
    const name = note.fields.doetank.replace(/\s+/g, ' ').trim()
    const key = normalizeForSearch(name)
    if (key && !byKey.has(key)) byKey.set(key, name)
  }
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, 'nl'))
}

/** Every werkvorm slug linked from the notes, once. */
export function linkedWerkvormen(notes: readonly FilterableNote[]): string[] {
  return [...new Set(notes.flatMap((note) => note.fields.werkvormen))]
}

function queryValue(query: LocationQuery, name: string): string {
  const value = query[name]
  return (Array.isArray(value) ? value[0] : value) ?? ''
}

export function filtersFromQuery(query: LocationQuery): NoteFilters {
  return {
    doetank: queryValue(query, NOTE_FILTER_QUERY.doetank),
    werkvorm: queryValue(query, NOTE_FILTER_QUERY.werkvorm),
    text: queryValue(query, NOTE_FILTER_QUERY.text),
  }
}

export function filtersToQuery(filters: NoteFilters): Record<string, string> {
  const query: Record<string, string> = {}
  for (const key of Object.keys(NOTE_FILTER_QUERY) as (keyof NoteFilters)[]) {
    if (filters[key]) query[NOTE_FILTER_QUERY[key]] = filters[key]
  }
  return query
}

export interface UseNoteFiltersReturn<T> {
  filters: Ref<NoteFilters>
  matches: Ref<T[]>
  isFiltered: Ref<boolean>
  setFilter: (key: keyof NoteFilters, value: string) => void
  clear: () => void
}

/** The filters as the URL query holds them; changing one replaces the query (no new history entry per letter). */
export function useNoteFilters<T extends FilterableNote>(notes: Ref<readonly T[]>, options: FilterNotesOptions = {}): UseNoteFiltersReturn<T> {
  const route = useRoute()
  const router = useRouter()
  const filters = computed(() => filtersFromQuery(route.query))
  const matches = computed(() => filterNotes(notes.value, filters.value, options))
  const isFiltered = computed(() => Object.values(filters.value).some(Boolean))

  // The route changes a moment later: a second change before that must build on the first.
  let requested: NoteFilters | null = null
  function request(next: NoteFilters): void {
    requested = next
    void router.replace({ query: filtersToQuery(next) }).finally(() => {
      if (requested === next) requested = null
    })
  }
  function setFilter(key: keyof NoteFilters, value: string): void {
    request({ ...(requested ?? filters.value), [key]: value })
  }
  function clear(): void {
    request(emptyNoteFilters())
  }
  return { filters, matches, isFiltered, setFilter, clear }
}
