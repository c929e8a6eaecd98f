// Serves the built PWA: hashed assets cached forever, everything else revalidated, deep links to index.html.
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { MEDIA_PREFIX } from '../../shared/content/routes'
import { sendError } from './errors'

const IMMUTABLE = 'public, max-age=31536000, immutable'

export async function appShellRoutes(app: FastifyInstance, options: { distDir: string; contentDir: string }): Promise<void> {
  await app.register(fastifyStatic, {
    root: options.distDir,
    index: false,
    wildcard: true,
    cacheControl: false,
    setHeaders(res, filePath) {
      const isHashedAsset = path.relative(options.distDir, filePath).startsWith(`assets${path.sep}`)
      res.setHeader('Cache-Control', isHashedAsset ? IMMUTABLE : 'no-cache')
    },
  })
  // Content images: the magazine's URLs carry the file's hash (?v=…), so a changed image gets a new URL.
  await app.register(fastifyStatic, {
    root: path.join(options.contentDir, 'images'),
    prefix: MEDIA_PREFIX,
    decorateReply: false,
    cacheControl: false,
    setHeaders(res) {
      res.setHeader('Cache-Control', IMMUTABLE)
    },
  })

  app.get('/', (_request, reply) => sendIndex(reply))
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith(MEDIA_PREFIX)
    if (isPage && (request.headers.accept ?? '').includes('text/html')) return sendIndex(reply)
    return sendError(reply, 404, 'not_found', `No route for ${request.method} ${request.url.split('?')[0]}`)
  })
}

function sendIndex(reply: import('fastify').FastifyReply) {
  return reply.header('Cache-Control', 'no-cache').sendFile('index.html')
}
