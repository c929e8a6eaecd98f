// The search index over the cached magazine and her own notes (MiniSearch: 6 KB gzip, fuzzy and prefix
// search, and documents can be added, replaced and discarded one by one, so a content delta never means a
// full rebuild). Pure: the worker (search.worker.ts) feeds it documents read from IndexedDB.
import MiniSearch, { type SearchResult } from 'minisearch'
import { makeSnippet, plainSnippet } from './search-snippet'
import { searchTerm, splitWords, termHead } from './search-text'
import type { IndexChanges, SearchAnswer, SearchDoc, SearchHit, SearchQueryOptions } from './search-types'

const DEFAULT_LIMIT = 50
/** A typo is forgiven in words of this many letters or more: one letter in 5–9, two from 10. */
const FUZZY_MIN_LETTERS = 5

/** Items as `i:<slug>`, notes as `n:<id>`: the two scopes never share a key. */
const keyOf = (doc: Pick<SearchDoc, 'type' | 'ref'>) => `${doc.type === 'notitie' ? 'n' : 'i'}:${doc.ref}`

export class SearchIndex {
  private readonly index = new MiniSearch<SearchDoc & { id: string }>({
    fields: ['title', 'summary', 'body'],
    tokenize: splitWords,
    processTerm: searchTerm,
  })

  private readonly docs = new Map<string, SearchDoc>()

  get size(): number {
    return this.docs.size
  }

  /** The slugs of the items in the index. */
  itemRefs(): string[] {
    return [...this.docs.values()].filter((doc) => doc.type !== 'notitie').map((doc) => doc.ref)
  }

  /** Brings the documents of one `scope` ('item' or 'note') in line with `docs`: adds, replaces, removes. */
  syncScope(scope: 'item' | 'note', docs: readonly SearchDoc[]): IndexChanges {
    const prefix = scope === 'note' ? 'n:' : 'i:'
    const wanted = new Set(docs.map(keyOf))
    const changes = this.upsert(docs)
    for (const key of [...this.docs.keys()]) {
      if (key.startsWith(prefix) && !wanted.has(key)) {
        this.removeKey(key)
        changes.removed++
      }
    }
    return changes
  }

  /** Adds or replaces `docs` (a content delta), and removes the items whose slugs are in `removedRefs`. */
  applyItemDelta(docs: readonly SearchDoc[], removedRefs: readonly string[]): IndexChanges {
    const changes = this.upsert(docs)
    for (const ref of removedRefs) {
      if (this.removeKey(`i:${ref}`)) changes.removed++
    }
    return changes
  }

  search(query: string, options: SearchQueryOptions = {}): SearchAnswer {
    const run = (combineWith: 'AND' | 'OR') =>
      this.index.search(query, {
        combineWith,
        boost: { title: 3, summary: 1.5 },
        // Prefix search on every word finds "gemeentes" from "gemeente" and the word she is still typing.
        prefix: (term) => term.length >= 3,
        fuzzy: (term) => (term.length >= FUZZY_MIN_LETTERS ? 0.2 : false),
        maxFuzzy: 2,
        weights: { fuzzy: 0.3, prefix: 0.6 },
      })
    let results = run('AND')
    let isPartial = false
    if (results.length === 0 && splitWords(query).length > 1) {
      results = run('OR')
      isPartial = results.length > 0
    }
    const countsByType: SearchAnswer['countsByType'] = {}
    const typeOf = (result: SearchResult) => this.docs.get(result.id as string)!.type
    for (const result of results) countsByType[typeOf(result)] = (countsByType[typeOf(result)] ?? 0) + 1
    const types = options.types?.length ? new Set(options.types) : undefined
    if (types) results = results.filter((result) => types.has(typeOf(result)))
    const limit = options.limit ?? DEFAULT_LIMIT
    // The stemmer runs once per distinct word of the snippets' texts, not once per occurrence.
    const terms = new Map<string, string | null>()
    const termOf = (word: string) => {
      let term = terms.get(word)
      if (term === undefined) terms.set(word, (term = searchTerm(word)))
      return term
    }
    return { hits: results.slice(0, limit).map((result) => this.toHit(result, termOf)), total: results.length, countsByType, isPartial }
  }

  private upsert(docs: readonly SearchDoc[]): IndexChanges {
    const changes: IndexChanges = { added: 0, replaced: 0, removed: 0 }
    for (const doc of docs) {
      const key = keyOf(doc)
      const known = this.docs.get(key)
      if (known?.version === doc.version) continue
      if (known) {
        this.index.replace({ ...doc, id: key })
        changes.replaced++
      } else {
        this.index.add({ ...doc, id: key })
        changes.added++
      }
      this.docs.set(key, doc)
    }
    return changes
  }

  private removeKey(key: string): boolean {
    if (!this.docs.has(key)) return false
    this.index.discard(key)
    this.docs.delete(key)
    return true
  }

  private toHit(result: SearchResult, termOf: (word: string) => string | null): SearchHit {
    const doc = this.docs.get(result.id as string)!
    const matched = new Set(result.terms)
    const heads = new Set(result.terms.map((term) => term.slice(0, 2)))
    // Most words of a long body cannot match: only those that start like a matched term are stemmed.
    const isMatch = (word: string) => {
      if (!heads.has(termHead(word))) return false
      const term = termOf(word)
      return term !== null && matched.has(term)
    }
    return {
      type: doc.type,
      ref: doc.ref,
      title: makeSnippet(doc.title, isMatch, Infinity) ?? [{ text: doc.title }],
      snippet: makeSnippet(doc.summary, isMatch) ?? makeSnippet(doc.body, isMatch) ?? plainSnippet(doc.summary || doc.body),
      score: result.score,
    }
  }
}
