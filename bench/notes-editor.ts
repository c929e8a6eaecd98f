// The notebook's budgets (design §7): "Nieuwe notitie" to a focused, typeable editor on a cold offline
// start with the CPU slowed 4×, and keystroke to saved. The built app behind the real server, in Chromium
// through Playwright, on one persistent profile: a first visit online installs the app (service worker,
// magazine); then the server is stopped, and every run is a new browser process on that profile, offline,
// its page slowed 4× before it navigates. All times are taken in the page (performance.now() and event
// timestamps, ms since the navigation started), so the bench's own round trips do not count.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CDPSession, Page } from '@playwright/test'
import nlExtra from '../src/client/i18n/nl-extra'
import { startAppServer } from './app-server'
import { assertOfflineUnderWorker, INSTALL_STEP_TIMEOUT_MS, installAppOnProfile, startOfflineSlowed } from './installed-app'
import { keystrokeToSavedMs, type SavedSample, summarize, type Summary } from './notes-latency'
import { withTimeout } from './util'

export const NOTES_EDITOR = {
  runs: 7,
  cpuSlowdown: 4,
  /** The field typed into: "Wat we zagen", a growing textarea like most of the learning card. */
  field: 'saw',
  text: 'Iedereen noemde eerst de telefoonlijn.',
  keystrokeGapMs: 80,
  pollMs: 10,
} as const

/** How the figures were made, for the report. */
export const NOTES_EDITOR_METHOD =
  `Notes: the built app behind the real server in headless Chromium (Playwright, Pixel 7 emulation at 390×844, one persistent profile); ` +
  `a first visit online installs it (service worker activated and in control, magazine stored), then the server is stopped and each run starts a new browser process on that profile, ` +
  `offline (context.setOffline) with the page's CPU slowed ${NOTES_EDITOR.cpuSlowdown}× (CDP Emulation.setCPUThrottlingRate; the service worker's thread is not slowed) before it navigates; one unmeasured warm-up start, then the runs; the slowdown the page really had is measured with a fixed loop after each tap run. ` +
  `Shortcut = navigation start of the manifest shortcut's address → the editor's title field has focus (focusin, not disabled or read-only); ` +
  `tap = pointerdown on "Nieuwe notitie" in a freshly started /notities (tapped as soon as it shows) → the same focus, in a second browser start per run; ` +
  `keystroke → saved = each keydown while typing ${NOTES_EDITOR.text.length} characters into "Wat we zagen" ${NOTES_EDITOR.keystrokeGapMs} ms apart → the first read of the raw IndexedDB (userdata/notes, plain indexedDB, ` +
  `polled every ${NOTES_EDITOR.pollMs} ms) that holds that keystroke (an upper bound by up to one poll). Every run adds two notes to the profile`

export interface NotesEditorRun {
  /** Navigation start of the shortcut's address → title focused. */
  shortcutFocusMs: number
  /** Pointerdown on the button → title focused. */
  tapFocusMs: number
  /** Per keystroke: keydown → in IndexedDB. */
  keystrokeSavedMs: number[]
  /** A fixed loop in the page, throttled time ÷ unthrottled time, after the tap run: the slowdown the page really had. */
  measuredSlowdown: number
  /** Share of the run in which some task on the machine waited for a CPU (Linux PSI; NaN elsewhere): how contended it was. */
  cpuPressure: number
}

export interface NotesEditorResult {
  cpuSlowdown: number
  shortcutPath: string
  runs: NotesEditorRun[]
  warmUp: Pick<NotesEditorRun, 'shortcutFocusMs' | 'tapFocusMs'>
  shortcut: Summary
  tap: Summary
  /** Over all keystrokes of all runs. */
  keystroke: Summary
  measuredSlowdown: Summary
  /** Absent from results written before it was measured. */
  cpuPressure?: Summary
}

/** What the init script keeps in the page: times in ms since the navigation started. */
interface Probe {
  titleFocusedAt?: number
  tapAt?: number
  keydowns: { field: string; at: number }[]
  saved: SavedSample[]
  savedValue?: string
  saveReadError?: string
}

