// The app's side of the search worker: started on first use, one request id per question.
import type { SearchRequest, SearchResponse } from './search-protocol'
import type { IndexChanges, SearchAnswer, SearchDocType } from './search-types'
import type { RefreshScope } from './search-service'

type Pending = { resolve: (response: SearchResponse) => void; reject: (error: Error) => void }
type Question = Omit<Extract<SearchRequest, { kind: 'search' }>, 'id'> | Omit<Extract<SearchRequest, { kind: 'refresh' }>, 'id'>

export class SearchClient {
  private worker: Worker | undefined
  private nextId = 1
  private readonly pending = new Map<number, Pending>()

  constructor(private readonly createWorker: () => Worker = () => new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module' })) {}

  async search(query: string, options: { types?: SearchDocType[]; limit?: number } = {}): Promise<SearchAnswer> {
    const response = await this.ask({ kind: 'search', query, ...options })
    return (response as Extract<SearchResponse, { kind: 'search' }>).answer
  }

  async refresh(scope: RefreshScope): Promise<IndexChanges> {
    return ((await this.ask({ kind: 'refresh', scope })) as Extract<SearchResponse, { kind: 'refresh' }>).changes
  }

  terminate(): void {
    this.worker?.terminate()
    this.worker = undefined
    this.failAll(new Error('search stopped'))
  }

  private ask(question: Question): Promise<SearchResponse> {
    const worker = this.start()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.postMessage({ ...question, id } as SearchRequest)
    })
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const worker = this.createWorker()
    worker.onmessage = (event: MessageEvent<SearchResponse>) => {
      const response = event.data
      const pending = this.pending.get(response.id)
      if (!pending) return
      this.pending.delete(response.id)
      if (response.kind === 'error') pending.reject(new Error(response.message))
      else pending.resolve(response)
    }
    // A worker that fails to load or crashes answers nothing: fail what waits, start afresh next time.
    worker.onerror = (event) => {
      event.preventDefault?.()
      this.worker = undefined
      worker.terminate()
      this.failAll(new Error(event.message || 'search worker failed'))
    }
    this.worker = worker
    return worker
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error)
    this.pending.clear()
  }
}
