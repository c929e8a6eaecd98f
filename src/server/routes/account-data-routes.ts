// GET /api/v1/account/export and DELETE /api/v1/account: "the person leaves" (AVG articles 15, 17, 20).
// Thin: the rows come from repositories/account-data-repository.ts, the Markdown from shared/account-export.ts.
import type { FastifyInstance } from 'fastify'
import { strToU8, zipSync, type Zippable } from 'fflate'
import { ACCOUNT_API_PREFIX, ACCOUNT_JSON_FILE, type AccountExport, type DeleteAccountRequest, exportFileName, noteToMarkdown, NOTES_FOLDER } from '../../shared/account-export'
import { AUTH_ERROR_CODES, PASSWORD_MAX_LENGTH } from '../../shared/auth'
import { HttpError } from '../auth/http-error'
import { verifyPassword } from '../auth/password'
import { enforceRateLimit, FixedWindowLimiter, type RateLimitRule } from '../auth/rate-limit'
import { forgetCurrentSession, notSignedIn, requireSession } from '../auth/require-user'
import { clearSessionCookie } from '../auth/sessions'
import { deleteAccount, readAccountExport, readExportPhotoFiles } from '../repositories/account-data-repository'
import { findUserById } from '../repositories/user-repository'

const MINUTE_MS = 60 * 1000
const DELETE_BODY_LIMIT_BYTES = 16 * 1024

export const ACCOUNT_DATA_RATE_LIMITS = {
  /** An export reads every row of the user and zips it: plenty for a person, too few to load the server. */
  exportPerUser: { limit: 10, windowMs: 60 * MINUTE_MS },
  /** The password is checked: as for a password change, too few tries to guess it with a stolen session. */
  deletePerUser: { limit: 10, windowMs: 15 * MINUTE_MS },
} satisfies Record<string, RateLimitRule>

const deleteRoute = {
  schema: {
    body: {
      type: 'object',
      properties: { password: { type: 'string', maxLength: PASSWORD_MAX_LENGTH } },
      required: ['password'],
      additionalProperties: false,
    },
  },
  bodyLimit: DELETE_BODY_LIMIT_BYTES,
} as const

/** account.json, one Markdown file per note that still has its text, and the photos they link to. */
export function exportArchive(data: AccountExport, now: number, photoFiles: ReadonlyMap<string, Uint8Array> = new Map()): Uint8Array {
  const mtime = new Date(now)
  const files: Zippable = { [ACCOUNT_JSON_FILE]: [strToU8(`${JSON.stringify(data, null, 2)}\n`), { mtime }] }
  for (const note of data.notes) {
    if (!note.markdownFile) continue
    const photos = note.photos.map((photo) => ({ alt: photo.alt, link: photo.file && photoFiles.has(photo.file) ? photo.file.slice(NOTES_FOLDER.length + 1) : null }))
    files[note.markdownFile] = [strToU8(noteToMarkdown({ ...note, photos })), { mtime }]
  }
  // Photos are compressed already: stored as they are, which costs nothing to unpack.
  for (const [path, bytes] of photoFiles) files[path] = [bytes, { mtime, level: 0 }]
  return zipSync(files, { level: 6 })
}

export async function accountDataRoutes(app: FastifyInstance): Promise<void> {
  const context = app.authContext
  const limiter = (rule: RateLimitRule) => new FixedWindowLimiter({ ...rule, now: context.now })
  const limits = {
    exportPerUser: limiter(ACCOUNT_DATA_RATE_LIMITS.exportPerUser),
    deletePerUser: limiter(ACCOUNT_DATA_RATE_LIMITS.deletePerUser),
  }

  await app.register(
    async (account) => {
      // A person's data, for this browser only: never for a cache, the browser's own included.
      account.addHook('onRequest', async (_request, reply) => {
        void reply.header('Cache-Control', 'no-store')
      })

      account.get('/export', async (request, reply) => {
        const { userId } = await requireSession(request)
        enforceRateLimit(reply, limits.exportPerUser, userId)
        const now = context.now()
        const data = await readAccountExport(context.serverDb, userId, now)
        if (!data) throw notSignedIn()
        const archive = exportArchive(data, now, await readExportPhotoFiles(context.serverDb, userId, data))
        return reply
          .type('application/zip')
          .header('Content-Disposition', `attachment; filename="${exportFileName(now)}"`)
          .send(Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength))
      })

      account.delete<{ Body: DeleteAccountRequest }>('/', deleteRoute, async (request, reply) => {
        const session = await requireSession(request)
        enforceRateLimit(reply, limits.deletePerUser, session.userId)
        const user = await findUserById(context.serverDb, session.userId)
        if (!user) throw notSignedIn()
        if (!(await verifyPassword(request.body.password, user.passwordHash))) {
          throw new HttpError(401, AUTH_ERROR_CODES.wrongCredentials, 'The password is wrong')
        }
        // Sessions go with the user's other rows: every browser signed in to this account is signed out.
        await deleteAccount(context.serverDb, user.id)
        forgetCurrentSession(request)
        clearSessionCookie(request, reply)
        return reply.code(204).send()
      })
    },
    { prefix: ACCOUNT_API_PREFIX },
  )
}
