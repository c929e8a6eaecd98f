// What the server holds for the account, read as a second device would: its own session (a login
// through the API) and its own clientId, pulling from the start until the server has no more ([L1][L2]).
// The fault specs count rows with it: present, and each once.
import { randomUUID } from 'node:crypto'
import { request } from '@playwright/test'
import type { SyncChange } from '../../../../src/shared/sync/changes'
import type { NoteLine, SyncedNote } from '../../../../src/shared/sync/note'
import { type Mutation, type PullResponse, SCHEMA_VERSION } from '../../../../src/shared/sync/protocol'
import { ACCOUNT } from '../../support/devices'

export interface ServerRows {
  notes: SyncedNote[]
  lines: NoteLine[]
  /** Slugs bookmarked now (tombstones left out). */
  bookmarks: string[]
  /** Slugs with a reading position. */
  progress: string[]
}

export interface ServerReader {
  /** Everything the server holds for the account now, from a pull from the start. */
  read: () => Promise<ServerRows>
  dispose: () => Promise<void>
}

/** Signs in once (logins are rate limited): poll `read` as often as needed. */
export async function openServerReader(serverUrl: string): Promise<ServerReader> {
  const api = await request.newContext({ baseURL: serverUrl, extraHTTPHeaders: { Origin: serverUrl } })
  const login = await api.post('/api/v1/auth/login', { data: { email: ACCOUNT.email, password: ACCOUNT.password } })
  if (!login.ok()) throw new Error(`login failed: ${login.status()} ${await login.text()}`)
  const clientId = randomUUID()
  const read = async (): Promise<ServerRows> => {
    const rows: ServerRows = { notes: [], lines: [], bookmarks: [], progress: [] }
    let cookie: string | null = null
    for (;;) {
      const answer = await api.post('/api/v1/sync/pull', { data: { clientId, cookie, schemaVersion: SCHEMA_VERSION } })
      if (!answer.ok()) throw new Error(`pull failed: ${answer.status()} ${await answer.text()}`)
      const page = (await answer.json()) as PullResponse<SyncChange>
      for (const change of page.changes) {
        if (change.type === 'note') rows.notes.push(change.note)
        else if (change.type === 'note-line') rows.lines.push(change.line)
        else if (change.type === 'bookmark' && change.bookmarked) rows.bookmarks.push(change.slug)
        else if (change.type === 'progress') rows.progress.push(change.slug)
      }
      if (!page.hasMore || page.cookie === cookie) return rows
      cookie = page.cookie
    }
  }
  return { read, dispose: () => api.dispose() }
}

/**
 * Whether the server holds the effect of a mutation this spec's devices send (notes, lines, bookmarks,
 * reading positions; each added, never taken back, so its effect stays visible).
 */
export function isOnServer(rows: ServerRows, mutation: Mutation): boolean {
  const args = mutation.args as { id?: string; slug?: string; bookmarked?: boolean }
  switch (mutation.name) {
    case 'note.addLine':
      return rows.lines.some((line) => line.id === args.id)
    case 'note.save':
      return rows.notes.some((note) => note.id === args.id)
    case 'bookmark.set':
      return args.bookmarked === true && rows.bookmarks.includes(args.slug!)
    case 'progress.set':
      return rows.progress.includes(args.slug!)
    default:
      throw new Error(`isOnServer does not know ${mutation.name}`)
  }
}

/** How often each text occurs: a duplicate shows as a count above 1. */
export function countByText(lines: readonly NoteLine[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const { text } of lines) counts.set(text, (counts.get(text) ?? 0) + 1)
  return counts
}
