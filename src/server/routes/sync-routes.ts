// POST /api/v1/sync/push, POST /api/v1/sync/pull, GET /api/v1/sync/events (rules: shared/sync/SPEC.md).
import type { FastifyInstance, FastifyReply } from 'fastify'
import { deviceKindFromUserAgent } from '../../shared/sync/device-kind'
import type { PullRequest, PushRequest } from '../../shared/sync/protocol'
import { MAX_MUTATIONS_PER_PUSH, MAX_SYNC_BODY_BYTES, MIN_SCHEMA_VERSION, SCHEMA_VERSION } from '../../shared/sync/protocol'
import { enforceRateLimit, type FixedWindowLimiter } from '../auth/rate-limit'
import { authContextOf, requireUser } from '../auth/require-user'
import { resolveSession, sessionTokenOf } from '../auth/sessions'
import type { ServerDb } from '../db/database'
import { ClientNotYoursError, pullChanges, pushMutations } from '../repositories/sync-repository'
import type { PokeHub } from '../sync/poke-hub'
import { sendError } from './errors'

export const PULL_PAGE_SIZE = 500
const POKE_KEEPALIVE_MS = 25_000
/** Seconds a device waits before retrying after a transient failure ([P5]). */
const RETRY_AFTER_S = 5

const clientId = { type: 'string', format: 'uuid' } as const
const schemaVersion = { type: 'integer', minimum: 0 } as const

const pushSchema = {
  type: 'object',
  required: ['clientId', 'schemaVersion', 'mutations'],
  additionalProperties: false,
  properties: {
    clientId,
    schemaVersion,
    mutations: {
      type: 'array',
      maxItems: MAX_MUTATIONS_PER_PUSH,
      items: {
        type: 'object',
        required: ['id', 'name', 'args', 'at'],
        additionalProperties: false,
        // `args` is checked per mutation: a bad one is rejected on its own ([P4]), not the whole push.
        // `at` is stored in bigint columns: past 2^53 PostgreSQL refused it (500 on every retry) where SQLite took it.
        properties: {
          id: { type: 'integer', minimum: 1 },
          name: { type: 'string', maxLength: 100 },
          args: {},
          at: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
        },
      },
    },
  },
} as const

const pullSchema = {
  type: 'object',
  required: ['clientId', 'cookie', 'schemaVersion'],
  additionalProperties: false,
  properties: { clientId, schemaVersion, cookie: { anyOf: [{ type: 'null' }, { type: 'string', pattern: '^(0|[1-9][0-9]{0,15})$' }] } },
} as const

export interface SyncRouteOptions {
  serverDb: ServerDb
  pokeHub: PokeHub
  now?: () => number
  /** Pushes per user; a device normally pushes a few times a minute at most. buildApp always sets one. */
  pushLimiter?: FixedWindowLimiter
  /** Changes per pull page (default PULL_PAGE_SIZE). */
  pullPageSize?: number
}

/** [V1] Answers the reply when the device's schema version is not served, else undefined. */
function refuseSchemaVersion(reply: FastifyReply, version: number): FastifyReply | undefined {
  if (version < MIN_SCHEMA_VERSION) return sendError(reply, 426, 'schema_too_old', `Schema version ${version} is no longer served: update the app`)
  if (version > SCHEMA_VERSION) return sendError(reply, 400, 'schema_too_new', `Schema version ${version} is newer than this server's ${SCHEMA_VERSION}`)
  return undefined
}

/** node-postgres reports a lost connection, or none to be had, without a code: only by these messages. */
const PG_CONNECTION_LOST = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect)/

/** [P5] Database trouble that a retry can fix, as opposed to a bug. */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = String((error as { code?: unknown })?.code ?? '')
  return (
    /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN)/.test(code) ||
    /^(08|40|53|57P)/.test(code) ||
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT'].includes(code) ||
    (code === '' && error instanceof Error && PG_CONNECTION_LOST.test(error.message))
  )
}

