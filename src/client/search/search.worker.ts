// The search worker: builds and queries the index off the main thread, so typing never waits for it.
import type { SearchRequest, SearchResponse } from './search-protocol'
import { SearchService } from './search-service'

const service = new SearchService()

self.onmessage = async (event: MessageEvent<SearchRequest>) => {
  const request = event.data
  let response: SearchResponse
  try {
    response =
      request.kind === 'search'
        ? { id: request.id, kind: 'search', answer: await service.search(request.query, { types: request.types, limit: request.limit }) }
        : { id: request.id, kind: 'refresh', changes: await service.refresh(request.scope) }
  } catch (error) {
    response = { id: request.id, kind: 'error', message: error instanceof Error ? error.message : String(error) }
  }
  self.postMessage(response)
}