const NEW_NOTE_LABEL = nlExtra.notes.new
const TITLE_FIELD = 'title'
const STEP_TIMEOUT_MS = INSTALL_STEP_TIMEOUT_MS

export async function runNotesEditor(options: { repoDir: string; distDir: string; chromePath: string; runs?: number; log: (line: string) => void }): Promise<NotesEditorResult> {
  const runs = options.runs ?? NOTES_EDITOR.runs
  const profileDir = mkdtempSync(path.join(os.tmpdir(), 'snw-notes-bench-'))
  try {
    const server = await startAppServer({ repoDir: options.repoDir, distDir: options.distDir, contentDir: path.join(options.repoDir, 'content') })
    const origin = new URL(server.url).origin
    let shortcutPath: string
    try {
      options.log(`  notes: first visit online at ${origin} …`)
      shortcutPath = await installApp(profileDir, options.chromePath, origin)
    } finally {
      await server.stop()
    }
    // The runs must be served by the service worker and IndexedDB alone.
    if (await fetch(origin).then(() => true, () => false)) throw new Error(`something still answers at ${origin} after the server stopped`)

    options.log(`  notes: server stopped; 1 warm-up + ${runs} cold offline starts at ${NOTES_EDITOR.cpuSlowdown}× CPU, two browser starts each …`)
    const once = async (): Promise<NotesEditorRun> => {
      const before = cpuStall()
      const { shortcutFocusMs, keystrokeSavedMs } = await shortcutAndTyping(profileDir, options.chromePath, `${origin}${shortcutPath}`)
      const { tapFocusMs, measuredSlowdown } = await tapNewNote(profileDir, options.chromePath, `${origin}/notities`)
      const after = cpuStall()
      return { shortcutFocusMs, tapFocusMs, keystrokeSavedMs, measuredSlowdown, cpuPressure: (after.stalledS - before.stalledS) / ((after.at - before.at) / 1000) }
    }
    const { shortcutFocusMs, tapFocusMs } = await once()
    const measured: NotesEditorRun[] = []
    for (let i = 1; i <= runs; i++) {
      const run = await once()
      measured.push(run)
      const keys = summarize(run.keystrokeSavedMs)
      options.log(`  notes run ${i}/${runs}: shortcut ${run.shortcutFocusMs.toFixed(0)} ms, tap ${run.tapFocusMs.toFixed(0)} ms, keystroke → saved p50 ${keys.median.toFixed(0)} / max ${keys.max.toFixed(0)} ms; CPU ${run.measuredSlowdown.toFixed(1)}× slower; CPU pressure ${(run.cpuPressure * 100).toFixed(0)} %`)
    }
    return {
      cpuSlowdown: NOTES_EDITOR.cpuSlowdown,
      shortcutPath,
      runs: measured,
      warmUp: { shortcutFocusMs, tapFocusMs },
      shortcut: summarize(measured.map((run) => run.shortcutFocusMs)),
      tap: summarize(measured.map((run) => run.tapFocusMs)),
      keystroke: summarize(measured.flatMap((run) => run.keystrokeSavedMs)),
      measuredSlowdown: summarize(measured.map((run) => run.measuredSlowdown)),
      cpuPressure: summarize(measured.map((run) => run.cpuPressure)),
    }
  } finally {
    rmSync(profileDir, { recursive: true, force: true })
  }
}

/** Seconds in which some task waited for a CPU so far (Linux PSI, /proc/pressure/cpu; NaN elsewhere). */
function cpuStall(): { stalledS: number; at: number } {
  let text = ''
  try {
    text = readFileSync('/proc/pressure/cpu', 'utf8')
  } catch {
    // No PSI on this system.
  }
  return { stalledS: Number(/^some .*total=(\d+)/m.exec(text)?.[1]) / 1e6, at: performance.now() }
}

/** The app installed on the profile (see installed-app.ts). Answers the manifest's "Nieuwe notitie" address. */
async function installApp(profileDir: string, chromePath: string, origin: string): Promise<string> {
  const manifest = (await (await fetch(`${origin}/manifest.webmanifest`)).json()) as { shortcuts?: { name: string; url: string }[] }
  const shortcutPath = manifest.shortcuts?.find((shortcut) => shortcut.name === NEW_NOTE_LABEL)?.url
  if (!shortcutPath) throw new Error(`the manifest has no "${NEW_NOTE_LABEL}" shortcut`)
  await installAppOnProfile(profileDir, chromePath, origin)
  return shortcutPath
}

