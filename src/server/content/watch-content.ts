// Re-imports content/ when an editor saves a file, so the next `since=` call carries the change.
import { watch } from 'node:fs'
import type { ServerDb } from '../db/database'
import { importContent } from '../repositories/content-repository'
import { loadContent } from './load-content'

const SETTLE_MS = 300

/** Answers a stop function that resolves once any import under way has finished. */
export function watchContent(contentDir: string, serverDb: ServerDb): () => Promise<void> {
  let timer: NodeJS.Timeout | undefined
  let running = Promise.resolve()
  const reimport = () => {
    running = running.then(async () => {
      try {
        const result = await importContent(serverDb, loadContent(contentDir))
        if (result.added + result.changed + result.removed > 0) {
          console.log(`Magazine updated: cursor ${result.version} (${result.added} added, ${result.changed} changed, ${result.removed} removed)`)
        }
      } catch (error) {
        // While editing, a half-written file is normal: keep serving the last good content.
        console.error(`Magazine not updated: ${(error as Error).message}`)
      }
    })
  }
  const watcher = watch(contentDir, { recursive: true }, () => {
    clearTimeout(timer)
    timer = setTimeout(reimport, SETTLE_MS)
  })
  return () => {
    clearTimeout(timer)
    watcher.close()
    return running
  }
}
