// Bookmarks ("Bewaard"): any item of the magazine, kept on this device and synced with the account.
import { liveQuery } from 'dexie'
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { userdata } from '../db/instances'
import { readBookmarks, setBookmark } from '../db/user-actions'
import type { BookmarkRow } from '../db/userdata'
import { useSyncStore } from './sync'

export const useBookmarksStore = defineStore('bookmarks', () => {
  const sync = useSyncStore()
  const rows = shallowRef<BookmarkRow[]>([])
  /** False until the first read from IndexedDB: "nothing saved yet" must not flash before it. */
  const isLoaded = shallowRef(false)
  let isSubscribed = false

  function subscribe(): void {
    if (isSubscribed) return
    isSubscribed = true
    liveQuery(() => readBookmarks(userdata)).subscribe({
      next: (next) => {
        rows.value = next
        isLoaded.value = true
      },
    })
  }

  const slugs = computed(() => new Set(rows.value.map((row) => row.slug)))

  async function toggle(slug: string): Promise<void> {
    await setBookmark(userdata, slug, !slugs.value.has(slug))
    sync.requestSync()
  }

  return { rows, isLoaded, slugs, subscribe, toggle }
})
