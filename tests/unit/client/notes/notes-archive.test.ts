// All notes as a ZIP made on the device: a Markdown file per note with its quick lines, its photos as
// files beside it (linked from the Markdown), and a note without its photo bytes says so instead.
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { buildNotesArchive } from '../../../../src/client/notes/notes-archive'
import { makeNotePhoto, pngBytes } from '../../../factories/photo-factory'
import { makeNoteFields } from '../../../factories/note-factory'
import { makeSyncedNote } from '../../../factories/sync-factory'

const NOW = Date.UTC(2026, 11, 3, 12)

describe('buildNotesArchive', () => {
  it('puts every note in notities/ as Markdown, with its lines and its photos in notities/fotos/', () => {
    const session = makeSyncedNote({ createdAt: 1, fields: makeNoteFields({ title: 'Sessie loket', saw: 'Veel vragen.' }) })
    const other = makeSyncedNote({ createdAt: 2, fields: makeNoteFields({ title: 'Sessie loket' }) })
    const bytes = pngBytes(1)
    const here = makeNotePhoto({ noteId: session.id, alt: 'Flip-over [1]' })
    const elsewhere = makeNotePhoto({ noteId: session.id, alt: 'Nog op de laptop', at: 2000 })
    const archive = buildNotesArchive({
      notes: [other, session],
      lines: [{ id: 'l1', noteId: session.id, text: 'Start met 12 mensen', at: Date.UTC(2026, 11, 3, 9, 5) }],
      photos: [{ photo: here, data: new Uint8Array(bytes).buffer }, { photo: elsewhere, data: undefined }],
      now: NOW,
    })
    expect(archive).toMatchObject({ fileName: 'slimmernetwerk-notities-2026-12-03.zip', noteCount: 2, photoCount: 1 })

    const files = unzipSync(archive.bytes)
    expect(Object.keys(files)).toEqual(['notities/sessie-loket.md', 'notities/sessie-loket-2.md', `notities/fotos/${here.id}.png`])
    expect(files[`notities/fotos/${here.id}.png`]).toEqual(new Uint8Array(bytes))
    const markdown = strFromU8(files['notities/sessie-loket.md']!)
    expect(markdown).toContain('# Sessie loket\n')
    expect(markdown).toContain('## Wat we zagen\n\nVeel vragen.\n')
    expect(markdown).toContain('- **2026-12-03 09:05 UTC** Start met 12 mensen\n')
    expect(markdown).toContain(`![Flip-over \\[1\\]](fotos/${here.id}.png)\n`)
    expect(markdown).toContain('- Foto: Nog op de laptop\n')
    expect(strFromU8(files['notities/sessie-loket-2.md']!)).not.toContain('Foto')
  })

  it('makes a valid, empty archive when there are no notes', () => {
    const archive = buildNotesArchive({ notes: [], lines: [], photos: [], now: NOW })
    expect(unzipSync(archive.bytes)).toEqual({})
    expect(archive.noteCount).toBe(0)
  })
})
