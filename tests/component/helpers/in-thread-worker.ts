// The search worker, run in the test's own thread: happy-dom has no Worker. The same request handling and
// search service as the real worker, over the app's real (fake-IndexedDB) databases.
import { answerRequest } from '../../../src/client/search/search-answer'
import type { SearchRequest, SearchResponse } from '../../../src/client/search/search-protocol'
import { SearchService } from '../../../src/client/search/search-service'

export class InThreadSearchWorker {
  onmessage: ((event: MessageEvent<SearchResponse>) => void) | null = null
  onerror: ((event: ErrorEvent) => void) | null = null
  private readonly service = new SearchService()

  postMessage(request: SearchRequest): void {
    // Structured clone, as postMessage does: the app must not rely on sharing objects with the worker.
    void answerRequest(this.service, structuredClone(request)).then((response) => this.onmessage?.({ data: structuredClone(response) } as MessageEvent<SearchResponse>))
  }

  terminate(): void {}
}
