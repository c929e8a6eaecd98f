// The sync protocol's messages (rules in SPEC.md). Change a shape only with a new SCHEMA_VERSION.

/**
 * [V1] The server accepts this version and the one before it. 2: quick-log lines ('note.addLine',
 * 'note-line' changes, [N9]). 3: photos ('note.addPhoto', 'note.setPhotoAlt', 'note.removePhoto',
 * 'note-photo' changes, [A1]–[A6]).
 */
export const SCHEMA_VERSION = 3
export const MIN_SCHEMA_VERSION = SCHEMA_VERSION - 1
/** [N9] The first schema version whose devices know 'note-line' changes: older ones are not sent them. */
export const NOTE_LINES_SCHEMA_VERSION = 2
/** [A6] The first schema version whose devices know photos: older ones are not sent them. */
export const NOTE_PHOTOS_SCHEMA_VERSION = 3

/** [P6] */
export const MAX_MUTATIONS_PER_PUSH = 100
export const MAX_SYNC_BODY_BYTES = 256 * 1024

export interface Mutation<Name extends string = string, Args = unknown> {
  /** [C2] 1, 2, 3… per device, without gaps. */
  id: number
  name: Name
  args: Args
  /** When the user made the change on the device (ms since epoch). */
  at: number
}

export interface PushRequest {
  clientId: string
  schemaVersion: number
  mutations: Mutation[]
}

export interface PushResponse {
  lastMutationId: number
  /** Mutations refused for good in this push ([P4]), with the reason. */
  rejected: { id: number; reason: string }[]
}

export interface PullRequest {
  clientId: string
  /** Opaque to the device: pass back what the last pull answered; null the first time. */
  cookie: string | null
  schemaVersion: number
}

export interface PullResponse<Change = unknown> {
  cookie: string
  lastMutationId: number
  changes: Change[]
  hasMore: boolean
}
