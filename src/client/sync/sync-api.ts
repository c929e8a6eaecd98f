// The sync API's two calls (shared/sync/protocol.ts), with every failure turned into a typed
// SyncHttpError whose kind says what the device can do about it. No Vue here: it runs in Node tests.
import type { ApiError } from '../../shared/api-error'
import type { SyncChange } from '../../shared/sync/changes'
import { type NotePhoto, PHOTO_MIME_TYPES, type PhotoMimeType, photoPath, SHA256_HEX_PATTERN } from '../../shared/sync/note-photo'
import type { PullRequest, PullResponse, PushRequest, PushResponse } from '../../shared/sync/protocol'
import { parseRetryAfterMs } from './backoff'

export const SYNC_PUSH_PATH = '/api/v1/sync/push'
export const SYNC_PULL_PATH = '/api/v1/sync/pull'
export const SYNC_EVENTS_PATH = '/api/v1/sync/events'
/**
 * A push or pull that has not fully answered by then has failed: a network that swallows requests (a
 * captive portal, a dead access point) would otherwise hold the sync, and every sync after it, forever.
 */
export const SYNC_REQUEST_TIMEOUT_MS = 30_000
/** Photo bytes (up to 3 MiB) may take this long on a slow mobile link. */
export const PHOTO_REQUEST_TIMEOUT_MS = 120_000

/**
 * - offline: the server could not be reached (fetch threw), or did not answer within the request timeout
 * - auth: not signed in, or the session ended (401): sign in again
 * - forbidden: this device belongs to another account (403, [C1])
 * - too-old: the app must update (426, [V1])
 * - busy: try again after retryAfterMs (429, 503, [P5])
 * - rejected-request: the server refused the request itself (another 4xx)
 * - server: the server failed (5xx)
 * - invalid: the server answered something that is not the protocol
 */
export type SyncHttpErrorKind = 'offline' | 'auth' | 'forbidden' | 'too-old' | 'busy' | 'rejected-request' | 'server' | 'invalid'

export class SyncHttpError extends Error {
  constructor(
    readonly kind: SyncHttpErrorKind,
    message: string,
    readonly details: { status?: number; code?: string; retryAfterMs?: number } = {},
  ) {
    super(message)
    this.name = 'SyncHttpError'
  }

  get status(): number | undefined {
    return this.details.status
  }

  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs
  }
}

export interface SyncApiOptions {
  fetch?: typeof fetch
  /** '' in the app (same origin); the server's origin in tests. */
  baseUrl?: string
  now?: () => number
  /** Defaults SYNC_REQUEST_TIMEOUT_MS; photo transfers get at least PHOTO_REQUEST_TIMEOUT_MS. Tests shorten it. */
  requestTimeoutMs?: number
}

export interface SyncApi {
  push: (body: PushRequest) => Promise<PushResponse>
  pull: (body: PullRequest) => Promise<PullResponse<SyncChange>>
  uploadPhoto: (id: string, blob: Blob, mime: PhotoMimeType) => Promise<void>
  fetchPhoto: (id: string) => Promise<Blob>
}

export function createSyncApi(options: SyncApiOptions = {}): SyncApi {
  return {
    push: (body) => push(body, options),
    pull: (body) => pull(body, options),
    uploadPhoto: (id, blob, mime) => uploadPhoto(id, blob, mime, options),
    fetchPhoto: (id) => fetchPhoto(id, options),
  }
}

/** [A2] Sends a photo's bytes; resolves when the server has them (204). */
export async function uploadPhoto(id: string, blob: Blob, mime: PhotoMimeType, options: SyncApiOptions = {}): Promise<void> {
  await exchange(photoPath(id), { method: 'PUT', headers: { 'Content-Type': mime }, body: blob }, options, photoTimeoutMs(options), async (response) => {
    if (!response.ok) throw await errorFromResponse(response, (options.now ?? Date.now)())
  })
}

/** [A3] A photo's bytes from the server. */
export async function fetchPhoto(id: string, options: SyncApiOptions = {}): Promise<Blob> {
  return exchange(photoPath(id), { method: 'GET', headers: { Accept: 'image/*' } }, options, photoTimeoutMs(options), async (response, signal) => {
    if (!response.ok) throw await errorFromResponse(response, (options.now ?? Date.now)())
    try {
      return await response.blob()
    } catch {
      throw brokenConnection(signal, 'The connection broke while the photo came in')
    }
  })
}

function photoTimeoutMs(options: SyncApiOptions): number {
  return Math.max(options.requestTimeoutMs ?? SYNC_REQUEST_TIMEOUT_MS, PHOTO_REQUEST_TIMEOUT_MS)
}

/**
 * One request and the reading of its answer, under one deadline: past `timeoutMs` the request is
 * aborted, whether it still waits for the headers or the body stalled halfway.
 */
