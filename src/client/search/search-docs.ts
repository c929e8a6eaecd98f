// What of an item and of a note is searchable, as plain text. Runs in the search worker, which has no
// DOMParser: the items' HTML (sanitized on the server) is turned into text with a few patterns.
import type { ContentItem } from '../../shared/content/types'
import type { NoteLine, SyncedNote } from '../../shared/sync/note'
import { NOTE_TEXT_FIELDS } from '../../shared/sync/note'
import type { SearchDoc } from './search-types'

const INLINE_TAG = /<\/?(?:a|abbr|b|code|em|i|mark|s|small|span|strong|sub|sup|u)\b[^>]*>/gi
const ANY_TAG = /<[^>]*>/g
const ENTITY = /&(?:#(\d+)|#x([\da-f]+)|(amp|lt|gt|quot|apos|nbsp));/gi
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

/** The text of sanitized HTML: inline tags vanish, block tags become a line break. */
export function htmlToText(html: string): string {
  return html
    .replace(INLINE_TAG, '')
    .replace(ANY_TAG, '\n')
    .replace(ENTITY, (_, dec: string | undefined, hex: string | undefined, name: string | undefined) =>
      name ? NAMED[name.toLowerCase()]! : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16)),
    )
    .replace(/[ \t]*\n[\s]*/g, '\n')
    .trim()
}

export function itemDoc(item: ContentItem): SearchDoc {
  const parts = [htmlToText(item.html)]
  if (item.type === 'werkvorm') for (const step of item.steps) parts.push(step.title, step.instruction)
  if (item.type === 'analyse') parts.push(...item.lessons)
  return { type: item.type, ref: item.slug, title: item.title, summary: item.summary, body: parts.join('\n'), version: String(item.version) }
}

/** A note with its quick-log lines; the Doetank and tags count as its summary. */
export function noteDoc(note: SyncedNote, lines: readonly NoteLine[]): SearchDoc {
  const { fields } = note
  const text = NOTE_TEXT_FIELDS.filter((field) => field !== 'title' && field !== 'doetank').map((field) => fields[field])
  return {
    type: 'notitie',
    ref: note.id,
    title: fields.title,
    summary: [fields.doetank, ...fields.tags].filter(Boolean).join(' · '),
    body: [...text, ...lines.map((line) => line.text)].filter(Boolean).join('\n'),
    version: `${note.updatedAt}:${lines.length}`,
  }
}

/** The notes search shows: not in the trash, and not a conflict copy (its note is found instead). */
export function isSearchableNote(note: SyncedNote): boolean {
  return note.deletedAt === null && note.conflictOf === null
}
