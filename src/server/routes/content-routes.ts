// GET /api/v1/content: the magazine, or only what changed after a cursor.
import type { FastifyInstance } from 'fastify'
import { CONTENT_API_PATH } from '../../shared/content/routes'
import type { ContentDelta } from '../../shared/content/types'
import { formatCursor, parseCursor } from '../../shared/content/cursor'
import type { ServerDb } from '../db/database'
import { contentChangesSince, currentContentVersion } from '../repositories/content-repository'
import { sendError } from './errors'

const querySchema = {
  type: 'object',
  properties: { since: { type: 'string', maxLength: 32 } },
  additionalProperties: false,
} as const

export function contentRoutes(app: FastifyInstance, { serverDb }: { serverDb: ServerDb }): void {
  app.get<{ Querystring: { since?: string } }>(CONTENT_API_PATH, { schema: { querystring: querySchema } }, async (request, reply) => {
    const { since: sinceText } = request.query
    const since = sinceText === undefined ? undefined : parseCursor(sinceText)
    if (sinceText !== undefined && since === undefined) {
      return sendError(reply, 400, 'bad_cursor', `"since" must be a cursor from an earlier answer (a whole number), got "${sinceText}"`)
    }
    const version = await currentContentVersion(serverDb)
    // A cursor from the future comes from another database (a reset server): start that client afresh.
    const full = since === undefined || since > version
    const etag = `"c${version}-${full ? 'all' : since}"`
    void reply.header('ETag', etag).header('Cache-Control', 'no-cache')
    if (request.headers['if-none-match'] === etag) return reply.code(304).send()

    const changes = await contentChangesSince(serverDb, full ? 0 : since!)
    const body: ContentDelta = {
      cursor: formatCursor(changes.version),
      full,
      items: changes.items,
      removed: full ? [] : changes.removed,
    }
    return body
  })
}
