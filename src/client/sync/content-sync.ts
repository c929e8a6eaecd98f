// Brings the magazine cache up to date with the server: the whole magazine the first time, after that
// only what changed. No Vue here, so that it runs and tests in Node.
// A first download (no cursor) starts with the cards alone (`view=cards`, a few KB), so that lists show
// at once; the whole magazine follows, and only it moves the cursor.
import { isQuotaError } from '../db/quota-error'
import { CONTENT_API_PATH } from '../../shared/content/routes'
import type { ContentCardsAnswer, ContentDelta } from '../../shared/content/types'
import { applyContentDelta, readCursor, writeFirstCards } from '../db/magazine-db'
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
  /**
   * Awaited once the cards of a first download are stored, before the whole magazine is asked for: the
   * page can paint the lists first, before parsing the big answer takes the main thread.
   */
  onCardsStored?: () => Promise<void> | void
  /** The answer to `?view=cards` if the caller already asked for it (a first visit, before this code loaded). */
  cardsResponse?: Promise<Response | undefined>
}

export async function syncContent(db: MagCacheDb, options: ContentSyncOptions = {}): Promise<ContentSyncResult> {
  const { fetch: doFetch = globalThis.fetch.bind(globalThis), baseUrl = '', onProgress, onCardsStored, cardsResponse } = options
  const cursor = await readCursor(db)
  const reportDownload = (done: number, total: number) => onProgress?.({ phase: 'download', done, total })

  if (cursor === undefined) {
    const early = await cardsResponse?.catch(() => undefined)
    const answer = await fetchJson(doFetch, `${baseUrl}${CONTENT_API_PATH}?view=cards`, reportDownload, early?.ok ? early : undefined)
    if (!isCardsAnswer(answer)) throw new ContentSyncError('invalid', 'The server sent something that is not a list of cards')
    try {
      await writeFirstCards(db, answer.cards)
    } catch (error) {
      if (isQuotaError(error)) throw new ContentSyncError('quota', 'The device has no space left for the magazine')
      throw error
    }
    await onCardsStored?.()
  }

  const url = `${baseUrl}${CONTENT_API_PATH}${cursor === undefined ? '' : `?since=${encodeURIComponent(cursor)}`}`
  const delta = await fetchJson(doFetch, url, reportDownload)
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

async function fetchJson(
  doFetch: typeof fetch,
  url: string,
  onProgress: (done: number, total: number) => void,
  early?: Response,
): Promise<unknown> {
  let response: Response
  try {
    response = early ?? (await doFetch(url, { headers: { Accept: 'application/json' }, cache: 'no-cache' }))
  } catch {
    throw new ContentSyncError('offline', 'The server could not be reached')
  }
  if (!response.ok) throw new ContentSyncError('server', `The server answered ${response.status}`)
  return readJsonWithProgress(response, onProgress)
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

function isCardsAnswer(value: unknown): value is ContentCardsAnswer {
  const answer = value as ContentCardsAnswer
  return (
    typeof value === 'object' && value !== null && typeof answer.cursor === 'string' && answer.full === true &&
    Array.isArray(answer.cards) &&
    answer.cards.every((card) => typeof card?.slug === 'string' && typeof card.type === 'string' && typeof card.title === 'string' && typeof card.published === 'string')
  )
}


/**
 * For `onCardsStored` in the browser: resolves once `hasCards()` is true and the screen shows the cards
 * with their images (at most half a second), so that they paint before the big download and its parsing
 * take the network and the main thread. Two frames and a short pause after the images: a frame reaches
 * the screen some time after requestAnimationFrame.
 */
export async function cardsPainted(hasCards: () => boolean): Promise<void> {
  const frame = () => new Promise((next) => requestAnimationFrame(next))
  let isOver = false
  const painted = (async () => {
    while (!hasCards() && !isOver) await frame()
    await frame()
    const images = [...document.images].filter((image) => !image.complete && image.loading !== 'lazy')
    await Promise.all(images.map((image) => image.decode().catch(() => undefined)))
    await frame()
    await frame()
    await new Promise((next) => setTimeout(next, 50))
  })()
  await Promise.race([painted, new Promise((next) => setTimeout(next, 500))])
  isOver = true
}
