// Keeps the search index in line with what this device has stored: the magazine (`magcache`) and her notes
// (`userdata`). Content deltas are applied item by item: only items whose version is above the highest one
// indexed are read and re-indexed, and slugs that left the cache are dropped.
import type { ContentItem } from '../../shared/content/types'
import type { NoteLine, SyncedNote } from '../../shared/sync/note'
import { isSearchableNote, itemDoc, noteDoc } from './search-docs'
import { readAll, readKeys, readOne } from './search-idb'
import { SearchIndex } from './search-index'
import type { IndexChanges, SearchAnswer, SearchQueryOptions } from './search-types'

export interface SearchDatabases {
  magazine: string
  userdata: string
}

export type RefreshScope = 'items' | 'notes'

export class SearchService {
  readonly index = new SearchIndex()
  private indexedCursor: number | undefined
  private maxVersion = 0
  private areNotesLoaded = false
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly databases: SearchDatabases = { magazine: 'magcache', userdata: 'userdata' }) {}

  /** Answers once the index holds what is stored now (loaded on first use). */
  search(query: string, options: SearchQueryOptions = {}): Promise<SearchAnswer> {
    return this.serial(async () => {
      if (this.indexedCursor === undefined) await this.refreshItems()
      if (!this.areNotesLoaded) await this.refreshNotes()
      return this.index.search(query, options)
    })
  }

  refresh(scope: RefreshScope): Promise<IndexChanges> {
    return this.serial(() => (scope === 'items' ? this.refreshItems() : this.refreshNotes()))
  }

  /** One at a time: two refreshes must not read the same delta twice. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task)
    this.queue = next.catch(() => undefined)
    return next
  }

  private async refreshItems(): Promise<IndexChanges> {
    const { magazine } = this.databases
    const cursor = Number((await readOne<{ value: string }>(magazine, 'meta', 'cursor'))?.value ?? 0)
    if (cursor === this.indexedCursor) return { added: 0, replaced: 0, removed: 0 }
    // Only from a complete magazine (a cursor) onwards do versions tell what changed; a lower cursor means
    // the server started afresh, and its versions say nothing about ours any more.
    const isDelta = this.indexedCursor !== undefined && this.indexedCursor > 0 && cursor > this.indexedCursor
    const items = isDelta
      ? await readAll<ContentItem>(magazine, 'items', { index: 'version', range: IDBKeyRange.lowerBound(this.maxVersion, true) })
      : await readAll<ContentItem>(magazine, 'items')
    let changes: IndexChanges
    if (isDelta) {
      const stored = new Set(await readKeys(magazine, 'items'))
      const gone = this.index.itemRefs().filter((slug) => !stored.has(slug))
      changes = this.index.applyItemDelta(items.map(itemDoc), gone)
    } else {
      this.maxVersion = 0
      changes = this.index.syncScope('item', items.map(itemDoc))
    }
    for (const item of items) this.maxVersion = Math.max(this.maxVersion, item.version)
    this.indexedCursor = cursor
    return changes
  }

  private async refreshNotes(): Promise<IndexChanges> {
    const { userdata } = this.databases
    const [notes, lines] = await Promise.all([readAll<SyncedNote>(userdata, 'notes'), readAll<NoteLine>(userdata, 'lines')])
    const linesOf = new Map<string, NoteLine[]>()
    for (const line of lines) linesOf.set(line.noteId, [...(linesOf.get(line.noteId) ?? []), line])
    this.areNotesLoaded = true
    return this.index.syncScope('note', notes.filter(isSearchableNote).map((note) => noteDoc(note, linesOf.get(note.id) ?? [])))
  }
}