export function syncRoutes(app: FastifyInstance, options: SyncRouteOptions): void {
  const { serverDb, pokeHub, now = Date.now, pushLimiter, pullPageSize = PULL_PAGE_SIZE } = options
  // Open event streams, ended before the server closes (it would otherwise wait for them forever).
  const openStreams = new Set<() => void>()
  app.addHook('preClose', async () => {
    for (const end of openStreams) end()
  })

  app.post<{ Body: PushRequest }>('/api/v1/sync/push', { schema: { body: pushSchema }, bodyLimit: MAX_SYNC_BODY_BYTES }, async (request, reply) => {
    const userId = await requireUser(request)
    const refused = refuseSchemaVersion(reply, request.body.schemaVersion)
    if (refused) return refused
    if (pushLimiter) enforceRateLimit(reply, pushLimiter, userId)
    try {
      const result = await pushMutations(serverDb, {
        userId,
        clientId: request.body.clientId,
        deviceKind: deviceKindFromUserAgent(request.headers['user-agent']),
        mutations: request.body.mutations,
        now: now(),
      })
      if (result.hasChanges) pokeHub.poke(userId, request.body.clientId)
      return { lastMutationId: result.lastMutationId, rejected: result.rejected }
    } catch (error) {
      return handleSyncError(reply, error)
    }
  })

  app.post<{ Body: PullRequest }>('/api/v1/sync/pull', { schema: { body: pullSchema }, bodyLimit: 4096 }, async (request, reply) => {
    const userId = await requireUser(request)
    const refused = refuseSchemaVersion(reply, request.body.schemaVersion)
    if (refused) return refused
    try {
      return await pullChanges(serverDb, {
        userId,
        clientId: request.body.clientId,
        since: request.body.cookie === null ? 0 : Number(request.body.cookie),
        pageSize: pullPageSize,
        schemaVersion: request.body.schemaVersion,
      })
    } catch (error) {
      return handleSyncError(reply, error)
    }
  })

  app.get<{ Querystring: { clientId: string } }>(
    '/api/v1/sync/events',
    { schema: { querystring: { type: 'object', required: ['clientId'], additionalProperties: false, properties: { clientId } } } },
    async (request, reply) => {
      const userId = await requireUser(request)
      // Taken over from Fastify: an event stream is never compressed or buffered.
      reply.hijack()
      const raw = reply.raw
      raw.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      })
      raw.write('retry: 10000\n\n')
      // A stream outlives the request that opened it: before each write, its session must still be live,
      // or a signed-out or revoked browser (logout, password change, account delete) would keep hearing
      // when the user's data changes. An ended session, or a failed look-up, ends the stream.
      const context = authContextOf(request)
      const token = sessionTokenOf(request)
      const writeIfSignedIn = (text: string) => {
        void resolveSession(context, token)
          .then((session) => {
            if (raw.writableEnded) return
            if (session?.userId === userId) raw.write(text)
            else end()
          })
          .catch(() => end())
      }
      const unsubscribe = pokeHub.subscribe(userId, {
        clientId: request.query.clientId,
        poke: () => writeIfSignedIn('event: poke\ndata: {}\n\n'),
      })
      const keepAlive = setInterval(() => writeIfSignedIn(': keep-alive\n\n'), POKE_KEEPALIVE_MS)
      const end = () => {
        clearInterval(keepAlive)
        unsubscribe()
        openStreams.delete(end)
        if (!raw.writableEnded) raw.end()
      }
      openStreams.add(end)
      request.raw.once('close', end)
    },
  )
}

function handleSyncError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof ClientNotYoursError) return sendError(reply, 403, 'client_not_yours', error.message)
  if (isTransientDatabaseError(error)) {
    reply.log.warn({ err: error }, 'sync: transient database failure')
    return sendError(reply.header('Retry-After', String(RETRY_AFTER_S)), 503, 'try_again', 'The server is busy: try again shortly')
  }
  throw error
}
