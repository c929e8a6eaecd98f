// One device of the convergence bench (convergence.ts): a `userdata` database in fake-indexeddb and the
// real SyncEngine. Loaded on demand: Dexie takes indexedDB from the global when it loads, so
// fake-indexeddb comes first, and the rest of the bench process never sees it.
import 'fake-indexeddb/auto'
import { randomUUID } from 'node:crypto'
import { saveNote, saveProgress, setBookmark } from '../src/client/db/user-actions'
import { UserDataDb } from '../src/client/db/userdata'
import { SyncEngine } from '../src/client/sync/sync-engine'
import { SYNC_PULL_PATH, SYNC_PUSH_PATH } from '../src/client/sync/sync-api'
import { emptyNoteFields } from '../src/shared/sync/note'
import type { PullResponse, PushResponse } from '../src/shared/sync/protocol'
import { SCHEMA_VERSION } from '../src/shared/sync/protocol'
import type { ConvergenceRun } from './convergence'
import { postJson } from './sync-setup'

/** One device: `mutations` changes made offline, then the network returns and the engine syncs. */
export async function convergeOnce(origin: string, cookie: string, mutations: number): Promise<ConvergenceRun> {
  let isOnline = false
  let ackedAt: number | undefined
  let pushes = 0
  const deviceFetch: typeof fetch = async (input, init = {}) => {
    if (!isOnline) throw new TypeError('fetch failed')
    const headers = new Headers(init.headers)
    headers.set('cookie', cookie)
    headers.set('origin', origin)
    const response = await fetch(new URL(String(input), origin), { ...init, headers })
    const at = performance.now()
    if (String(input).endsWith(SYNC_PUSH_PATH) && response.ok) {
      pushes++
      if (ackedAt === undefined && ((await response.clone().json()) as PushResponse).lastMutationId >= mutations) ackedAt = at
    }
    return response
  }

  const db = new UserDataDb(`bench-userdata-${randomUUID()}`)
  const engine = new SyncEngine({ db, fetch: deviceFetch, locks: null, isSignedIn: () => true })
  try {
    // 40 bookmarks, 30 new notes, 30 reading positions (queued as progress.set by the sync that fails offline).
    for (let i = 0; i < mutations; i++) {
      const slug = `bench-item-${i}`
      if (i % 10 < 4) await setBookmark(db, slug, true)
      else if (i % 10 < 7) await saveNote(db, randomUUID(), { ...emptyNoteFields(), title: `Notitie ${i}`, question: 'Hoe vinden mensen het loket?', body: 'Een regel tekst.\n'.repeat(20) })
      else await saveProgress(db, slug, (i % 100) / 100)
    }
    const offline = await engine.syncNow()
    if (offline.state !== 'offline' || offline.pending !== mutations) throw new Error(`offline sync: ${JSON.stringify(offline)}`)

    isOnline = true
    const onlineAt = performance.now()
    const status = await engine.syncNow()
    const syncMs = performance.now() - onlineAt
    if (status.state !== 'synced' || status.pending !== 0 || ackedAt === undefined) throw new Error(`sync after the network returned: ${JSON.stringify(status)}`)

    // Another device of the user sees all of it.
    const answer = await postJson(origin, SYNC_PULL_PATH, { clientId: randomUUID(), schemaVersion: SCHEMA_VERSION, cookie: null }, { cookie })
    const pulled = JSON.parse(answer.text) as PullResponse
    if (answer.status !== 200 || pulled.changes.length !== mutations) throw new Error(`second device pulled ${answer.status}: ${pulled.changes?.length} rows`)
    return { ackMs: ackedAt - onlineAt, syncMs, rowsOnServer: pulled.changes.length, pushes }
  } finally {
    engine.stop()
    db.close()
    await db.delete()
  }
}
