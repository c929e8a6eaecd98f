// A signed-in device with work waiting in its outbox, made the way she makes it: the app installed
// (service worker active, magazine stored), then offline, bookmarks on stories, notes, and quick-log
// lines on each. Answers what she made, for the specs to look for on the server.
import { expect, type Page } from '@playwright/test'
import type { AppServer } from '../../support/app-server'
import { fetchMagazine } from '../../support/checks'
import { goToNotes, register } from '../../support/devices'
import { waitForActiveServiceWorker, waitForContentCursor } from '../../support/pwa'

export interface PendingNote {
  title: string
  /** What she wrote in "Notitie". */
  body: string
  lines: string[]
}

export interface PendingWork {
  notes: PendingNote[]
  /** Every quick-log line of every note. */
  lines: string[]
  bookmarks: string[]
}

export interface PendingWorkOptions {
  /** Names the notes and lines, so that the specs can tell them apart. */
  tag: string
  noteCount: number
  linesPerNote: number
  bookmarkCount: number
}

/** Registers, opens the app and waits until it is installed: service worker active, magazine stored. */
export async function installSignedIn(page: Page, server: AppServer): Promise<void> {
  await register(page, server)
  await page.goto(server.url)
  await waitForActiveServiceWorker(page)
  await waitForContentCursor(page)
}

/** Offline (the server stays up: only this device is cut off), she makes the work the options describe. */
export async function makePendingWork(page: Page, server: AppServer, options: PendingWorkOptions): Promise<PendingWork> {
  const magazine = await fetchMagazine(page.request, server.url)
  const bookmarks = magazine.items.slice(0, options.bookmarkCount).map((item) => item.slug)
  await page.context().setOffline(true)
  for (const slug of bookmarks) {
    // Served by the service worker, from the stored magazine.
    await page.goto(`${server.url}/lezen/${slug}`)
    await page.getByRole('button', { name: /^Bewaren/ }).click()
    await expect(page.getByRole('button', { name: /^Bewaard/ })).toHaveAttribute('aria-pressed', 'true')
  }
  const notes: PendingNote[] = []
  for (let index = 1; index <= options.noteCount; index++) notes.push(await writeNote(page, `${options.tag} ${index}`, options))
  return { notes, lines: notes.flatMap((note) => note.lines), bookmarks }
}

async function writeNote(page: Page, name: string, options: PendingWorkOptions): Promise<PendingNote> {
  await goToNotes(page)
  await page.getByRole('button', { name: 'Nieuwe notitie' }).click()
  const title = `Notitie ${name}`
  await page.getByLabel('Titel').fill(title)
  const body = `Wat er gebeurde bij ${name}.\nDe groep praatte verder over de brieven.`
  await page.getByLabel('Notitie', { exact: true }).fill(body)
  await expect(page.getByText('Opgeslagen')).toBeVisible()
  const lines = Array.from({ length: options.linesPerNote }, (_, index) => `${name} regel ${index + 1}`)
  await typeQuickLines(page, lines)
  await expect(page.getByRole('region', { name: 'Logboek' }).getByRole('listitem')).toHaveCount(lines.length)
  return { title, body, lines }
}

/**
 * Types each line into "Snelle regel" and presses Enter, waiting until the input empties (the line is
 * saved) before the next: the same input and key events as addLine in support/devices.ts, sent from
 * inside the page, as three Playwright round trips a line add up on a busy machine.
 */
export async function typeQuickLines(page: Page, lines: readonly string[]): Promise<void> {
  await page.getByLabel('Snelle regel').evaluate(async (input: HTMLInputElement, texts) => {
    for (const text of texts) {
      input.value = text
      input.dispatchEvent(new Event('input', { bubbles: true }))
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
      while (input.value !== '') await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }, lines)
}
