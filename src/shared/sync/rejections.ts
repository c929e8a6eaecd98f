// [P4] The refusals a device tells apart by their reason: the server words them here and the device
// recognises them here, so that the two cannot drift apart.
import type { MutationName } from './mutations'
import { PHOTOS_PER_NOTE_MAX } from './note-photo'

/** The note or photo the change is about is not there (purged on another device, or never sent). */
export function goneReason(name: MutationName, thing: 'note' | 'photo'): string {
  return `${name}: no such ${thing}`
}

export function isGoneReason(reason: string): boolean {
  return /: no such (note|photo)$/.test(reason)
}

/** The one refusal a person can cause on purpose: one photo too many on a note. */
export const PHOTO_LIMIT_REASON = `note.addPhoto: a note holds at most ${PHOTOS_PER_NOTE_MAX} photos`
