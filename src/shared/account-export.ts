// "The person leaves" (AVG articles 15, 17, 20): the account-data API's paths and request shape, the
// format of the export's account.json, and a note as a Markdown file with a safe name. Pure: no I/O.
import type { NoteDecision, NoteFieldName, NoteFields, NoteTextField } from './sync/note'

export const ACCOUNT_API_PREFIX = '/api/v1/account'

export const ACCOUNT_PATHS = {
  /** GET: a ZIP of account.json and notities/*.md. */
  export: `${ACCOUNT_API_PREFIX}/export`,
  /** DELETE with DeleteAccountRequest: 204, the account and all its data are gone. */
  account: ACCOUNT_API_PREFIX,
} as const

export interface DeleteAccountRequest {
  /** The current password: a session alone (a phone left unlocked) may not delete an account. */
  password: string
}

export const ACCOUNT_EXPORT_FORMAT = 'slimmernetwerk-export'
/** Raised when a field changes meaning or goes away; new fields may appear without it. */
export const ACCOUNT_EXPORT_FORMAT_VERSION = 1
export const ACCOUNT_JSON_FILE = 'account.json'
export const NOTES_FOLDER = 'notities'
/** Photos sit beside the notes: `notities/fotos/<photo id>.webp`, linked from the Markdown as `fotos/…`. */
export const PHOTOS_FOLDER = 'fotos'

/** Every time in the export is an ISO 8601 string in UTC: readable by people and by any program. */
export type IsoTime = string

export interface ExportedUser {
  id: string
  email: string
  displayName: string
  createdAt: IsoTime
  passwordChangedAt: IsoTime
}

export interface ExportedBookmark {
  slug: string
  /** False: removed, kept as a tombstone so that every device hears of the removal. */
  bookmarked: boolean
  updatedAt: IsoTime
}

export interface ExportedProgress {
  slug: string
  /** How far down the story, 0 to 1. */
  position: number
  readAt: IsoTime
}

export interface ExportedNoteRevision {
  revision: number
  fields: NoteFields
}

/** [N9] A quick-log line of a note. */
export interface ExportedNoteLine {
  id: string
  text: string
  at: IsoTime
}

/** [A1] A photo of a note. */
export interface ExportedNotePhoto {
  id: string
  alt: string
  at: IsoTime
  width: number
  height: number
  mime: string
  /** Its file in the ZIP (`notities/fotos/….webp`); null when its bytes never reached the server. */
  file: string | null
}

export interface ExportedNote {
  id: string
  revision: number
  fields: NoteFields
  createdAt: IsoTime
  updatedAt: IsoTime
  /** In the trash since; null when not in the trash. */
  deletedAt: IsoTime | null
  /** Emptied from the trash: only that it existed is left (its fields are empty). */
  isPurged: boolean
  /** A conflict copy: the note it sits beside, and the kind of device that wrote it. */
  conflictOf: string | null
  conflictDevice: string | null
  /** Earlier texts the server still keeps as the base of a merge. */
  revisions: ExportedNoteRevision[]
  /** Its quick-log lines in time order ([N9]). */
  lines: ExportedNoteLine[]
  /** Its photos in the order they were taken ([A1]). */
  photos: ExportedNotePhoto[]
  /** Its Markdown file in the ZIP (`notities/….md`); null for a purged note. */
  markdownFile: string | null
}

export interface ExportedDevice {
  clientId: string
  /** A DeviceKind code (shared/sync/device-kind.ts): android, iphone, windows… */
  deviceKind: string
  lastMutationId: number
  createdAt: IsoTime
  lastSeenAt: IsoTime
}

export interface ExportedSession {
  createdAt: IsoTime
  lastSeenAt: IsoTime
  expiresAt: IsoTime
}

export interface ExportedRejectedMutation {
  clientId: string
  mutationId: number
  name: string
  reason: string
  at: IsoTime
}

/** account.json. */
export interface AccountExport {
  format: typeof ACCOUNT_EXPORT_FORMAT
  formatVersion: typeof ACCOUNT_EXPORT_FORMAT_VERSION
  exportedAt: IsoTime
  user: ExportedUser
  bookmarks: ExportedBookmark[]
  readingProgress: ExportedProgress[]
  notes: ExportedNote[]
  devices: ExportedDevice[]
  /** Signed-in browsers; the session tokens themselves are never stored, so never exported. */
  sessions: ExportedSession[]
  /** Changes a device sent that the server could not apply, with the reason. */
  rejectedMutations: ExportedRejectedMutation[]
}

