// Resolving a conflict copy ([N3]) field by field: for each field the two versions differ in, she keeps
// this one, that one, or (text and sets) both or her own merge. Pure: the editor's conflict view and its
// tests share it.
import { NOTE_SET_FIELDS, NOTE_TEXT_FIELDS, type NoteFieldName, type NoteFields, type NoteSetField, type NoteTextField } from '../../shared/sync/note'

/** Per field: 'this' (the note), 'that' (the copy), 'both' (sets: all of both), 'own' (text: her edit). */
export type FieldChoice = 'this' | 'that' | 'both' | 'own'

export const CONFLICT_FIELD_ORDER: readonly NoteFieldName[] = ['title', 'doetank', 'question', 'did', 'saw', 'lessGood', 'nextStep', 'decision', 'werkvormen', 'tags', 'body']

export function isTextField(field: NoteFieldName): field is NoteTextField {
  return (NOTE_TEXT_FIELDS as readonly string[]).includes(field)
}

export function isSetField(field: NoteFieldName): field is NoteSetField {
  return (NOTE_SET_FIELDS as readonly string[]).includes(field)
}

function sameValue(a: NoteFields[NoteFieldName], b: NoteFields[NoteFieldName]): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((value, index) => value === b[index]) : a === b
}

/** The fields the two versions differ in, in the editor's order. */
export function differingFields(mine: NoteFields, theirs: NoteFields): NoteFieldName[] {
  return CONFLICT_FIELD_ORDER.filter((field) => !sameValue(mine[field], theirs[field]))
}

/** What she starts from: sets keep both (nothing is lost), other fields keep this version. */
export function defaultChoice(field: NoteFieldName): FieldChoice {
  return isSetField(field) ? 'both' : 'this'
}

/** A starting point for her own merge of a text: this version, then the lines only that version has. */
export function mergeDraft(mine: string, theirs: string): string {
  const mineLines = new Set(mine.split('\n'))
  const extra = theirs.split('\n').filter((line) => line.trim() !== '' && !mineLines.has(line))
  return extra.length === 0 ? mine : [mine, ...extra].filter((part) => part !== '').join('\n')
}

/** The note as she resolved it. A field without a choice keeps this version. */
export function resolveFields(
  mine: NoteFields,
  theirs: NoteFields,
  choices: Partial<Record<NoteFieldName, FieldChoice>>,
  own: Partial<Record<NoteTextField, string>> = {},
): NoteFields {
  const resolved: NoteFields = { ...mine, werkvormen: [...mine.werkvormen], tags: [...mine.tags] }
  for (const field of differingFields(mine, theirs)) {
    const choice = choices[field] ?? defaultChoice(field)
    if (isTextField(field)) {
      resolved[field] = choice === 'that' ? theirs[field] : choice === 'own' ? (own[field] ?? mine[field]) : mine[field]
    } else if (isSetField(field)) {
      resolved[field] = choice === 'that' ? [...theirs[field]] : choice === 'both' ? [...new Set([...mine[field], ...theirs[field]])] : [...mine[field]]
    } else {
      resolved.decision = choice === 'that' ? theirs.decision : mine.decision
    }
  }
  return resolved
}
