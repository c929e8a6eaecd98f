// GET /api/v1/content: the magazine, or only what changed after a cursor; `view=cards` answers only the
// cards (no bodies), for a first download that shows lists before the whole magazine has arrived.
import type { FastifyInstance } from 'fastify'
import { toContentCard } from '../../shared/content/card'
import { CONTENT_API_PATH } from '../../shared/content/routes'
import { CONTENT_VIEWS, type ContentCardsAnswer, type ContentDelta, type ContentView } from '../../shared/content/types'
import { formatCursor, parseCursor } from '../../shared/content/cursor'
import type { ServerDb } from '../db/database'
import { contentChangesSince, currentContentVersion } from '../repositories/content-repository'
import { sendError } from './errors'

const querySchema = {
  type: 'object',
  properties: { since: { type: 'string', maxLength: 32 }, view: { type: 'string', maxLength: 32 } },
  additionalProperties: false,
} as const

export function contentRoutes(app: FastifyInstance, { serverDb }: { serverDb: ServerDb }): void {
  app.get<{ Querystring: { since?: string; view?: string } }>(CONTENT_API_PATH, { schema: { querystring: querySchema } }, async (request, reply) => {
    const { since: sinceText, view } = request.query
    if (view !== undefined) {
      if (!CONTENT_VIEWS.includes(view as ContentView)) {
        return sendError(reply, 400, 'bad_view', `"view" can only be ${CONTENT_VIEWS.map((name) => `"${name}"`).join(', ')}, got "${view}"`)
      }
      if (sinceText !== undefined) {
        return sendError(reply, 400, 'bad_view', '"view=cards" is only for a first download: it cannot be combined with "since"')
      }
    }
    const since = sinceText === undefined ? undefined : parseCursor(sinceText)
    if (sinceText !== undefined && since === undefined) {
      return sendError(reply, 400, 'bad_cursor', `"since" must be a cursor from an earlier answer (a whole number), got "${sinceText}"`)
    }
    const version = await currentContentVersion(serverDb)
    // A cursor from the future comes from another database (a reset server): start that client afresh.
    const full = since === undefined || since > version
    const etag = view === 'cards' ? `"c${version}-cards"` : `"c${version}-${full ? 'all' : since}"`
    void reply.header('ETag', etag).header('Cache-Control', 'no-cache')
    if (request.headers['if-none-match'] === etag) return reply.code(304).send()

    const changes = await contentChangesSince(serverDb, full ? 0 : since!)
    if (view === 'cards') {
      const cards: ContentCardsAnswer = { cursor: formatCursor(changes.version), full: true, cards: changes.items.map(toContentCard) }
      return cards
    }
    const body: ContentDelta = {
      cursor: formatCursor(changes.version),
      full,
      items: changes.items,
      removed: full ? [] : changes.removed,
    }
    return body
  })
}