export function isoTime(ms: number): IsoTime {
  return new Date(ms).toISOString()
}

/** `slimmernetwerk-export-2026-11-27.zip`: the day in UTC. */
export function exportFileName(ms: number): string {
  return `slimmernetwerk-export-${isoTime(ms).slice(0, 10)}.zip`
}

// ---- Notes as Markdown ----

/**
 * The Dutch labels of the note fields. The text-field labels are those of the client's nl.ts
 * `notes.fields` (a unit test keeps them equal): shared code may not import the client.
 */
export const NOTE_FIELD_LABELS_NL: Record<NoteFieldName, string> = {
  title: 'Titel',
  question: 'Vraag / wat we geloofden',
  did: 'Wat we deden',
  saw: 'Wat we zagen',
  lessGood: 'Wat ging minder goed',
  nextStep: 'Volgende stap',
  body: 'Notitie',
  doetank: 'Doetank',
  decision: 'Besluit',
  werkvormen: 'Werkvormen',
  tags: 'Tags',
}

export const NOTE_DECISION_LABELS_NL: Record<Exclude<NoteDecision, ''>, string> = {
  doorgaan: 'Doorgaan',
  bijsturen: 'Bijsturen',
  stoppen: 'Stoppen',
}

/** The fields that become `## ` sections, in the order the editor shows them. */
const SECTION_FIELDS = ['question', 'did', 'saw', 'lessGood', 'nextStep', 'body'] as const satisfies readonly NoteTextField[]
const UNTITLED_NL = 'Notitie zonder titel'

/**
 * A YAML double-quoted scalar. JSON's escapes are YAML's too; U+2028/2029 are escaped as well, so that
 * no character of a note can end the value or the front matter.
 */
