// Builds the Fastify app (routes, security headers, errors) without listening: tests inject into it.
import compress from '@fastify/compress'
import Fastify, { type FastifyInstance } from 'fastify'
import { registerAuth } from './auth/auth-plugin'
import { registerOriginCheck } from './auth/origin-check'
import type { PasswordCost } from './auth/password'
import type { ServerDb } from './db/database'
import { accountDataRoutes } from './routes/account-data-routes'
import { appShellRoutes } from './routes/app-shell-routes'
import { authRoutes } from './routes/auth-routes'
import { contentRoutes } from './routes/content-routes'
import { registerErrorHandlers } from './routes/errors'
import { healthRoutes } from './routes/health-routes'
import { photoRoutes } from './routes/photo-routes'
import { syncRoutes } from './routes/sync-routes'
import { FixedWindowLimiter } from './auth/rate-limit'
import { PokeHub } from './sync/poke-hub'

export interface AppOptions {
  serverDb: ServerDb
  distDir: string
  contentDir: string
  logger?: boolean
  /**
   * Behind a reverse proxy: take protocol and client IP from X-Forwarded-* (Secure cookie, origin check,
   * rate limits). Name the proxy's address(es); `true` trusts whatever X-Forwarded-For a client sends.
   */
  trustProxy?: boolean | string | string[]
  /** ms since the epoch; tests inject a clock to expire sessions and rate-limit windows. */
  now?: () => number
  /** scrypt cost of new password hashes; tests pass a cheaper one. Default: OWASP's N=2^17. */
  passwordCost?: PasswordCost
  /** Pushes allowed per user and minute (default 120: a busy device pushes a few times a minute). */
  pushesPerMinute?: number
  /** Photo bytes a user may keep on the server (default PHOTO_USER_QUOTA_BYTES); tests set a small one. */
  photoQuotaBytes?: number
  /** Changes per pull page ([L2], default PULL_PAGE_SIZE); the sync fuzz sets a small one to pull in many pages. */
  pullPageSize?: number
}

/** No inline script or style is needed anywhere: the app shell is plain files from 'self'. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 256 * 1024,
    trustProxy: options.trustProxy ?? false,
    // Validation rejects what it does not expect: no silent stripping, no type coercion.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
  })
  registerErrorHandlers(app)
  registerOriginCheck(app)
  await registerAuth(app, options)

  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('X-Content-Type-Options', 'nosniff').header('Referrer-Policy', 'same-origin')
    const type = String(reply.getHeader('content-type') ?? '')
    // SVG is a document too: opened on its own (a content image's URL), a script in it would run as the app.
    if (type.startsWith('text/html') || type.startsWith('image/svg+xml')) {
      void reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY).header('X-Frame-Options', 'DENY')
    }
    return payload
  })

  await app.register(compress, { threshold: 1024 })
  healthRoutes(app, options)
  contentRoutes(app, options)
  await authRoutes(app)
  await accountDataRoutes(app)
  syncRoutes(app, {
    serverDb: options.serverDb,
    pokeHub: new PokeHub(),
    now: options.now,
    pushLimiter: new FixedWindowLimiter({ limit: options.pushesPerMinute ?? 120, windowMs: 60_000, now: options.now }),
    pullPageSize: options.pullPageSize,
  })
  await photoRoutes(app, { serverDb: options.serverDb, now: options.now, photoQuotaBytes: options.photoQuotaBytes })
  await appShellRoutes(app, options)
  return app
}
