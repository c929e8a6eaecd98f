// The sync engine as the views see it: one status for the whole app, and a way to ask for a sync.
import { defineStore } from 'pinia'
import { liveQuery } from 'dexie'
import { computed, shallowRef, watch } from 'vue'
import { userdata } from '../db/instances'
import { pendingCount } from '../db/pending-count'
import type { RejectedChange } from '../db/userdata'
import { clearRejected, isWorthTelling, readRejected, recordRejected } from '../db/rejected-changes'
import type { SyncEngine, SyncStatus } from '../sync/sync-engine'
import { BACKGROUND_SYNC_TAG, SYNC_NOW_MESSAGE } from '../../shared/sync/background-sync'
import { useAccountStore } from './account'

interface SyncManager {
  register: (tag: string) => Promise<void>
}

async function askBackgroundSync(): Promise<void> {
  try {
    const registration = (await navigator.serviceWorker?.getRegistration()) as (ServiceWorkerRegistration & { sync?: SyncManager }) | undefined
    await registration?.sync?.register(BACKGROUND_SYNC_TAG)
  } catch {
    // Not offered (Safari, Firefox) or refused: the engine's own triggers still run.
  }
}

export const useSyncStore = defineStore('sync', () => {
  const account = useAccountStore()
  const engineStatus = shallowRef<SyncStatus>({ state: account.user ? 'syncing' : 'signed-out', pending: 0 })
  // The count is live: another tab of the app (one database, one outbox) may send this tab's changes.
  const livePending = shallowRef<number | undefined>()
  liveQuery(() => pendingCount(userdata)).subscribe({ next: (count) => (livePending.value = count), error: () => (livePending.value = undefined) })
  const status = computed<SyncStatus>(() => ({ ...engineStatus.value, pending: livePending.value ?? engineStatus.value.pending }))
  // [P4] Changes the server refused for good: kept on the device until she has read about them.
  const rejected = shallowRef<RejectedChange[]>([])
  liveQuery(() => readRejected(userdata)).subscribe({ next: (list) => (rejected.value = list), error: () => undefined })
  let engine: SyncEngine | undefined
  let isStarting = false

  /** The engine loads after the first paint: the magazine must not wait for it. */
  async function start(): Promise<void> {
    if (engine || isStarting) return
    isStarting = true
    const { createSyncEngine } = await import('../sync/sync-engine')
    engine = createSyncEngine({
      db: userdata,
      isSignedIn: () => account.user !== null && !account.isSessionExpired,
      onStatus: (next) => {
        engineStatus.value = next
        if (next.state === 'offline' && next.pending > 0) void askBackgroundSync()
        // [8] A 401 keeps the outbox and asks her to sign in again.
        if (next.error?.kind === 'auth') account.markSessionExpired()
      },
      // A full device cannot keep them: she is still told, in this tab.
      onRejected: (list) => void recordRejected(userdata, list).catch(() => (rejected.value = [...rejected.value, ...list.filter((change) => isWorthTelling(change, rejected.value))])),
    })
    engine.start()
    // Background Sync (where the browser has it) wakes the same engine when the network is back.
    navigator.serviceWorker?.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
      if (event.data?.type === SYNC_NOW_MESSAGE) void engine?.syncNow()
    })
    // Only ask the server when someone was signed in: a 401 for nobody would only be noise.
    if (account.user) void account.refresh()
    watch(
      () => [account.user?.id, account.isSessionExpired],
      () => void engine?.syncNow(),
    )
  }

  /** After a local change: the engine syncs shortly, once typing pauses. */
  function requestSync(): void {
    engine?.requestSync()
  }

  async function syncNow(): Promise<SyncStatus | undefined> {
    return engine?.syncNow()
  }

  async function dismissRejected(): Promise<void> {
    await clearRejected(userdata)
    rejected.value = []
  }

  return { status, rejected, start, requestSync, syncNow, dismissRejected }
})
