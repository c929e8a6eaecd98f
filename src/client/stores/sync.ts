// The sync engine as the views see it: one status for the whole app, and a way to ask for a sync.
import { defineStore } from 'pinia'
import { shallowRef, watch } from 'vue'
import { userdata } from '../db/instances'
import { createSyncEngine, type SyncEngine, type SyncStatus } from '../sync/sync-engine'
import { useAccountStore } from './account'

export const useSyncStore = defineStore('sync', () => {
  const account = useAccountStore()
  const status = shallowRef<SyncStatus>({ state: account.user ? 'syncing' : 'signed-out', pending: 0 })
  let engine: SyncEngine | undefined

  function start(): void {
    if (engine) return
    engine = createSyncEngine({
      db: userdata,
      isSignedIn: () => account.user !== null && !account.isSessionExpired,
      onStatus: (next) => {
        status.value = next
        // [8] A 401 keeps the outbox and asks her to sign in again.
        if (next.error?.kind === 'auth') account.markSessionExpired()
      },
    })
    engine.start()
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

  function syncNow(): Promise<SyncStatus> | undefined {
    return engine?.syncNow()
  }

  return { status, start, requestSync, syncNow }
})
