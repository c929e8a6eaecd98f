// The search worker: builds and queries the index off the main thread, so typing never waits for it.
import { answerRequest } from './search-answer'
import type { SearchRequest } from './search-protocol'
import { SearchService } from './search-service'

const service = new SearchService()

self.onmessage = async (event: MessageEvent<SearchRequest>) => {
  self.postMessage(await answerRequest(service, event.data))
}
