// CSRF guard for the API: a state-changing request (POST, PUT, PATCH, DELETE) must come from this
// site and carry JSON. With the SameSite=Strict session cookie, this is the second lock on the door.
//   - an `Origin` header, when present, must be this server's own origin, else 403 bad_origin;
//   - `Sec-Fetch-Site: cross-site` is refused with 403 bad_origin too;
//   - a body must be `Content-Type: application/json`, else 415 unsupported_media_type. HTML forms
//     cannot send JSON, and a cross-site fetch cannot either without a CORS preflight we never answer.
//     A route may name other types in `config.bodyTypes` (the photo upload: image/webp…): those are no
//     "simple" types either, so the same holds for them.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AUTH_ERROR_CODES } from '../../shared/auth'
import { HttpError } from './http-error'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Body types this route takes besides JSON; each must be one a cross-site form cannot send. */
    bodyTypes?: readonly string[]
  }
}

const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Register before any route, so that every route gets the hook. */
export function registerOriginCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (!STATE_CHANGING_METHODS.has(request.method) || !isApiRequest(request)) return
    if (request.headers.origin !== undefined && !isOwnOrigin(request, request.headers.origin)) {
      throw new HttpError(403, AUTH_ERROR_CODES.badOrigin, 'This request came from another site')
    }
    if (request.headers['sec-fetch-site'] === 'cross-site') {
      throw new HttpError(403, AUTH_ERROR_CODES.badOrigin, 'This request came from another site')
    }
    if (hasBody(request) && !isAccepted(request.headers['content-type'], request.routeOptions.config?.bodyTypes)) {
      const types = ['application/json', ...(request.routeOptions.config?.bodyTypes ?? [])].join(', ')
      throw new HttpError(415, AUTH_ERROR_CODES.unsupportedMediaType, `Send the request body as Content-Type: ${types}`)
    }
  })
}

/**
 * By the matched route, not only the URL: the router decodes the path, so `/%61pi/…` reaches an
 * `/api/…` route although its URL does not start with `/api/`.
 */
function isApiRequest(request: FastifyRequest): boolean {
  const routeUrl = request.routeOptions.url
  return (routeUrl !== undefined && routeUrl.startsWith('/api/')) || request.url.startsWith('/api/')
}

/** Compared as parsed origins, so that `https://a.nl:443` equals `https://a.nl` and case does not matter. */
function isOwnOrigin(request: FastifyRequest, origin: string): boolean {
  const host = request.headers.host
  if (!host) return false
  try {
    const own = new URL(`${request.protocol}://${host}`).origin
    return origin !== 'null' && new URL(origin).origin === own
  } catch {
    return false
  }
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length']
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

function isAccepted(contentType: string | undefined, bodyTypes: readonly string[] = []): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase()
  return type === 'application/json' || (type !== undefined && bodyTypes.includes(type))
}
