// GET /api/v1/health: is this process up, and can it reach its database?
import type { FastifyInstance } from 'fastify'
import type { ServerDb } from '../db/database'
import { currentContentVersion } from '../repositories/content-repository'

export function healthRoutes(app: FastifyInstance, { serverDb }: { serverDb: ServerDb }): void {
  app.get('/api/v1/health', async () => ({
    status: 'ok',
    database: serverDb.dialect,
    contentCursor: String(await currentContentVersion(serverDb)),
  }))
}
