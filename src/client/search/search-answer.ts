// What the search worker answers to one request: shared by the worker and the tests that run it in-thread.
import type { SearchRequest, SearchResponse } from './search-protocol'
import type { SearchService } from './search-service'

export async function answerRequest(service: SearchService, request: SearchRequest): Promise<SearchResponse> {
  try {
    return request.kind === 'search'
      ? { id: request.id, kind: 'search', answer: await service.search(request.query, { types: request.types, limit: request.limit }) }
      : { id: request.id, kind: 'refresh', changes: await service.refresh(request.scope) }
  } catch (error) {
    return { id: request.id, kind: 'error', message: error instanceof Error ? error.message : String(error) }
  }
}
