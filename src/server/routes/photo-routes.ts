// PUT and GET /api/v1/photos/:id: the bytes of a note's photo ([A2][A3] in shared/sync/SPEC.md). The
// photo's facts arrive by sync push first; this route only carries the file, checked against them.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { PHOTO_MAX_BYTES, PHOTO_MIME_TYPES, PHOTO_USER_QUOTA_BYTES } from '../../shared/sync/note-photo'
import { enforceRateLimit, FixedWindowLimiter } from '../auth/rate-limit'
import { requireUser } from '../auth/require-user'
import type { ServerDb } from '../db/database'
import { readPhotoFile, storePhotoFile } from '../repositories/photo-repository'
import { isTransientDatabaseError } from './sync-routes'
import { answerError, sendError } from './errors'

export interface PhotoRouteOptions {
  serverDb: ServerDb
  now?: () => number
  /** Per user, all photos together (tests set a small one). */
  photoQuotaBytes?: number
}

const params = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', format: 'uuid' } },
} as const

/** A session's photos arrive in a burst after a day offline: generous, but not a free file host. */
const UPLOADS_PER_USER = { limit: 300, windowMs: 10 * 60 * 1000 }
const READS_PER_USER = { limit: 1200, windowMs: 10 * 60 * 1000 }

const REFUSALS = {
  'not-found': [404, 'photo_not_found', 'There is no such photo in your notes'],
  removed: [410, 'photo_removed', 'This photo was removed from its note'],
  'hash-mismatch': [400, 'photo_hash_mismatch', 'The file is not the one this photo names (its SHA-256 differs)'],
  'not-an-image': [400, 'photo_not_an_image', 'The file is not a WebP, JPEG or PNG image'],
  'type-mismatch': [400, 'photo_type_mismatch', 'The file is of another image type than this photo names'],
  quota: [413, 'photo_quota', `Your photos on the server would exceed ${PHOTO_USER_QUOTA_BYTES / 1024 / 1024} MiB: remove photos you no longer need`],
} as const

export async function photoRoutes(app: FastifyInstance, options: PhotoRouteOptions): Promise<void> {
  const { serverDb, now = Date.now, photoQuotaBytes } = options
  const uploads = new FixedWindowLimiter({ ...UPLOADS_PER_USER, now })
  const reads = new FixedWindowLimiter({ ...READS_PER_USER, now })

  await app.register(async (photos) => {
    // Only here does a body other than JSON count: the bytes of an image (see auth/origin-check.ts).
    photos.addContentTypeParser([...PHOTO_MIME_TYPES], { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES }, (_request, body, done) => done(null, body))
    // A person's photos, for this browser only: never for a cache, the browser's own included.
    photos.addHook('onRequest', async (_request, reply) => {
      void reply.header('Cache-Control', 'no-store')
    })

    photos.put<{ Params: { id: string }; Body: Buffer }>(
      '/api/v1/photos/:id',
      { schema: { params }, bodyLimit: PHOTO_MAX_BYTES, config: { bodyTypes: PHOTO_MIME_TYPES }, errorHandler: tooLargeAsPhotoError },
      async (request, reply) => {
        const userId = await requireUser(request)
        enforceRateLimit(reply, uploads, userId)
        if (!Buffer.isBuffer(request.body) || request.body.byteLength === 0) {
          return sendError(reply, 400, 'photo_missing', 'Send the photo as the request body, with its image type as Content-Type')
        }
        try {
          const outcome = await storePhotoFile(serverDb, { userId, photoId: request.params.id, data: request.body, now: now(), quotaBytes: photoQuotaBytes })
          if (!outcome.stored) {
            const [status, code, message] = REFUSALS[outcome.reason]
            return sendError(reply, status, code, message)
          }
          return reply.code(204).send()
        } catch (error) {
          return transient(reply, error)
        }
      },
    )

    photos.get<{ Params: { id: string } }>('/api/v1/photos/:id', { schema: { params } }, async (request, reply) => {
      const userId = await requireUser(request)
      enforceRateLimit(reply, reads, userId)
      try {
        const file = await readPhotoFile(serverDb, userId, request.params.id)
        if (!file.found) {
          return file.reason === 'not-uploaded'
            ? sendError(reply, 404, 'photo_not_uploaded', 'This photo has not reached the server yet: the device that took it sends it when it is online')
            : sendError(reply, 404, 'photo_not_found', 'There is no such photo in your notes')
        }
        return reply.type(file.mime).header('Content-Disposition', 'inline').send(file.data)
      } catch (error) {
        return transient(reply, error)
      }
    })
  })
}

/** Fastify refuses an oversize body before the route runs: say it in the photo's own words. */
function tooLargeAsPhotoError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return sendError(reply, 413, 'photo_too_large', `A photo may be at most ${PHOTO_MAX_BYTES / 1024 / 1024} MiB`)
  }
  return answerError(error, request, reply)
}

function transient(reply: FastifyReply, error: unknown): FastifyReply {
  if (isTransientDatabaseError(error)) return sendError(reply.header('Retry-After', '5'), 503, 'try_again', 'The server is busy: try again shortly')
  throw error
}