/** A cold offline start at NOTES_EDITOR.cpuSlowdown× with the probe in place: ready to navigate. */
function coldStart(profileDir: string, chromePath: string): ReturnType<typeof startOfflineSlowed> {
  return startOfflineSlowed(profileDir, chromePath, {
    cpuSlowdown: NOTES_EDITOR.cpuSlowdown,
    prepare: (page) => page.addInitScript(installProbe, { titleField: TITLE_FIELD, buttonLabel: NEW_NOTE_LABEL }),
  })
}

async function shortcutAndTyping(profileDir: string, chromePath: string, url: string): Promise<Pick<NotesEditorRun, 'shortcutFocusMs' | 'keystrokeSavedMs'>> {
  const { context, page } = await coldStart(profileDir, chromePath)
  try {
    await page.goto(url, { waitUntil: 'commit' })
    const focused = await waitForProbe(page, 'titleFocusedAt', 'the title field to take focus after the shortcut')
    await assertOfflineUnderWorker(page)

    await page.waitForURL(/\/notities\/[0-9a-f-]{36}$/, { timeout: STEP_TIMEOUT_MS })
    const noteId = new URL(page.url()).pathname.split('/').pop()!
    await page.locator(`textarea[name="${NOTES_EDITOR.field}"]`).tap()
    await withTimeout(page.evaluate(startSavePoller, { noteId, field: NOTES_EDITOR.field, expected: NOTES_EDITOR.text, pollMs: NOTES_EDITOR.pollMs }), STEP_TIMEOUT_MS, 'opening userdata in the page')
    await withTimeout(page.keyboard.type(NOTES_EDITOR.text, { delay: NOTES_EDITOR.keystrokeGapMs }), STEP_TIMEOUT_MS, 'typing')
    await page.waitForFunction((length) => (window as unknown as { __notesBench: Probe }).__notesBench.savedValue?.length === length || !!(window as unknown as { __notesBench: Probe }).__notesBench.saveReadError, NOTES_EDITOR.text.length, { timeout: STEP_TIMEOUT_MS, polling: 100 })
    const probe = await readProbe(page)
    if (probe.saveReadError) throw new Error(`reading IndexedDB in the page failed: ${probe.saveReadError}`)
    if (probe.savedValue !== NOTES_EDITOR.text) throw new Error(`IndexedDB holds ${JSON.stringify(probe.savedValue)}, typed ${JSON.stringify(NOTES_EDITOR.text)}`)
    const keydowns = probe.keydowns.filter((key) => key.field === NOTES_EDITOR.field).map((key) => key.at)
    if (keydowns.length !== NOTES_EDITOR.text.length) throw new Error(`${keydowns.length} keydowns seen for ${NOTES_EDITOR.text.length} characters typed`)
    return { shortcutFocusMs: focused.titleFocusedAt!, keystrokeSavedMs: keystrokeToSavedMs(keydowns, probe.saved) }
  } finally {
    await context.close()
  }
}

async function tapNewNote(profileDir: string, chromePath: string, url: string): Promise<Pick<NotesEditorRun, 'tapFocusMs' | 'measuredSlowdown'>> {
  const { context, page, cdp } = await coldStart(profileDir, chromePath)
  try {
    await page.goto(url, { waitUntil: 'commit' })
    const button = page.getByRole('button', { name: NEW_NOTE_LABEL, exact: true })
    await button.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS })
    await button.tap({ timeout: STEP_TIMEOUT_MS })
    const probe = await waitForProbe(page, 'titleFocusedAt', 'the title field to take focus after the tap')
    await assertOfflineUnderWorker(page)
    if (probe.tapAt === undefined) throw new Error(`no pointerdown on "${NEW_NOTE_LABEL}" was seen`)
    return { tapFocusMs: probe.titleFocusedAt! - probe.tapAt, measuredSlowdown: await measureSlowdown(page, cdp) }
  } finally {
    await context.close()
  }
}

