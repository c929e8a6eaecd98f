// Reading positions: where she stopped in each story, and which stories to offer under "Verder lezen".
import { liveQuery } from 'dexie'
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { READ_DONE_FRACTION, READ_STARTED_FRACTION } from '../constants'
import { userdata } from '../db/instances'
import { readAllProgress, readProgress, saveProgress } from '../db/progress-db'
import type { ReadingProgress } from '../db/userdata'

export const useReadingStore = defineStore('reading', () => {
  const progress = shallowRef<ReadingProgress[]>([])
  let isSubscribed = false

  function subscribe(): void {
    if (isSubscribed) return
    isSubscribed = true
    liveQuery(() => readAllProgress(userdata)).subscribe({
      next: (rows) => {
        progress.value = rows
      },
      error: () => {
        // Unreadable progress must not break reading: the list simply stays empty.
      },
    })
  }

  /** Started but not finished, most recent first. */
  const startedSlugs = computed(() =>
    progress.value.filter((row) => row.position >= READ_STARTED_FRACTION && row.position < READ_DONE_FRACTION).map((row) => row.slug),
  )
  const positionBySlug = computed(() => new Map(progress.value.map((row) => [row.slug, row.position])))

  async function positionOf(slug: string): Promise<number | undefined> {
    return (await readProgress(userdata, slug))?.position
  }

  async function save(slug: string, position: number): Promise<void> {
    await saveProgress(userdata, slug, position)
  }

  return { progress, startedSlugs, positionBySlug, subscribe, positionOf, save }
})
