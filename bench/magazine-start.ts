// The magazine's own budgets (design §7): the installed app's cold offline start to the story list at 4×
// CPU, and opening a story from that list; a first download of 1,000 items persisted, without long
// main-thread tasks; and that a later sync carries only what changed. The built app behind the real server
// in Chromium (Playwright); times are taken in the page (performance.now(), event timestamps).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { startAppServer, startServerProcess } from './app-server'
import { assertOfflineUnderWorker, INSTALL_STEP_TIMEOUT_MS, installAppOnProfile, launchProfile, startOfflineSlowed } from './installed-app'
import { summarize, type Summary } from './notes-latency'
import { withTimeout } from './util'

export const MAGAZINE_START = {
  runs: 7,
  cpuSlowdown: 4,
  listPath: '/verhalen',
  downloadItems: 1000,
  downloadRuns: 3,
} as const

export const MAGAZINE_START_METHOD =
  `Magazine start: the built app behind the real server in headless Chromium (Pixel 7 emulation at 390×844). Cold start = the app installed on a profile (service worker in control, magazine stored), the server stopped, ` +
  `a new browser process per run, offline, the page's CPU slowed ${MAGAZINE_START.cpuSlowdown}× before it navigates to ${MAGAZINE_START.listPath}; one unmeasured warm-up start; list shown = navigation start → the first story card link in the DOM; ` +
  `open a story = pointerdown on the first card → the reader's text (.prose) in the DOM, in the same start. ` +
  `Download = a fresh profile, online, CPU not slowed, a server with ${MAGAZINE_START.downloadItems} items (the magazine's files copied under new names, bench data only); persisted = the full answer's responseEnd → the transaction that writes the cursor completes ` +
  `(the cursor moves with the last chunk); longest task = the longest gap in a heartbeat of back-to-back tasks over that window. Later sync = one file changed, the server restarted on its database, GET ?since=<cursor>.`

export interface ColdStartRun {
  listShownMs: number
  storyOpenMs: number
}

export interface DownloadRun {
  /** Full answer's responseEnd → cursor committed (parse + writes). */
  persistMs: number
  /** Navigation start → cursor committed. */
  navigationToStoredMs: number
  longestTaskMs: number
  itemWrites: number
}

export interface MagazineStartResult {
  cpuSlowdown: number
  listPath: string
  coldRuns: ColdStartRun[]
  list: Summary
  open: Summary
  download: {
    items: number
    runs: DownloadRun[]
    persist: Summary
    longestTaskMs: number
    fullBytes: number
    /** After one file changed: what GET ?since=<cursor> carried. */
    laterSync: { items: number; removed: number; bytes: number }
  }
}

/** What the init script keeps in the page: times in ms since the navigation started. */
interface Probe {
  listShownAt?: number
  tapAt?: number
  storyShownAt?: number
  contentFetchedAt?: number
  responseEndAt?: number
  storedAt?: number
  itemWrites: number
  gaps: { at: number; ms: number }[]
}

const STEP_TIMEOUT_MS = INSTALL_STEP_TIMEOUT_MS

export async function runMagazineStart(options: { repoDir: string; distDir: string; chromePath: string; runs?: number; log: (line: string) => void }): Promise<MagazineStartResult> {
  const runs = options.runs ?? MAGAZINE_START.runs
  const coldRuns = await coldStarts({ ...options, runs })
  const list = summarize(coldRuns.map((run) => run.listShownMs))
  const open = summarize(coldRuns.map((run) => run.storyOpenMs))
  options.log(`  magazine: cold start → list median ${list.median.toFixed(0)} ms, open a story median ${open.median.toFixed(0)} ms`)
  const download = await firstDownloads(options)
  return { cpuSlowdown: MAGAZINE_START.cpuSlowdown, listPath: MAGAZINE_START.listPath, coldRuns, list, open, download }
}

async function coldStarts(options: { repoDir: string; distDir: string; chromePath: string; runs: number; log: (line: string) => void }): Promise<ColdStartRun[]> {
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'snw-start-bench-'))
  try {
    const server = await startAppServer({ repoDir: options.repoDir, distDir: options.distDir, contentDir: path.join(options.repoDir, 'content') })
    const origin = new URL(server.url).origin
    try {
      options.log(`  magazine: first visit online at ${origin} …`)
      await installAppOnProfile(profileDir, options.chromePath, origin)
    } finally {
      await server.stop()
    }
    if (await fetch(origin).then(() => true, () => false)) throw new Error(`something still answers at ${origin} after the server stopped`)
    options.log(`  magazine: server stopped; 1 warm-up + ${options.runs} cold offline starts at ${MAGAZINE_START.cpuSlowdown}× CPU …`)
    const url = `${origin}${MAGAZINE_START.listPath}`
    await coldStartOnce(profileDir, options.chromePath, url)
    const measured: ColdStartRun[] = []
    for (let i = 1; i <= options.runs; i++) {
      const run = await coldStartOnce(profileDir, options.chromePath, url)
      measured.push(run)
      options.log(`  magazine run ${i}/${options.runs}: list ${run.listShownMs.toFixed(0)} ms, story ${run.storyOpenMs.toFixed(0)} ms`)
    }
    return measured
  } finally {
    rmSync(profileDir, { recursive: true, force: true })
  }
}

