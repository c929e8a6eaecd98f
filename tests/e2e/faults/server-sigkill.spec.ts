// Fault: the server is killed (SIGKILL: no shutdown, no flush) while a device's push is on the wire,
// and restarted on the same database and port. Once after it applied a push but before the device heard
// back, once while a push is still under way. What the device was told is kept, an interrupted push is
// applied whole or not at all ([P1]), and the device's retries add nothing twice ([P2]).
import { expect, test } from '@playwright/test'
import { type AppServer, startAppServer } from '../support/app-server'
import { syncStatus } from '../support/devices'
import { expectPushCarries, readOutbox } from './support/device-db'
import { installSignedIn, makePendingWork, typeQuickLines } from './support/pending-work'
import { PushWire } from './support/push-wire'
import { countByText, isOnServer, openServerReader, type ServerReader, type ServerRows } from './support/server-rows'
import type { Mutation } from '../../../src/shared/sync/protocol'

let server: AppServer
let reader: ServerReader | undefined
test.beforeEach(async () => {
  server = await startAppServer()
})
test.afterEach(async () => {
  await reader?.dispose()
  await server.dispose()
})

function split(rows: ServerRows, mutations: readonly Mutation[]): { present: number[]; missing: number[] } {
  const present = mutations.filter((mutation) => isOnServer(rows, mutation)).map((mutation) => mutation.id)
  const missing = mutations.filter((mutation) => !isOnServer(rows, mutation)).map((mutation) => mutation.id)
  return { present, missing }
}

test('[P1][P2] SIGKILL mid-push: what the device was told is kept, an interrupted push is whole or absent, the retry adds nothing twice', async ({ page, context }) => {
  test.setTimeout(150_000)
  await installSignedIn(page, server)
  const work = await makePendingWork(page, server, { tag: 'kill', noteCount: 1, linesPerNote: 10, bookmarkCount: 2 })
  const waiting = await readOutbox(page)

  const wire = await PushWire.on(context)
  await context.setOffline(false)
  reader = await openServerReader(server.url)

  // 1. The server applies the push and answers, then dies before the answer reaches the device.
  const applied = await wire.next()
  expectPushCarries(applied.body.mutations, waiting)
  expect((await applied.forward()).ok()).toBe(true)
  await server.kill()
  await applied.abort()
  await server.start()
  expect(split(await reader.read(), applied.body.mutations).missing).toEqual([])

  // The device tries again with the same mutations, same ids ([C2]); the server skips them ([P2]).
  const retried = await wire.next()
  expect(retried.ids).toEqual(applied.ids)
  await retried.answer(await retried.forward())
  expect(wire.acknowledgedThrough).toBe(applied.ids.at(-1))
  await expect(syncStatus(page)).toHaveText('Alles bewaard', { timeout: 30_000 })

  // 2. More lines offline; back online, their push is under way when the server is killed: it may
  // have it, or not.
  await context.setOffline(true)
  const moreLines = Array.from({ length: 10 }, (_, index) => `kill 1 later regel ${index + 1}`)
  await typeQuickLines(page, moreLines)
  const waitingLater = await readOutbox(page)
  await context.setOffline(false)
  const interrupted = await wire.next()
  expectPushCarries(interrupted.body.mutations, waitingLater)
  const onTheWire = interrupted.forward().then(
    () => 'answered',
    () => 'broken',
  )
  await server.kill()
  await onTheWire
  await interrupted.abort()
  await server.start()

  const afterRestart = await reader.read()
  const sent = wire.sent.flatMap((push) => push.mutations)
  expect(split(afterRestart, sent.filter((mutation) => mutation.id <= wire.acknowledgedThrough)).missing).toEqual([])
  const { present, missing } = split(afterRestart, interrupted.body.mutations)
  // All or nothing: never a part of one push.
  expect({ present, missing }).toEqual(present.length === 0 ? { present: [], missing: interrupted.ids } : { present: interrupted.ids, missing: [] })
  test.info().annotations.push({ type: 'interrupted push', description: present.length > 0 ? 'applied before the kill' : 'not applied' })

  // 3. The network is well again: the device catches up by itself.
  wire.passThrough()
  await expect(syncStatus(page)).toHaveText('Alles bewaard', { timeout: 30_000 })
  await expect.poll(async () => (await readOutbox(page)).entries).toEqual([])

  const rows = await reader.read()
  expect(split(rows, wire.sent.flatMap((push) => push.mutations)).missing).toEqual([])
  // Every line once, nothing else: a retried push added no line twice.
  const typed = [...work.lines, ...moreLines]
  expect(rows.lines).toHaveLength(typed.length)
  expect([...countByText(rows.lines).entries()].filter(([, count]) => count !== 1)).toEqual([])
  expect(new Set(rows.lines.map((line) => line.text))).toEqual(new Set(typed))
  expect(rows.notes.map((note) => ({ title: note.fields.title, body: note.fields.body }))).toEqual(work.notes.map(({ title, body }) => ({ title, body })))
  expect(rows.bookmarks.sort()).toEqual([...work.bookmarks].sort())
})
