// The shapes search deals in, without the search library: the app's main thread imports these.
import type { SnippetPart } from './search-snippet'

/** What a hit is: one of the magazine's types, or one of her notes. */
export const SEARCH_DOC_TYPES = ['verhaal', 'column', 'analyse', 'werkvorm', 'notitie'] as const
export type SearchDocType = (typeof SEARCH_DOC_TYPES)[number]

/** One searchable thing: an item (`ref` = slug) or a note (`ref` = note id). */
export interface SearchDoc {
  type: SearchDocType
  ref: string
  title: string
  summary: string
  /** Plain text: the body, werkvorm steps, note fields and lines. */
  body: string
  /** Changes whenever the document does: a changed version is re-indexed, an equal one skipped. */
  version: string
}

export interface SearchHit {
  type: SearchDocType
  ref: string
  title: SnippetPart[]
  snippet: SnippetPart[]
  score: number
}

export interface SearchAnswer {
  hits: SearchHit[]
  /** How many documents matched, within the types asked for (hits holds at most `limit`). */
  total: number
  /** How many documents of each type matched, whatever types were asked for: the filter's counts. */
  countsByType: Partial<Record<SearchDocType, number>>
  /** No document had every word: these hits have some of them. */
  isPartial: boolean
}

export interface SearchQueryOptions {
  /** Only these types ([] or undefined = all). */
  types?: readonly SearchDocType[]
  limit?: number
}

export interface IndexChanges {
  added: number
  replaced: number
  removed: number
}
