// Shares one note as Markdown: the system share sheet where there is one (phones), else the clipboard,
// else a downloaded .md file. The Markdown is the account export's (shared/account-export.ts).
import { ref } from 'vue'
import { isoTime, noteFileStem, noteToMarkdown } from '../../shared/account-export'
import type { NoteLineRow, NoteRow } from '../db/userdata'
import { downloadFile } from './download-file'

export type NoteShareResult = 'shared' | 'copied' | 'downloaded' | 'cancelled' | 'failed'
export type ShareableNote = Pick<NoteRow, 'id' | 'fields' | 'createdAt' | 'updatedAt' | 'conflictOf' | 'conflictDevice'> & {
  /** [N9] Its quick-log lines, oldest first: the Markdown's "Logboek". */
  lines?: readonly NoteLineRow[]
}

export function noteAsMarkdown(note: ShareableNote): string {
  return noteToMarkdown({
    id: note.id,
    fields: note.fields,
    createdAt: isoTime(note.createdAt),
    updatedAt: isoTime(note.updatedAt),
    deletedAt: null,
    conflictOf: note.conflictOf,
    conflictDevice: note.conflictDevice,
    lines: (note.lines ?? []).map((line) => ({ id: line.id, text: line.text, at: isoTime(line.at) })),
  })
}

export function useNoteShare() {
  const result = ref<NoteShareResult | null>(null)
  const fileName = ref('')

  async function share(note: ShareableNote, untitled: string): Promise<NoteShareResult> {
    const title = note.fields.title.trim() || untitled
    const text = noteAsMarkdown(note)
    result.value = await deliver(title, text)
    return result.value
  }

  async function deliver(title: string, text: string): Promise<NoteShareResult> {
    if (typeof navigator.share === 'function') {
      try {
        await navigator.share({ title, text })
        return 'shared'
      } catch (caught) {
        // She closed the share sheet: that is an answer, not a failure.
        if (caught instanceof DOMException && caught.name === 'AbortError') return 'cancelled'
      }
    }
    if (typeof navigator.clipboard?.writeText === 'function') {
      try {
        await navigator.clipboard.writeText(text)
        return 'copied'
      } catch {
        // No permission (or no focus): the file below still works.
      }
    }
    try {
      fileName.value = `${noteFileStem(title)}.md`
      downloadFile(fileName.value, new Blob([text], { type: 'text/markdown;charset=utf-8' }))
      return 'downloaded'
    } catch {
      return 'failed'
    }
  }

  return { result, fileName, share }
}
