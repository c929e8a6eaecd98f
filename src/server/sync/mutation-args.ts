// Checks a pushed mutation's arguments. A mutation that fails here can never succeed: the push records
// it as rejected and moves on ([P4]), so a device is never stuck behind it.
import { z } from 'zod'
import { SLUG_PATTERN } from '../../shared/content/types'
import type { MutationArgs, MutationName } from '../../shared/sync/mutations'
import { PHOTO_ALT_MAX_CHARS, PHOTO_MAX_BYTES, PHOTO_MAX_SIDE_PX, PHOTO_MIME_TYPES, SHA256_HEX_PATTERN } from '../../shared/sync/note-photo'
import { NOTE_DECISIONS, NOTE_LINE_MAX_CHARS, NOTE_SET_FIELDS, NOTE_SET_MAX_ITEMS, NOTE_TEXT_FIELDS, NOTE_TEXT_MAX_CHARS } from '../../shared/sync/note'

const slug = z.string().max(200).regex(SLUG_PATTERN)
const noteId = z.uuid()
const text = z.string().max(NOTE_TEXT_MAX_CHARS)
const set = z.array(z.string().min(1).max(200)).max(NOTE_SET_MAX_ITEMS)

const noteFields = z.strictObject({
  ...Object.fromEntries(NOTE_TEXT_FIELDS.map((field) => [field, text])),
  ...Object.fromEntries(NOTE_SET_FIELDS.map((field) => [field, set])),
  decision: z.enum(NOTE_DECISIONS),
})

/** Room above the device's own downscaling limit: a device of another make may round differently. */
const side = z.number().int().min(1).max(PHOTO_MAX_SIDE_PX * 4)
const alt = z.string().max(PHOTO_ALT_MAX_CHARS)

const schemas: { [Name in MutationName]: z.ZodType<MutationArgs[Name]> } = {
  'bookmark.set': z.strictObject({ slug, bookmarked: z.boolean() }),
  'progress.set': z.strictObject({ slug, position: z.number().min(0).max(1) }),
  'note.save': z.strictObject({
    id: noteId,
    baseRevision: z.number().int().min(0),
    fields: noteFields as unknown as z.ZodType<MutationArgs['note.save']['fields']>,
  }),
  'note.delete': z.strictObject({ id: noteId }),
  'note.restore': z.strictObject({ id: noteId }),
  'note.purge': z.strictObject({ id: noteId }),
  'note.addLine': z.strictObject({ noteId, id: z.uuid(), text: z.string().min(1).max(NOTE_LINE_MAX_CHARS) }),
  'note.addPhoto': z.strictObject({
    noteId,
    id: z.uuid(),
    hash: z.string().regex(SHA256_HEX_PATTERN),
    mime: z.enum(PHOTO_MIME_TYPES),
    bytes: z.number().int().min(1).max(PHOTO_MAX_BYTES),
    width: side,
    height: side,
    alt,
  }),
  'note.setPhotoAlt': z.strictObject({ id: z.uuid(), alt }),
  'note.removePhoto': z.strictObject({ id: z.uuid() }),
}

export type CheckedMutation = { [Name in MutationName]: { name: Name; args: MutationArgs[Name] } }[MutationName]

export function checkMutation(name: string, args: unknown): CheckedMutation | { reason: string } {
  if (!Object.hasOwn(schemas, name)) return { reason: `unknown mutation "${name}"` }
  const result = schemas[name as MutationName].safeParse(args)
  if (!result.success) {
    const issue = result.error.issues[0]!
    return { reason: `${name}: ${issue.path.join('.') || 'args'} ${issue.message}` }
  }
  return { name, args: result.data } as CheckedMutation
}
