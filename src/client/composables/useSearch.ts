// Search as a view uses it: answers follow the query as she types (the newest question wins), and the
// worker's index is told when the magazine or her notes change, so it updates only what changed.
import { liveQuery } from 'dexie'
import { onScopeDispose, type Ref, shallowRef, watch } from 'vue'
import { userdata } from '../db/instances'
import { SearchClient } from '../search/search-client'
import type { SearchAnswer, SearchDocType } from '../search/search-types'
import { useMagazineStore } from '../stores/magazine'

let client: SearchClient | undefined

/** The one search worker of this page, started on first use. */
function searchClient(): SearchClient {
  client ??= new SearchClient()
  return client
}

/** Starts the worker and builds the index before the first question (the header field calls it on focus). */
export function warmUpSearch(): void {
  void searchClient().refresh('items').catch(() => undefined)
}

export interface UseSearchReturn {
  answer: Ref<SearchAnswer | undefined>
  /** The query `answer` belongs to. */
  answeredQuery: Ref<string>
  isSearching: Ref<boolean>
  hasFailed: Ref<boolean>
  retry: () => void
}

export function useSearch(query: Ref<string>, types: Ref<SearchDocType[]>): UseSearchReturn {
  const magazine = useMagazineStore()
  const answer = shallowRef<SearchAnswer | undefined>()
  const answeredQuery = shallowRef('')
  const isSearching = shallowRef(false)
  const hasFailed = shallowRef(false)
  let asked = 0

  async function run(): Promise<void> {
    const text = query.value.trim()
    const ticket = ++asked
    if (!text) {
      answer.value = undefined
      answeredQuery.value = ''
      isSearching.value = false
      return
    }
    isSearching.value = true
    try {
      const result = await searchClient().search(text, { types: [...types.value] })
      if (ticket !== asked) return
      answer.value = result
      answeredQuery.value = text
      hasFailed.value = false
    } catch {
      if (ticket === asked) hasFailed.value = true
    } finally {
      if (ticket === asked) isSearching.value = false
    }
  }

  // A delta or a changed note: the index takes in only the difference, then the answer is asked again.
  const refreshThenRun = (scope: 'items' | 'notes') => {
    void searchClient().refresh(scope).then(run, () => undefined)
  }
  watch(() => magazine.cursor, () => refreshThenRun('items'))
  // Not the notes store: search should not load the notebook's code to learn that a note changed.
  const notesChanged = liveQuery(async () => [await userdata.notes.count(), await userdata.notes.orderBy('updatedAt').lastKey(), await userdata.lines.count()])
  let isFirst = true
  const subscription = notesChanged.subscribe({
    next: () => {
      if (!isFirst) refreshThenRun('notes')
      isFirst = false
    },
  })
  onScopeDispose(() => subscription.unsubscribe())
  // The worker may have indexed before this view was last left: a delta or a note may have come since.
  // It answers in order, so the first question below waits for these (cheap when nothing changed).
  for (const scope of ['items', 'notes'] as const) void searchClient().refresh(scope).catch(() => undefined)
  watch([query, types], run, { immediate: true })

  return { answer, answeredQuery, isSearching, hasFailed, retry: () => void run() }
}