/** How much slower the page's main thread ran a fixed loop with the throttling than without (2 cores shared with others). */
async function measureSlowdown(page: Page, cdp: CDPSession): Promise<number> {
  const loop = () =>
    page.evaluate((count) => {
      const startedAt = performance.now()
      let x = 0
      for (let i = 0; i < count; i++) x = (x + Math.sqrt(i)) % 1e9
      return performance.now() - startedAt + (x < 0 ? 1 : 0)
    }, 20_000_000)
  const slowed = await loop()
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 })
  const normal = await loop()
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: NOTES_EDITOR.cpuSlowdown })
  return slowed / normal
}

async function readProbe(page: Page): Promise<Probe> {
  return page.evaluate(() => {
    const probe = (window as unknown as { __notesBench: Probe }).__notesBench
    return { ...probe, keydowns: [...probe.keydowns], saved: [...probe.saved] }
  })
}

async function waitForProbe(page: Page, key: 'titleFocusedAt', what: string): Promise<Probe> {
  try {
    await page.waitForFunction((name) => (window as unknown as { __notesBench?: Probe }).__notesBench?.[name] !== undefined, key, { timeout: STEP_TIMEOUT_MS, polling: 100 })
  } catch (error) {
    throw new Error(`waiting for ${what} at ${page.url()}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error })
  }
  return readProbe(page)
}

// ——— In the page. Each function below is sent to the page as its source: it may use nothing from outside. ———

function installProbe(options: { titleField: string; buttonLabel: string }): void {
  const probe: Probe = { keydowns: [], saved: [] }
  ;(window as unknown as { __notesBench: Probe }).__notesBench = probe
  window.addEventListener(
    'focusin',
    (event) => {
      const target = event.target
      if (probe.titleFocusedAt !== undefined || !(target instanceof HTMLInputElement)) return
      if (target.name === options.titleField && target.closest('.note-editor') && !target.disabled && !target.readOnly && document.activeElement === target) {
        probe.titleFocusedAt = performance.now()
      }
    },
    true,
  )
  window.addEventListener(
    'pointerdown',
    (event) => {
      const button = event.target instanceof Element ? event.target.closest('button') : null
      if (probe.tapAt === undefined && button?.textContent?.trim() === options.buttonLabel) probe.tapAt = event.timeStamp
    },
    true,
  )
  window.addEventListener(
    'keydown',
    (event) => {
      const target = event.target
      if (target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement) probe.keydowns.push({ field: target.name, at: event.timeStamp })
    },
    true,
  )
}

/** Reads the note from the raw database every `pollMs` and notes each new length of the field, when first seen. */
function startSavePoller(options: { noteId: string; field: string; expected: string; pollMs: number }): Promise<void> {
  const probe = (window as unknown as { __notesBench: Probe }).__notesBench
  return new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('userdata')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const db = open.result
      // The app's Dexie may upgrade the database: let it.
      db.onversionchange = () => db.close()
      const poll = (isFirst: boolean) => {
        let get: IDBRequest<{ fields?: Record<string, unknown> } | undefined>
        try {
          get = db.transaction('notes', 'readonly').objectStore('notes').get(options.noteId)
        } catch (error) {
          probe.saveReadError = String(error)
          if (isFirst) resolve()
          return
        }
        get.onsuccess = () => {
          const at = performance.now()
          const raw = get.result?.fields?.[options.field]
          const value = typeof raw === 'string' ? raw : ''
          if (value !== probe.savedValue) {
            if (!options.expected.startsWith(value)) probe.saveReadError = `stored ${JSON.stringify(value)} is not a start of the typed text`
            probe.saved.push({ length: value.length, at })
            probe.savedValue = value
          }
          if (isFirst) resolve()
          if (value.length < options.expected.length && !probe.saveReadError) setTimeout(() => poll(false), options.pollMs)
        }
        get.onerror = () => {
          probe.saveReadError = String(get.error)
          if (isFirst) resolve()
        }
      }
      poll(true)
    }
  })
}

