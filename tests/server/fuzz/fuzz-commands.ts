// The commands of the model-based sync fuzz and the fast-check arbitrary of a scenario (three devices and
// a list of commands). Plain data, so that a failing scenario prints as JSON a developer can read, and
// fast-check's seed and path replay it exactly. No vitest here: the bench's long run imports it too.
// A sync either runs to its end within one command (`sync`), or starts and stops at a hold (`startSync`):
// the commands after it then run while that device's push or pull is under way, until `release` lets it
// go on or `sync` lets it finish. `type` and `autosave` go through a note editor that keeps her fields
// while she types, as useNoteEditor does, so a pull can land between a keystroke and its save.
import fc from 'fast-check'
import type { HoldStage } from './fuzz-network'

/** Device 0 and 1 always belong to one user; device 2 too, or to a second user (isolation). */
export const CLIENT_COUNT = 3
export type ClientIndex = 0 | 1 | 2

/** The note fields the fuzz types into: text fields merge line by line, tags are a set ([N2][N6]). */
export const FUZZ_TEXT_FIELDS = ['title', 'body', 'did', 'saw'] as const
export type FuzzField = (typeof FUZZ_TEXT_FIELDS)[number] | 'tags'

export const BOOKMARK_SLUGS = ['werkvorm-stille-brainstorm', 'verhaal-het-loket', 'analyse-de-pilot'] as const
export const PROGRESS_SLUGS = ['verhaal-het-loket', 'column-de-balie'] as const

/**
 * - append: a new last line; two devices appending at once overlap (a conflict copy, [N3])
 * - line: adds a word to an existing line; the same line on two devices overlaps
 * - insert: a new line before an existing one
 */
export type EditKind = 'append' | 'line' | 'insert'

export type FuzzCommand =
  /** Types a marker word into a note this device has (the `note`-th, modulo), or a new note when it has none. */
  | { type: 'edit'; client: ClientIndex; note: number; field: FuzzField; kind: EditKind; line: number }
  /**
   * Types a marker word in the device's note editor (opening the `note`-th note if none is open), without
   * saving yet: while she types, the editor keeps her fields, whatever a pull brings meanwhile.
   */
  | { type: 'type'; client: ClientIndex; note: number; field: FuzzField; kind: EditKind; line: number }
  /** The editor's autosave: what she typed goes to the note, as the notes store saves it. */
  | { type: 'autosave'; client: ClientIndex }
  | { type: 'create'; client: ClientIndex }
  /** [N9] A quick-log line on a note this device has. */
  | { type: 'addLine'; client: ClientIndex; note: number }
  | { type: 'toggleBookmark'; client: ClientIndex; slug: number }
  | { type: 'setProgress'; client: ClientIndex; slug: number; percent: number }
  /** [N5] Deletes a note this device has, or restores it when it is in the trash. */
  | { type: 'trash'; client: ClientIndex; note: number }
  /** [N7] Empties a note from this device's trash, for good. */
  | { type: 'purge'; client: ClientIndex; note: number }
  | { type: 'offline'; client: ClientIndex }
  | { type: 'online'; client: ClientIndex }
  /** Syncs to the end: lets a sync under way finish (no more holds), or runs a whole new one. */
  | { type: 'sync'; client: ClientIndex }
  /**
   * Starts a sync (or, during one, asks for another round, as a local change does) that stops at its next
   * `request` before or after the server handles it; the next commands run while it waits there.
   */
  | { type: 'startSync'; client: ClientIndex; request: 'push' | 'pull'; stage: HoldStage }
  /** Lets this device's held request go on, until its sync ends or stops at another hold. */
  | { type: 'release'; client: ClientIndex }
  /** The next push or pull of this device reaches the server, which commits it; its reply is lost. */
  | { type: 'dropReply'; client: ClientIndex; request: 'push' | 'pull' }
  /** The next push or pull of this device reaches the server twice; the device gets one of the replies. */
  | { type: 'duplicate'; client: ClientIndex; request: 'push' | 'pull'; answer: 'first' | 'second' }
  /** Closes the app, reopens its database and builds a new app on it, as a restarted server does. */
  | { type: 'restart' }

export interface FuzzScenario {
  /** Device 2 belongs to another user: nothing of either user may reach the other. */
  isThirdDeviceOtherUser: boolean
  /** Each device's clock offset in seconds: reading progress is decided by device time ([R1]). */
  clockSkewS: [number, number, number]
  commands: FuzzCommand[]
}

const client = fc.constantFrom<ClientIndex>(0, 1, 2)
const request = fc.constantFrom<'push' | 'pull'>('push', 'pull')
const noteIndex = fc.nat({ max: 7 })

export const commandArbitrary: fc.Arbitrary<FuzzCommand> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      type: fc.constant('edit' as const),
      client,
      note: noteIndex,
      field: fc.constantFrom<FuzzField>(...FUZZ_TEXT_FIELDS, 'tags'),
      kind: fc.constantFrom<EditKind>('append', 'line', 'insert'),
      line: fc.nat({ max: 4 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('type' as const),
      client,
      note: noteIndex,
      field: fc.constantFrom<FuzzField>(...FUZZ_TEXT_FIELDS, 'tags'),
      kind: fc.constantFrom<EditKind>('append', 'line', 'insert'),
      line: fc.nat({ max: 4 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('autosave' as const), client }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('create' as const), client }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('addLine' as const), client, note: noteIndex }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('toggleBookmark' as const), client, slug: fc.nat({ max: BOOKMARK_SLUGS.length - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('setProgress' as const), client, slug: fc.nat({ max: PROGRESS_SLUGS.length - 1 }), percent: fc.nat({ max: 100 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('trash' as const), client, note: noteIndex }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('purge' as const), client, note: noteIndex }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('offline' as const), client }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('online' as const), client }) },
  { weight: 6, arbitrary: fc.record({ type: fc.constant('sync' as const), client }) },
  {
    weight: 4,
    arbitrary: fc.record({ type: fc.constant('startSync' as const), client, request, stage: fc.constantFrom<HoldStage>('beforeServer', 'afterServer') }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('release' as const), client }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('dropReply' as const), client, request }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('duplicate' as const), client, request, answer: fc.constantFrom<'first' | 'second'>('first', 'second') }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('restart' as const) }) },
)

export function scenarioArbitrary(maxCommands: number): fc.Arbitrary<FuzzScenario> {
  const skew = fc.integer({ min: -30, max: 30 })
  return fc.record({
    isThirdDeviceOtherUser: fc.boolean(),
    clockSkewS: fc.tuple(skew, skew, skew),
    // size 'max': lengths spread up to maxCommands (the default 'small' keeps them near 10).
    commands: fc.array(commandArbitrary, { minLength: 1, maxLength: maxCommands, size: 'max' }),
  })
}

/** One line per command, for a failure report: `3 edit c1 note2 body line@1`. */
export function describeCommands(commands: readonly FuzzCommand[]): string {
  return commands
    .map((command, index) => {
      const { type, ...rest } = command
      const details = Object.entries(rest).map(([key, value]) => `${key}=${String(value)}`)
      return `${String(index).padStart(3)} ${type} ${details.join(' ')}`.trimEnd()
    })
    .join('\n')
}