function yamlString(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

export const NOTE_LOG_HEADING_NL = 'Logboek'
export const NOTE_PHOTOS_HEADING_NL = "Foto's"
const PHOTO_WITHOUT_ALT_NL = 'Foto'

/** The ZIP path of a photo's file, and the link to it from a note's Markdown file (which sits in NOTES_FOLDER). */
export function photoFilePaths(photo: { id: string }, extension: string): { path: string; link: string } {
  const name = `${noteFileStem(photo.id)}.${extension}`
  return { path: `${NOTES_FOLDER}/${PHOTOS_FOLDER}/${name}`, link: `${PHOTOS_FOLDER}/${name}` }
}

/**
 * A note's own text in the Markdown: as she typed it, except that it cannot start raw HTML, an autolink or
 * a link, so that a viewer that renders HTML in Markdown (many editors and previews do) shows
 * `<img src=x onerror=…>` or `[x](javascript:…)` as text instead of running it. A backslash goes before
 * every `<`, before a `]` that would open a link's address or a link definition (`](`, `]:`), and before
 * a backslash that would otherwise escape the next character: every CommonMark viewer shows the text unchanged.
 */
function markdownText(text: string): string {
  return text.replace(/\\(?=[!-/:-@[-`{-~])|<|\](?=[(:])/g, (char) => `\\${char}`)
}

/** Alt text as Markdown image text: one line, and no bracket or backslash can end or bend it. */
function markdownAlt(alt: string): string {
  return oneLine(alt).replace(/[\\[\]<>*_`]/g, (char) => `\\${char}`)
}

/** `2026-11-27 14:05 UTC`: the time of a quick-log line in the Markdown (times in the export are UTC). */
function lineTime(at: IsoTime): string {
  return `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`
}

/**
 * The note as a Markdown file: a front matter with its facts, `# title`, one `## ` section per filled-in
 * field, then `## Logboek` with its quick-log lines, one list item per line, in time order.
 */
export function noteToMarkdown(
  note: Pick<ExportedNote, 'id' | 'fields' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'conflictOf' | 'conflictDevice'> & {
    lines?: readonly ExportedNoteLine[]
    /** `link`: the image's path from the Markdown file; without one (a note shared on its own), only its description. */
    photos?: readonly { alt: string; link: string | null }[]
  },
): string {
  const { fields } = note
  const front: string[] = [`id: ${yamlString(note.id)}`, `gemaakt: ${yamlString(note.createdAt)}`, `gewijzigd: ${yamlString(note.updatedAt)}`]
  if (note.deletedAt) front.push(`prullenbak: ${yamlString(note.deletedAt)}`)
  if (note.conflictOf) front.push(`tweede_versie_van: ${yamlString(note.conflictOf)}`)
  if (note.conflictDevice) front.push(`apparaat: ${yamlString(note.conflictDevice)}`)
  if (fields.doetank.trim()) front.push(`doetank: ${yamlString(oneLine(fields.doetank))}`)
  if (fields.decision) front.push(`besluit: ${yamlString(NOTE_DECISION_LABELS_NL[fields.decision] ?? fields.decision)}`)
  for (const name of ['werkvormen', 'tags'] as const) {
    if (fields[name].length > 0) front.push(`${name}:`, ...fields[name].map((value) => `  - ${yamlString(value)}`))
  }

  const lines = ['---', ...front, '---', '', `# ${markdownText(oneLine(fields.title)) || UNTITLED_NL}`]
  for (const name of SECTION_FIELDS) {
    const text = markdownText(fields[name].replace(/\r\n?/g, '\n').trim())
    if (text) lines.push('', `## ${NOTE_FIELD_LABELS_NL[name]}`, '', text)
  }
  const log = note.lines ?? []
  if (log.length > 0) {
    lines.push('', `## ${NOTE_LOG_HEADING_NL}`, '')
    for (const line of log) lines.push(`- **${lineTime(line.at)}** ${markdownText(oneLine(line.text))}`)
  }
  const photos = note.photos ?? []
  if (photos.length > 0) {
    lines.push('', `## ${NOTE_PHOTOS_HEADING_NL}`, '')
    photos.forEach((photo, index) => {
      const alt = markdownAlt(photo.alt) || PHOTO_WITHOUT_ALT_NL
      // Images as paragraphs of their own; descriptions as one list.
      if (photo.link && index > 0) lines.push('')
      lines.push(photo.link ? `![${alt}](${photo.link})` : `- ${PHOTO_WITHOUT_ALT_NL}: ${alt}`)
    })
  }
  return `${lines.join('\n')}\n`
}

/** File names stay short enough for every file system and ZIP tool, suffix included. */
export const NOTE_FILE_STEM_MAX_CHARS = 60
const FALLBACK_STEM = 'notitie'
/** Names Windows keeps for devices, with any extension ("con.md" cannot be unpacked there). */
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/

/**
 * A file name (without `.md`) from a note's title: lowercase a–z, 0–9 and single hyphens, at most
 * NOTE_FILE_STEM_MAX_CHARS, never empty. Accents are dropped ("Één" → "een"); everything else,
 * including '/', '.', '\\' and control characters, becomes a hyphen or disappears, so that a title
 * like `../../etc/passwd` names a file inside the notes folder and nowhere else. A name Windows keeps
 * for a device ("Con", "Aux", "COM1") gets "-notitie" after it, so the ZIP unpacks on a laptop too.
 */
export function noteFileStem(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, NOTE_FILE_STEM_MAX_CHARS)
    .replace(/^-+|-+$/g, '')
  if (WINDOWS_DEVICE_NAME.test(stem)) return `${stem}-${FALLBACK_STEM}`
  return stem || FALLBACK_STEM
}

/** noteFileStem, made unique among `taken` with a `-2`, `-3`… suffix (the stem is cut to make room); adds the result to `taken`. */
export function uniqueNoteFileStem(title: string, taken: Set<string>): string {
  const stem = noteFileStem(title)
  let candidate = stem
  for (let number = 2; taken.has(candidate); number++) {
    const suffix = `-${number}`
    candidate = `${stem.slice(0, NOTE_FILE_STEM_MAX_CHARS - suffix.length).replace(/-+$/, '')}${suffix}`
  }
  taken.add(candidate)
  return candidate
}

/** The path of each note's Markdown file in the ZIP, in the notes' order; purged notes get none. */
export function noteMarkdownPaths(notes: Pick<ExportedNote, 'fields' | 'isPurged'>[]): (string | null)[] {
  const taken = new Set<string>()
  return notes.map((note) => (note.isPurged ? null : `${NOTES_FOLDER}/${uniqueNoteFileStem(note.fields.title, taken)}.md`))
}
