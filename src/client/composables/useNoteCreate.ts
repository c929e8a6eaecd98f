// "Nieuwe notitie" (the button, the home-screen shortcut, a werkvorm's "Gebruik in notitie", text or a
// link shared from another app through the share target): the route
// /notities/nieuw makes the note at once and replaces itself with the note's own address, so that back
// does not make another one.
import type { LocationQuery, RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import { NOTE_SET_MAX_ITEMS, NOTE_TEXT_MAX_CHARS, type NoteFields } from '../../shared/sync/note'
import { useNotesStore } from '../stores/notes'

export const NEW_NOTE_PATH = '/notities/nieuw'
/** Query names the new-note address accepts: `?werkvorm=<slug>` (may repeat) and `?titel=`. */
export const NEW_NOTE_QUERY = { werkvorm: 'werkvorm', title: 'titel' } as const
/**
 * What another app shares through the manifest's share target (Android, Chromium): the page's title,
 * the text and the link. They become the note's title and its free note.
 */
export const SHARE_TARGET_QUERY = { title: 'title', text: 'text', url: 'url' } as const

function values(query: LocationQuery, name: string): string[] {
  const raw = query[name]
  const list = Array.isArray(raw) ? raw : [raw]
  return list.filter((value): value is string => typeof value === 'string' && value.trim() !== '').map((value) => value.trim())
}

/** The fields a new note starts with, from the new-note address's query. */
export function newNoteFields(query: LocationQuery): Partial<NoteFields> {
  const fields: Partial<NoteFields> = {}
  const werkvormen = [...new Set(values(query, NEW_NOTE_QUERY.werkvorm))].slice(0, NOTE_SET_MAX_ITEMS)
  if (werkvormen.length > 0) fields.werkvormen = werkvormen
  const title = values(query, NEW_NOTE_QUERY.title)[0] ?? values(query, SHARE_TARGET_QUERY.title)[0]
  if (title) fields.title = title.slice(0, 300)
  const text = values(query, SHARE_TARGET_QUERY.text)[0] ?? ''
  const url = values(query, SHARE_TARGET_QUERY.url)[0] ?? ''
  // Apps often put the link in the text already: then it is not added twice.
  const body = [text, url && !text.includes(url) ? url : ''].filter(Boolean).join('\n\n')
  if (body) fields.body = body.slice(0, NOTE_TEXT_MAX_CHARS)
  return fields
}

/** Set on the notes list when a new note could not be stored (e.g. the device is full). */
export const CREATE_FAILED_QUERY = { fout: 'opslaan' } as const

/** The new-note route's guard: creates the note and goes to its editor, replacing /notities/nieuw. */
export async function createNoteAndOpen(to: RouteLocationNormalized): Promise<RouteLocationRaw> {
  try {
    const id = await useNotesStore().createNew(newNoteFields(to.query))
    return { name: 'note', params: { id }, replace: true }
  } catch {
    return { name: 'notes', query: CREATE_FAILED_QUERY, replace: true }
  }
}
