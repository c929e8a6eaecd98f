// Names the page and the service worker agree on for Background Sync.
export const BACKGROUND_SYNC_TAG = 'snw-sync'
export const SYNC_NOW_MESSAGE = 'SYNC_NOW'