async function exchange<T>(path: string, init: RequestInit, options: SyncApiOptions, timeoutMs: number, read: (response: Response, signal: AbortSignal) => Promise<T>): Promise<T> {
  const { fetch: doFetch = globalThis.fetch.bind(globalThis), baseUrl = '' } = options
  // Not AbortSignal.timeout(): older Safari lacks it, and this timer can be cleared once the answer is in.
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  try {
    let response: Response
    try {
      response = await doFetch(`${baseUrl}${path}`, { credentials: 'same-origin', cache: 'no-store', ...init, signal: controller.signal })
    } catch {
      throw brokenConnection(controller.signal, 'The server could not be reached')
    }
    return await read(response, controller.signal)
  } finally {
    clearTimeout(timer)
  }
}

function brokenConnection(signal: AbortSignal, message: string): SyncHttpError {
  return new SyncHttpError('offline', signal.aborted ? 'The server did not answer in time' : message)
}

export async function push(body: PushRequest, options: SyncApiOptions = {}): Promise<PushResponse> {
  const answer = await postJson(SYNC_PUSH_PATH, body, options)
  if (!isPushResponse(answer)) throw new SyncHttpError('invalid', 'The server answered a push with something that is not a push response')
  return answer
}

export async function pull(body: PullRequest, options: SyncApiOptions = {}): Promise<PullResponse<SyncChange>> {
  const answer = await postJson(SYNC_PULL_PATH, body, options)
  if (!isPullResponse(answer)) throw new SyncHttpError('invalid', 'The server answered a pull with something that is not a pull response')
  return answer
}

async function postJson(path: string, body: unknown, options: SyncApiOptions): Promise<unknown> {
  const { now = Date.now } = options
  const init = { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) }
  return exchange(path, init, options, options.requestTimeoutMs ?? SYNC_REQUEST_TIMEOUT_MS, async (response, signal) => {
    if (!response.ok) throw await errorFromResponse(response, now())
    let text: string
    try {
      text = await response.text()
    } catch {
      // The connection broke halfway through the answer: the network's fault, not the server's.
      throw brokenConnection(signal, 'The connection broke while the answer came in')
    }
    try {
      return JSON.parse(text) as unknown
    } catch {
      throw new SyncHttpError('invalid', 'The server sent a broken answer', { status: response.status })
    }
  })
}

async function errorFromResponse(response: Response, now: number): Promise<SyncHttpError> {
  const { status } = response
  const apiError = await response.json().then(
    (value: unknown) => (value as ApiError)?.error,
    () => undefined,
  )
  const code = typeof apiError?.code === 'string' ? apiError.code : undefined
  const message = typeof apiError?.message === 'string' ? apiError.message : `The server answered ${status}`
  const details = { status, ...(code === undefined ? {} : { code }) }
  if (status === 401) return new SyncHttpError('auth', message, details)
  if (status === 403) return new SyncHttpError('forbidden', message, details)
  if (status === 426) return new SyncHttpError('too-old', message, details)
  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfterMs(response.headers.get('Retry-After'), now)
    return new SyncHttpError('busy', message, retryAfterMs === undefined ? details : { ...details, retryAfterMs })
  }
  if (status >= 400 && status < 500) return new SyncHttpError('rejected-request', message, details)
  return new SyncHttpError('server', message, details)
}

function isPushResponse(value: unknown): value is PushResponse {
  const answer = value as PushResponse
  return typeof value === 'object' && value !== null && Number.isInteger(answer.lastMutationId) && Array.isArray(answer.rejected)
}

const CHANGE_TYPES = new Set(['bookmark', 'progress', 'note', 'note-purged', 'note-line', 'note-photo'])

/** [N9] The line shape: its ids, text and time are what the device stores and indexes. */
function isNoteLine(line: unknown): boolean {
  const value = line as { id?: unknown; noteId?: unknown; text?: unknown; at?: unknown } | null
  return typeof value === 'object' && value !== null && typeof value.id === 'string' && typeof value.noteId === 'string' && typeof value.text === 'string' && Number.isFinite(value.at)
}

/** [A1] The photo shape: what the device stores, indexes and fetches by. */
function isNotePhoto(photo: unknown): boolean {
  const value = photo as Partial<Record<keyof NotePhoto, unknown>> | null
  return (
    typeof value === 'object' && value !== null &&
    typeof value.id === 'string' && typeof value.noteId === 'string' && typeof value.hash === 'string' && SHA256_HEX_PATTERN.test(value.hash) &&
    (PHOTO_MIME_TYPES as readonly unknown[]).includes(value.mime) && typeof value.alt === 'string' && typeof value.removed === 'boolean' &&
    [value.bytes, value.width, value.height, value.at, value.altAt].every(Number.isFinite)
  )
}

function isPullResponse(value: unknown): value is PullResponse<SyncChange> {
  const answer = value as PullResponse<SyncChange>
  return (
    typeof value === 'object' && value !== null &&
    typeof answer.cookie === 'string' && Number.isInteger(answer.lastMutationId) && typeof answer.hasMore === 'boolean' &&
    Array.isArray(answer.changes) &&
    answer.changes.every((change) => typeof change === 'object' && change !== null && CHANGE_TYPES.has(change.type) && (change.type !== 'note' || typeof change.note?.id === 'string') && (change.type !== 'note-line' || isNoteLine(change.line)) && (change.type !== 'note-photo' || isNotePhoto(change.photo)))
  )
}
