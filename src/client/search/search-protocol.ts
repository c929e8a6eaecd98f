// The messages between the app and its search worker: each request carries an id, its answer the same id.
import type { IndexChanges, SearchAnswer, SearchDocType } from './search-types'
import type { RefreshScope } from './search-service'

export type SearchRequest =
  | { id: number; kind: 'search'; query: string; types?: SearchDocType[]; limit?: number }
  | { id: number; kind: 'refresh'; scope: RefreshScope }

export type SearchResponse =
  | { id: number; kind: 'search'; answer: SearchAnswer }
  | { id: number; kind: 'refresh'; changes: IndexChanges }
  | { id: number; kind: 'error'; message: string }
