// App-wide constants. Storage keys carry the `snw:` prefix so that they never clash on a shared origin.
export const STORAGE_KEYS = {
  theme: 'snw:theme',
  textSize: 'snw:text-size',
  locale: 'snw:locale',
  installDismissed: 'snw:install-dismissed',
  account: 'snw:account',
  /** Note fields written at pagehide, when IndexedDB may not finish before the page is gone. */
  noteDrafts: 'snw:note-drafts',
  /** Session mode: `snw:session:timer:<slug>` holds a werkvorm's timer, `snw:session:signal` the sound choice. */
  session: 'snw:session',
} as const

/** A story counts as started past this fraction, and as finished past READ_DONE_FRACTION. */
export const READ_STARTED_FRACTION = 0.03
export const READ_DONE_FRACTION = 0.95

/** Content items written to IndexedDB per transaction: small enough to keep each task short. */
export const CONTENT_CHUNK_SIZE = 100

/** How often to look for new magazine items while the app is open. */
export const CONTENT_REFRESH_INTERVAL_MS = 15 * 60 * 1000

export const PROGRESS_SAVE_DELAY_MS = 400

/** How many items "Nieuwste" shows on the home page. */
export const HOME_LATEST_COUNT = 8
