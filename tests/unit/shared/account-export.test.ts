// The export's pure parts: a note as Markdown, and safe file names from any title.
import { describe, expect, it } from 'vitest'
import nl from '../../../src/client/i18n/nl-extra'
import {
  exportFileName,
  NOTE_FIELD_LABELS_NL,
  NOTE_FILE_STEM_MAX_CHARS,
  noteFileStem,
  noteMarkdownPaths,
  noteToMarkdown,
  uniqueNoteFileStem,
} from '../../../src/shared/account-export'
import { emptyNoteFields, type NoteFields } from '../../../src/shared/sync/note'

function exportedNote(fields: Partial<NoteFields> = {}, overrides: { deletedAt?: string | null; conflictOf?: string | null; conflictDevice?: string | null } = {}) {
  return {
    id: '2f1c8a52-6c1e-4b8e-9a55-0d1f6f0c2b11',
    fields: { ...emptyNoteFields(), ...fields },
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-21T15:30:00.000Z',
    deletedAt: null,
    conflictOf: null,
    conflictDevice: null,
    ...overrides,
  }
}

const SAFE_STEM = /^[a-z0-9]+(-[a-z0-9]+)*$/

describe('noteToMarkdown', () => {
  it('writes the facts as front matter, the title as # and each filled-in field under its Dutch label', () => {
    const markdown = noteToMarkdown(
      exportedNote({
        title: 'Loket in de bibliotheek',
        question: 'Komen mensen eerder?',
        did: 'Een tafel in de hal.\nTwee weken lang.',
        saw: '',
        lessGood: '   ',
        nextStep: 'Gesprek met de wethouder.',
        doetank: 'Loket',
        decision: 'bijsturen',
        werkvormen: ['stille-brainstorm', 'dot-voting'],
        tags: ['loket'],
      }),
    )
    expect(markdown).toBe(
      [
        '---',
        'id: "2f1c8a52-6c1e-4b8e-9a55-0d1f6f0c2b11"',
        'gemaakt: "2026-11-20T09:00:00.000Z"',
        'gewijzigd: "2026-11-21T15:30:00.000Z"',
        'doetank: "Loket"',
        'besluit: "Bijsturen"',
        'werkvormen:',
        '  - "stille-brainstorm"',
        '  - "dot-voting"',
        'tags:',
        '  - "loket"',
        '---',
        '',
        '# Loket in de bibliotheek',
        '',
        '## Vraag / wat we geloofden',
        '',
        'Komen mensen eerder?',
        '',
        '## Wat we deden',
        '',
        'Een tafel in de hal.\nTwee weken lang.',
        '',
        '## Volgende stap',
        '',
        'Gesprek met de wethouder.',
        '',
      ].join('\n'),
    )
  })

  it('[N9] ends with a Logboek section: one item per quick-log line with its time (UTC), each on one line', () => {
    const markdown = noteToMarkdown({
      ...exportedNote({ title: 'Sessie', body: 'Vrij' }),
      lines: [
        { id: 'a', text: 'Start met\n12 mensen', at: '2026-11-27T09:05:00.000Z' },
        { id: 'b', text: 'Afsluiting', at: '2026-11-27T11:30:00.000Z' },
      ],
    })
    expect(markdown.endsWith('\n## Notitie\n\nVrij\n\n## Logboek\n\n- **2026-11-27 09:05 UTC** Start met 12 mensen\n- **2026-11-27 11:30 UTC** Afsluiting\n')).toBe(true)
    expect(noteToMarkdown(exportedNote({ title: 'Zonder regels' }))).not.toContain('Logboek')
  })

  it('names an untitled note, and says when it is in the trash or a conflict copy', () => {
    const markdown = noteToMarkdown(exportedNote({ body: 'Los idee' }, { deletedAt: '2026-11-22T08:00:00.000Z', conflictOf: 'abc', conflictDevice: 'android' }))
    expect(markdown).toContain('\n# Notitie zonder titel\n')
    expect(markdown).toContain('prullenbak: "2026-11-22T08:00:00.000Z"\ntweede_versie_van: "abc"\napparaat: "android"\n')
    expect(markdown).toContain('\n## Notitie\n\nLos idee\n')
    expect(markdown).not.toContain('besluit:')
    expect(markdown).not.toContain('werkvormen:')
  })

  it('keeps a hostile value inside its quotes: no new front-matter key, no early end of the front matter', () => {
    const markdown = noteToMarkdown(exportedNote({ title: 'Regel 1\n# Kop\n---', doetank: 'x"\nbesluit: stoppen\n---', tags: ['a\u2028b', '"'] }))
    const front = markdown.split('\n---\n')[0]!.split('\n')
    expect(front).toEqual([
      '---',
      'id: "2f1c8a52-6c1e-4b8e-9a55-0d1f6f0c2b11"',
      'gemaakt: "2026-11-20T09:00:00.000Z"',
      'gewijzigd: "2026-11-21T15:30:00.000Z"',
      'doetank: "x\\" besluit: stoppen ---"',
      'tags:',
      '  - "a\\u2028b"',
      '  - "\\""',
    ])
    // The title is one line: a newline in it cannot start a heading of its own.
    expect(markdown).toContain('\n# Regel 1 # Kop ---\n')
  })

  it('uses the same labels as the app (nl.ts notes.fields)', () => {
    for (const [field, label] of Object.entries(nl.notes.fields)) {
      expect(NOTE_FIELD_LABELS_NL[field as keyof typeof NOTE_FIELD_LABELS_NL], field).toBe(label)
    }
  })
})

