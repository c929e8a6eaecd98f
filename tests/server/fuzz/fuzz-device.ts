// One device of the sync fuzz: a `userdata` database in fake-indexeddb with the real SyncEngine (no Web
// Locks, not started: the fuzz decides when it syncs), its network link and its clock. Dexie takes
// indexedDB from the global when it loads, so fake-indexeddb comes first.
import 'fake-indexeddb/auto'
import { ensureClientId } from '../../../src/client/db/sync-meta'
import { type NoteRow, UserDataDb } from '../../../src/client/db/userdata'
import { type RejectedMutation, SyncEngine, type SyncStatus } from '../../../src/client/sync/sync-engine'
import type { NoteFields } from '../../../src/shared/sync/note'
import { createDeviceFetch, DeviceLink } from './fuzz-network'
import type { FuzzServer } from './fuzz-server'
import type { WireLog } from './fuzz-wire-log'

/** Device time starts here; each command moves every clock on by a second. */
const EPOCH_MS = Date.UTC(2026, 2, 2, 9, 0, 0)

/** The longest setTimeout takes: a held request waits for the fuzz, never for the wall clock. */
const NO_REQUEST_TIMEOUT_MS = 2 ** 31 - 1

const USER_AGENTS = [
  'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
]

/** The run's time: one tick per command, the same for every device apart from its skew. */
export class FuzzClock {
  tick = 0
}

/**
 * The note editor of the device (useNoteEditor): the fields she types into, and the version of the note
 * they were loaded from. While she types (dirty) it does not take a pulled version of the note; once
 * saved, it does, at her next keystroke.
 */
export interface FuzzEditor {
  noteId: string
  fields: NoteFields
  /** The note as the editor last loaded it (`stored` in useNoteEditor). */
  stored: NoteRow | undefined
  isDirty: boolean
}

/** A sync the fuzz started and has not seen end yet: it waits at a hold, or runs. */
export interface InFlightSync {
  status: Promise<SyncStatus>
  /** The link's faultsTaken and offlineSpells when it started: unchanged at its end means a healthy network. */
  faultsBefore: number
  offlineBefore: number
  /** The command that started it, for the report. */
  step: number
}

export interface FuzzDevice {
  index: number
  user: number
  sessionCookie: string
  clientId: string
  db: UserDataDb
  engine: SyncEngine
  link: DeviceLink
  /** What the server refused for good ([P4]): the fuzz sends nothing invalid, so only mutations of purged notes. */
  rejected: RejectedMutation[]
  /** This device's clock now. */
  now: () => number
  /** The sync under way, if one is. */
  sync: InFlightSync | undefined
  /** The note open in the editor, if one is. */
  editor: FuzzEditor | undefined
}

export async function createFuzzDevice(options: { index: number; user: number; sessionCookie: string; server: FuzzServer; wire: WireLog; clock: FuzzClock; skewS: number }): Promise<FuzzDevice> {
  const { index, user, sessionCookie, server, wire, clock, skewS } = options
  const db = new UserDataDb(`fuzz-userdata-${crypto.randomUUID()}`)
  const clientId = await ensureClientId(db)
  // `+ index`: no two devices ever stamp the same millisecond, so "the latest wins" has one answer.
  const now = () => EPOCH_MS + clock.tick * 1000 + skewS * 1000 + index
  const rejected: RejectedMutation[] = []
  const link = new DeviceLink()
  const engine = new SyncEngine({
    db,
    locks: null,
    isSignedIn: () => true,
    now,
    random: () => 0.5,
    fetch: createDeviceFetch({ server, link, sessionCookie, userAgent: USER_AGENTS[index % USER_AGENTS.length]!, onExchange: (exchange) => wire.record(index, exchange) }),
    onRejected: (mutations) => rejected.push(...mutations),
    requestTimeoutMs: NO_REQUEST_TIMEOUT_MS,
  })
  return { index, user, sessionCookie, clientId, db, engine, link, rejected, now, sync: undefined, editor: undefined }
}

export async function disposeFuzzDevice(device: FuzzDevice): Promise<void> {
  // A scenario that failed halfway may leave a sync waiting at a hold: let it end before the db closes.
  device.link.clearHolds()
  device.link.release()
  await device.sync?.status.catch(() => undefined)
  device.engine.stop()
  device.db.close()
  await device.db.delete()
}
