// CSRF guard for the API: a state-changing request (POST, PUT, PATCH, DELETE) must come from this
// site and carry JSON. With the SameSite=Strict session cookie, this is the second lock on the door.
//   - an `Origin` header, when present, must be this server's own origin, else 403 bad_origin;
//   - `Sec-Fetch-Site: cross-site` is refused with 403 bad_origin too;
//   - a body must be `Content-Type: application/json`, else 415 unsupported_media_type. HTML forms
//     cannot send JSON, and a cross-site fetch cannot either without a CORS preflight we never answer.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { AUTH_ERROR_CODES } from '../../shared/auth'
import { HttpError } from './http-error'

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
    if (hasBody(request) && !isJson(request.headers['content-type'])) {
      throw new HttpError(415, AUTH_ERROR_CODES.unsupportedMediaType, 'Send the request body as Content-Type: application/json')
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

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json'
}
