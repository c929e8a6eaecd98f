// Three-way merge of a note edit against the stored base revision ([N2], [N3], [N4], [N6]).
// Pure: the server runs it when a device's edit arrives on a note that moved on, and tests run it as is.
import { diff3Merge } from 'node-diff3'
import { NOTE_CHOICE_FIELDS, NOTE_SET_FIELDS, NOTE_TEXT_FIELDS, type NoteFieldName, type NoteFields } from './note'

export interface TextMergeResult {
  text: string
  /** Both sides changed the same (or touching) lines: `text` is the server's, the caller keeps the device's in a conflict copy ([N3]). */
  isConflict: boolean
}

export interface NoteMergeResult {
  /** The merged note; every conflicting field holds the server's value. */
  fields: NoteFields
  /** Conflicting fields in NOTE_TEXT_FIELDS, then NOTE_CHOICE_FIELDS order; set fields never conflict ([N6]). */
  conflicts: NoteFieldName[]
}

/**
 * Upper bound on node-diff3's LCS work (matching line pairs × shorter length). Its LCS is cubic in
 * repeated lines: a 20 000-character body of empty lines would block the server for hours. Past this
 * bound (some 50 ms of work) the edit is treated as a conflict, which keeps both texts ([N3]) instead.
 */
const MAX_LCS_WORK = 50_000_000

/**
 * node-diff3 indexes lines as keys of a plain object, so a line that reads `constructor` or `__proto__`
 * hits Object.prototype and crashes it. A prefix no prototype member starts with keeps every key its own.
 */
const LINE_KEY_PREFIX = '#'

const CONFLICT = (server: string): TextMergeResult => ({ text: server, isConflict: true })

/** Line-based three-way merge (diff3) of one text field ([N2]); overlapping edits are a conflict ([N3]). */
export function mergeText(base: string, server: string, client: string): TextMergeResult {
  // Also covers "both made the same edit": that is agreement, not a conflict.
  if (server === client || client === base) return { text: server, isConflict: false }
  if (server === base) return { text: client, isConflict: false }

  // split('\n') and join('\n') are exact inverses, so a trailing newline survives as a last empty line,
  // and '' is one empty line: two devices writing into an empty field both replace that line (a conflict).
  const baseLines = toLineKeys(base)
  const serverLines = toLineKeys(server)
  const clientLines = toLineKeys(client)
  // Lines all three share at the start and end are unchanged by both sides; diff3 only sees the rest.
  const prefixLength = commonPrefixLength(baseLines, serverLines, clientLines)
  const suffixLength = commonSuffixLength(baseLines, serverLines, clientLines, prefixLength)
  const middle = (lines: string[]) => lines.slice(prefixLength, lines.length - suffixLength)
  const baseMiddle = middle(baseLines)
  const serverMiddle = middle(serverLines)
  const clientMiddle = middle(clientLines)
  if (lcsWork(baseMiddle, serverMiddle) + lcsWork(baseMiddle, clientMiddle) > MAX_LCS_WORK) return CONFLICT(server)

  // Argument order only decides which side is called `a` in a conflict, and a conflict returns the
  // server's text whole; clean regions come out the same either way, which gives [N4].
  // diff3 counts edits that touch (adjacent lines, or inserts at the same place) as overlapping, as git does.
  const merged: string[] = []
  for (const region of diff3Merge(serverMiddle, baseMiddle, clientMiddle, { excludeFalseConflicts: true })) {
    if (region.conflict) return CONFLICT(server)
    merged.push(...(region.ok ?? []))
  }
  const text = fromLineKeys([...baseLines.slice(0, prefixLength), ...merged, ...baseLines.slice(baseLines.length - suffixLength)])
  return { text, isConflict: false }
}

/**
 * Three-way set merge ([N6]): every removal and every addition of either side is kept; never a conflict.
 * Order is base order for survivors, then additions sorted, so it never depends on which side is which ([N4]).
 */
export function mergeSet(base: string[], server: string[], client: string[]): string[] {
  const inBase = new Set(base)
  const inServer = new Set(server)
  const inClient = new Set(client)
  const kept = [...inBase].filter((item) => inServer.has(item) && inClient.has(item))
  const added = [...new Set([...server, ...client])].filter((item) => !inBase.has(item)).sort(compareSetItems)
  return [...kept, ...added]
}

/** Field-by-field merge of a note edit ([N2]); conflicting fields keep the server's value ([N3]). */
export function mergeNoteFields(base: NoteFields, server: NoteFields, client: NoteFields): NoteMergeResult {
  const fields: NoteFields = { ...server }
  const conflicts: NoteFieldName[] = []
  for (const name of NOTE_TEXT_FIELDS) {
    const { text, isConflict } = mergeText(base[name], server[name], client[name])
    fields[name] = text
    if (isConflict) conflicts.push(name)
  }
  for (const name of NOTE_CHOICE_FIELDS) {
    const { value, isConflict } = mergeChoice(base[name], server[name], client[name])
    fields[name] = value
    if (isConflict) conflicts.push(name)
  }
  for (const name of NOTE_SET_FIELDS) fields[name] = mergeSet(base[name], server[name], client[name])
  return { fields, conflicts }
}

/** A choice has no parts to combine: two different new values are a conflict ([N6]). */
function mergeChoice<T>(base: T, server: T, client: T): { value: T; isConflict: boolean } {
  if (server === client || client === base) return { value: server, isConflict: false }
  if (server === base) return { value: client, isConflict: false }
  return { value: server, isConflict: true }
}

/**
 * A fixed locale, not the runtime's: server and devices must sort alike. Items the collator calls equal
 * (e.g. composed and decomposed "é") are ordered by code unit, or their order would follow the arguments.
 */
function compareSetItems(left: string, right: string): number {
  return left.localeCompare(right, 'nl') || (left < right ? -1 : left > right ? 1 : 0)
}

function toLineKeys(text: string): string[] {
  return text.split('\n').map((line) => LINE_KEY_PREFIX + line)
}

function fromLineKeys(keys: string[]): string {
  return keys.map((key) => key.slice(LINE_KEY_PREFIX.length)).join('\n')
}

/** How many lines at the start are equal in all three. */
function commonPrefixLength(base: string[], server: string[], client: string[]): number {
  const limit = Math.min(base.length, server.length, client.length)
  let length = 0
  while (length < limit && base[length] === server[length] && base[length] === client[length]) length++
  return length
}

/** As commonPrefixLength from the end, never reaching into the prefix. */
function commonSuffixLength(base: string[], server: string[], client: string[], prefixLength: number): number {
  const limit = Math.min(base.length, server.length, client.length) - prefixLength
  const fromEnd = (lines: string[], offset: number) => lines[lines.length - 1 - offset]
  let length = 0
  while (length < limit && fromEnd(base, length) === fromEnd(server, length) && fromEnd(base, length) === fromEnd(client, length)) length++
  return length
}

/** Bound on node-diff3's LCS of `from` against `to`: each matching pair may scan every candidate once. */
function lcsWork(from: string[], to: string[]): number {
  const countInTo = new Map<string, number>()
  for (const line of to) countInTo.set(line, (countInTo.get(line) ?? 0) + 1)
  let matchingPairs = 0
  for (const line of from) matchingPairs += countInTo.get(line) ?? 0
  return matchingPairs * (Math.min(from.length, to.length) + 1)
}
