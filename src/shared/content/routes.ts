// Where content lives in the app, shared by the client's router and the server's links.
import type { ContentType } from './types'

/** The list page of each type, in the order the navigation shows them. */
export const TYPE_LIST_PATHS: Record<ContentType, string> = {
  verhaal: '/verhalen',
  column: '/columns',
  analyse: '/analyses',
  werkvorm: '/werkvormen',
}

export function readerPath(slug: string): string {
  return `/lezen/${encodeURIComponent(slug)}`
}

export const MEDIA_PREFIX = '/media/'
export const CONTENT_API_PATH = '/api/v1/content'
