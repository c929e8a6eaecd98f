// Brings the magazine cache up to date with the server: the whole magazine the first time, after that
// only what changed. No Vue here, so that it runs and tests in Node.
import { CONTENT_API_PATH } from '../../shared/content/routes'
import type { ContentDelta } from '../../shared/content/types'
import { applyContentDelta, readCursor } from '../db/magazine-db'
import type { MagCacheDb } from '../db/magcache'

export type ContentSyncPhase = 'download' | 'save' | 'images'

export interface ContentSyncProgress {
  phase: ContentSyncPhase
  done: number
  /** 0 when the size is not known yet. */
  total: number
}

export interface ContentSyncResult {
  /** True when this was the first download into an empty cache. */
  wasFirstDownload: boolean
  added: string[]
  changed: number
  removed: number
  cursor: string
}

export type ContentSyncErrorKind = 'offline' | 'server' | 'quota' | 'invalid'

export class ContentSyncError extends Error {
  constructor(readonly kind: ContentSyncErrorKind, message: string) {
    super(message)
    this.name = 'ContentSyncError'
  }
}

export interface ContentSyncOptions {
  fetch?: typeof fetch
  baseUrl?: string
  onProgress?: (progress: ContentSyncProgress) => void
}

export async function syncContent(db: MagCacheDb, options: ContentSyncOptions = {}): Promise<ContentSyncResult> {
  const { fetch: doFetch = globalThis.fetch.bind(globalThis), baseUrl = '', onProgress } = options
  const cursor = await readCursor(db)
  const url = `${baseUrl}${CONTENT_API_PATH}${cursor === undefined ? '' : `?since=${encodeURIComponent(cursor)}`}`

  let response: Response
  try {
    response = await doFetch(url, { headers: { Accept: 'application/json' }, cache: 'no-cache' })
  } catch {
    throw new ContentSyncError('offline', 'The server could not be reached')
  }
  if (!response.ok) throw new ContentSyncError('server', `The server answered ${response.status}`)

  const delta = await readJsonWithProgress(response, (done, total) => onProgress?.({ phase: 'download', done, total }))
  if (!isContentDelta(delta)) throw new ContentSyncError('invalid', 'The server sent something that is not a magazine update')

  const wasFirstDownload = cursor === undefined
  try {
    const { added } = await applyContentDelta(db, delta, {
      markNew: !wasFirstDownload,
      onProgress: ({ saved, total }) => onProgress?.({ phase: 'save', done: saved, total }),
    })
    return {
      wasFirstDownload,
      added,
      changed: delta.items.length - added.length,
      removed: delta.removed.length,
      cursor: delta.cursor,
    }
  } catch (error) {
    if (isQuotaError(error)) throw new ContentSyncError('quota', 'The device has no space left for the magazine')
    throw error
  }
}

async function readJsonWithProgress(response: Response, onProgress: (done: number, total: number) => void): Promise<unknown> {
  // Content-Length counts compressed bytes, the stream gives unpacked ones: then the total is unknown.
  const isCompressed = (response.headers.get('Content-Encoding') ?? 'identity') !== 'identity'
  const total = isCompressed ? 0 : Number(response.headers.get('Content-Length') ?? 0)
  if (!response.body) return response.json()
  const reader = response.body.getReader()
  const parts: Uint8Array[] = []
  let done = 0
  for (;;) {
    const chunk = await reader.read()
    if (chunk.done) break
    parts.push(chunk.value)
    done += chunk.value.byteLength
    onProgress(done, total)
  }
  const bytes = new Uint8Array(done)
  let offset = 0
  for (const part of parts) {
    bytes.set(part, offset)
    offset += part.byteLength
  }
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    throw new ContentSyncError('invalid', 'The server sent a broken magazine update')
  }
}

function isContentDelta(value: unknown): value is ContentDelta {
  const delta = value as ContentDelta
  return (
    typeof value === 'object' && value !== null &&
    typeof delta.cursor === 'string' && typeof delta.full === 'boolean' &&
    Array.isArray(delta.items) && Array.isArray(delta.removed) &&
    delta.items.every((item) => typeof item?.slug === 'string' && typeof item.html === 'string')
  )
}

export function isQuotaError(error: unknown): boolean {
  const names = [(error as Error)?.name, (error as { inner?: Error })?.inner?.name]
  return names.includes('QuotaExceededError')
}