describe('noteFileStem', () => {
  it.each([
    ['Loket in de bibliotheek', 'loket-in-de-bibliotheek'],
    ['Één café, twee ideeën', 'een-cafe-twee-ideeen'],
    ['../../etc/passwd', 'etc-passwd'],
    ['..\\..\\windows\\system32', 'windows-system32'],
    ['<script>alert("x")</script>', 'script-alert-x-script'],
    ['nul\u0000en\u001fbel\u007f', 'nul-en-bel'],
    ['%2e%2e%2f', '2e-2e-2f'],
    ['', 'notitie'],
    ['   ', 'notitie'],
    ['....', 'notitie'],
    ['🙂', 'notitie'],
    ['Doetank 2026: wat nu?', 'doetank-2026-wat-nu'],
    ['Con', 'con-notitie'],
    ['AUX', 'aux-notitie'],
    ['nul', 'nul-notitie'],
    ['COM1', 'com1-notitie'],
    ['lpt9.', 'lpt9-notitie'],
    ['Con tact', 'con-tact'],
    ['com10', 'com10'],
  ])('%j becomes %j', (title, stem) => {
    expect(noteFileStem(title)).toBe(stem)
  })

  it('is at most 60 characters and never ends on a hyphen', () => {
    const stem = noteFileStem(`${'a'.repeat(59)} b ${'c'.repeat(100)}`)
    expect(stem).toBe('a'.repeat(59))
    expect(noteFileStem('x'.repeat(500))).toHaveLength(NOTE_FILE_STEM_MAX_CHARS)
  })

  it('always answers a safe stem, whatever characters the title holds', () => {
    for (let code = 0; code < 0x3000; code += 7) {
      const stem = noteFileStem(`${String.fromCharCode(code)}/..${String.fromCharCode(code + 3)}`)
      expect(stem).toMatch(SAFE_STEM)
      expect(stem.length).toBeLessThanOrEqual(NOTE_FILE_STEM_MAX_CHARS)
    }
  })
})

describe('uniqueNoteFileStem', () => {
  it('adds -2, -3… to a name that is taken', () => {
    const taken = new Set<string>()
    expect(['Plan', 'plan', 'PLAN!', 'plan-2'].map((title) => uniqueNoteFileStem(title, taken))).toEqual(['plan', 'plan-2', 'plan-3', 'plan-2-2'])
  })

  it('cuts a long name to make room for the suffix', () => {
    const taken = new Set<string>()
    const title = 'x'.repeat(100)
    uniqueNoteFileStem(title, taken)
    const second = uniqueNoteFileStem(title, taken)
    expect(second).toBe(`${'x'.repeat(58)}-2`)
    expect(second).toHaveLength(NOTE_FILE_STEM_MAX_CHARS)
  })
})

describe('noteMarkdownPaths', () => {
  it('gives each note a path in notities/, and a purged note none', () => {
    const notes = [
      { fields: { ...emptyNoteFields(), title: 'Plan' }, isPurged: false },
      { fields: emptyNoteFields(), isPurged: true },
      { fields: { ...emptyNoteFields(), title: 'Plan' }, isPurged: false },
      { fields: emptyNoteFields(), isPurged: false },
    ]
    expect(noteMarkdownPaths(notes)).toEqual(['notities/plan.md', null, 'notities/plan-2.md', 'notities/notitie.md'])
  })
})

describe('exportFileName', () => {
  it('carries the day in UTC', () => {
    expect(exportFileName(Date.UTC(2026, 10, 27, 23, 59))).toBe('slimmernetwerk-export-2026-11-27.zip')
  })
})
