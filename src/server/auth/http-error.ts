// An error a route or hook throws to answer with a given status and `error.code`: the app's error
// handler (routes/errors.ts) turns it into the `{ error: { code, message } }` body.
export class HttpError extends Error {
  override readonly name = 'HttpError'

  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}