async function coldStartOnce(profileDir: string, chromePath: string, url: string): Promise<ColdStartRun> {
  const { context, page } = await startOfflineSlowed(profileDir, chromePath, {
    cpuSlowdown: MAGAZINE_START.cpuSlowdown,
    prepare: (p) => p.addInitScript(installProbe),
  })
  try {
    await page.goto(url, { waitUntil: 'commit' })
    await waitForProbe(page, 'listShownAt', 'the story list')
    await assertOfflineUnderWorker(page)
    await page.locator('main a[href^="/lezen/"]').first().tap({ timeout: STEP_TIMEOUT_MS })
    const probe = await waitForProbe(page, 'storyShownAt', 'the story after the tap')
    if (probe.tapAt === undefined) throw new Error('no pointerdown on a story card was seen')
    return { listShownMs: probe.listShownAt!, storyOpenMs: probe.storyShownAt! - probe.tapAt }
  } finally {
    await context.close()
  }
}

async function firstDownloads(options: { repoDir: string; chromePath: string; distDir: string; log: (line: string) => void }): Promise<MagazineStartResult['download']> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'snw-download-bench-'))
  try {
    const contentDir = path.join(workDir, 'content')
    const items = writeLargeMagazine(path.join(options.repoDir, 'content'), contentDir, MAGAZINE_START.downloadItems)
    const env = { CONTENT_DIR: contentDir, DATABASE_URL: `sqlite:${path.join(workDir, 'bench.db')}`, DIST_DIR: options.distDir }
    let server = await startServerProcess({ repoDir: options.repoDir, env })
    const downloadRuns: DownloadRun[] = []
    let full: { cursor: string; bytes: number }
    try {
      const answer = await fetch(`${server.origin}/api/v1/content`)
      const text = await answer.text()
      const delta = JSON.parse(text) as { cursor: string; items: unknown[] }
      if (delta.items.length !== items) throw new Error(`the server answers ${delta.items.length} items, wrote ${items}`)
      full = { cursor: delta.cursor, bytes: Buffer.byteLength(text) }
      options.log(`  magazine: ${MAGAZINE_START.downloadRuns} first downloads of ${items} items (${(full.bytes / 1024 / 1024).toFixed(1)} MB of JSON) …`)
      for (let i = 1; i <= MAGAZINE_START.downloadRuns; i++) {
        const run = await downloadOnce(options.chromePath, server.origin, items)
        downloadRuns.push(run)
        options.log(`  download run ${i}: persisted ${run.persistMs.toFixed(0)} ms after the answer, longest task ${run.longestTaskMs.toFixed(0)} ms`)
      }
    } finally {
      await server.stop()
    }

    // One item changes: the editors save a file; the server imports it on its next start.
    const changed = readdirSync(contentDir).find((file) => file.endsWith('.md') && file !== 'README.md')!
    const file = path.join(contentDir, changed)
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n---\n/, '\n---\nEen zin die de redactie toevoegde.\n\n'))
    server = await startServerProcess({ repoDir: options.repoDir, env })
    try {
      const text = await (await fetch(`${server.origin}/api/v1/content?since=${encodeURIComponent(full.cursor)}`)).text()
      const later = JSON.parse(text) as { items: unknown[]; removed: unknown[] }
      return {
        items,
        runs: downloadRuns,
        persist: summarize(downloadRuns.map((run) => run.persistMs)),
        longestTaskMs: Math.max(...downloadRuns.map((run) => run.longestTaskMs)),
        fullBytes: full.bytes,
        laterSync: { items: later.items.length, removed: later.removed.length, bytes: Buffer.byteLength(text) },
      }
    } finally {
      await server.stop()
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
}

