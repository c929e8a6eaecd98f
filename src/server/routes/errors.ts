// Every API error leaves the server in the one shape of shared/api-error.ts.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ApiError } from '../../shared/api-error'

export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  const body: ApiError = { error: { code, message } }
  return reply.code(status).type('application/json; charset=utf-8').send(body)
}

/** The app's answer to an error; a route with an error handler of its own falls back to it. */
export function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error.validation) {
    return sendError(reply, 400, 'invalid_request', `${error.validationContext ?? 'request'} ${error.message}`)
  }
  const status = error.statusCode ?? 500
  if (status >= 500) {
    request.log.error(error)
    return sendError(reply, status, 'server_error', 'Something went wrong on the server; please try again')
  }
  return sendError(reply, status, error.code?.toLowerCase() ?? 'bad_request', error.message)
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(answerError)
}