/** The bundled magazine's files, copied under new names and titles until there are `count` items. */
function writeLargeMagazine(sourceDir: string, targetDir: string, count: number): number {
  cpSync(sourceDir, targetDir, { recursive: true })
  const files = readdirSync(sourceDir).filter((file) => file.endsWith('.md') && file !== 'README.md').sort()
  for (let i = 0; files.length + i < count; i++) {
    const source = files[i % files.length]!
    const text = readFileSync(path.join(sourceDir, source), 'utf8').replace(/^title: "(.*)"$/m, (_, title: string) => `title: "${title} (${i + 1})"`)
    writeFileSync(path.join(targetDir, `${source.slice(0, -3)}-kopie-${i + 1}.md`), text)
  }
  return readdirSync(targetDir).filter((file) => file.endsWith('.md') && file !== 'README.md').length
}

async function downloadOnce(chromePath: string, origin: string, items: number): Promise<DownloadRun> {
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'snw-download-profile-'))
  const context = await launchProfile(profileDir, chromePath)
  try {
    const page = context.pages()[0] ?? (await context.newPage())
    await page.addInitScript(installProbe)
    await page.goto(`${origin}/`, { waitUntil: 'commit' })
    const probe = await waitForProbe(page, 'storedAt', `the ${items} items stored`, 120_000)
    if (probe.responseEndAt === undefined) throw new Error('the full magazine answer was not seen')
    if (probe.itemWrites < items) throw new Error(`${probe.itemWrites} item writes seen for ${items} items`)
    const window = probe.gaps.filter((gap) => gap.at >= probe.responseEndAt! && gap.at - gap.ms <= probe.storedAt!)
    return {
      persistMs: probe.storedAt! - probe.responseEndAt,
      navigationToStoredMs: probe.storedAt!,
      longestTaskMs: Math.max(0, ...window.map((gap) => gap.ms)),
      itemWrites: probe.itemWrites,
    }
  } finally {
    await context.close()
    rmSync(profileDir, { recursive: true, force: true })
  }
}

async function waitForProbe(page: Page, key: 'listShownAt' | 'storyShownAt' | 'storedAt', what: string, timeoutMs = STEP_TIMEOUT_MS): Promise<Probe> {
  try {
    await page.waitForFunction((name) => (window as unknown as { __startBench?: Probe }).__startBench?.[name] !== undefined, key, { timeout: timeoutMs, polling: 100 })
  } catch (error) {
    throw new Error(`waiting for ${what} at ${page.url()}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error })
  }
  return withTimeout(page.evaluate(() => {
    const probe = (window as unknown as { __startBench: Probe }).__startBench
    return { ...probe, gaps: [...probe.gaps] }
  }), STEP_TIMEOUT_MS, 'reading the probe')
}

// ——— In the page: sent as its source, so it may use nothing from outside. ———

function installProbe(): void {
  const probe: Probe = { itemWrites: 0, gaps: [] }
  ;(window as unknown as { __startBench: Probe }).__startBench = probe

  new MutationObserver(() => {
    const now = performance.now()
    if (probe.listShownAt === undefined && document.querySelector('main a[href^="/lezen/"]')) probe.listShownAt = now
    if (probe.tapAt !== undefined && probe.storyShownAt === undefined && location.pathname.startsWith('/lezen/') && document.querySelector('.prose')) probe.storyShownAt = now
  }).observe(document, { childList: true, subtree: true })
  window.addEventListener('pointerdown', (event) => {
    if (probe.tapAt === undefined && event.target instanceof Element && event.target.closest('a[href^="/lezen/"]')) probe.tapAt = event.timeStamp
  }, true)

  // The full magazine's answer: its end, and a heartbeat from its request until the cursor is written.
  const startHeartbeat = () => {
    let lastBeat = performance.now()
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      const now = performance.now()
      if (now - lastBeat > 20) probe.gaps.push({ at: now, ms: now - lastBeat })
      lastBeat = now
      if (probe.storedAt === undefined) channel.port2.postMessage(0)
    }
    channel.port2.postMessage(0)
  }
  const isFullContent = (url: string) => url.includes('/api/v1/content') && !url.includes('view=cards')
  const originalFetch = window.fetch.bind(window)
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (probe.contentFetchedAt === undefined && isFullContent(url)) {
      probe.contentFetchedAt = performance.now()
      startHeartbeat()
    }
    return originalFetch(input, init)
  }
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as PerformanceResourceTiming[]) if (isFullContent(entry.name)) probe.responseEndAt ??= entry.responseEnd
  }).observe({ type: 'resource', buffered: true })

  const originalPut = IDBObjectStore.prototype.put
  IDBObjectStore.prototype.put = function put(this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    if (this.transaction.db.name === 'magcache') {
      if (this.name === 'items') probe.itemWrites++
      if (this.name === 'meta' && (value as { key?: unknown } | null)?.key === 'cursor') {
        this.transaction.addEventListener('complete', () => {
          probe.storedAt ??= performance.now()
        })
      }
    }
    return originalPut.call(this, value, key)
  }
}
