import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

/** Chunk name and the modules it holds; the first match wins. */
const CHUNK_GROUPS: [string, RegExp][] = [
  ['framework', /node_modules\/(@vue|vue|vue-router|pinia|dexie)\//],
  ['framework', /src\/client\/(db\/(magcache|userdata|instances|magazine-db|progress-db|pending-count)|constants|stores\/(account|sync|magazine|reading|settings)|i18n\/(index|nl)|sync\/first-cards|composables\/(useOnline|install-prompt-state))\.ts$/],
  ['framework', /src\/shared\/(content\/(card|image-urls|routes)|sync\/background-sync)\.ts$/],
  ['notes', /src\/client\/(views\/Note|components\/notes\/|composables\/(useNote|useAutosave|useStorageInfo)|stores\/notes|notes\/conflict|db\/(quota-error|photo-actions)|sync\/photo-fetch)/],
  ['notes', /src\/shared\/sync\/note/],
  ['sync', /src\/client\/(sync\/(sync-engine|sync-api|account-api|backoff|apply-pull)|db\/(user-actions|sync-meta|progress-flush)|stores\/bookmarks|components\/reader\/BookmarkToggle)/],
  // The app's update and install prompts come with their library.
  ['pwa', /src\/client\/components\/pwa\/|node_modules\/workbox-window\//],
]

const API_TARGET = process.env.API_TARGET ?? 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [
    vue(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon.png'],
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
      },
      manifest: {
        id: '/',
        name: 'Slimmernetwerk magazine',
        short_name: 'Slimmernetwerk',
        description: 'Verhalen, columns, resultaten en werkvormen van Slimmernetwerk. Ook zonder internet te lezen.',
        lang: 'nl',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#ffffff',
        theme_color: '#0b5d5b',
        categories: ['education', 'news', 'productivity'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        // Android (Chromium) lists the installed app in its share sheet: shared text or a link opens a new
        // note with it (see composables/useNoteCreate.ts). iOS has no share targets: notes are made in the app.
        share_target: { action: '/notities/nieuw', method: 'GET', params: { title: 'title', text: 'text', url: 'url' } },
        shortcuts: [
          { name: 'Nieuwe notitie', short_name: 'Notitie', url: '/notities/nieuw', icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }] },
          { name: 'Werkvormen', short_name: 'Werkvormen', url: '/werkvormen', icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }] },
          { name: 'Verhalen', short_name: 'Verhalen', url: '/verhalen', icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }] },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  resolve: {
    // The modern (ES2017+) builds both libraries ship, not the ES5 ones their package.json points at: ~9 KB
    // (Dexie) and ~2.5 KB (workbox-window) smaller minified, for browsers that all run ES2022 anyway.
    // Dexie's import wrapper only guards against two copies of Dexie, and this bundle has one.
    alias: [
      { find: /^dexie$/, replacement: fileURLToPath(new URL('./node_modules/dexie/dist/modern/dexie.mjs', import.meta.url)) },
      { find: /^workbox-window$/, replacement: fileURLToPath(new URL('./node_modules/workbox-window/build/workbox-window.prod.mjs', import.meta.url)) },
    ],
  },
  define: {
    // Composition API only: dropping the Options API saves the phone a few KB of JavaScript.
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    target: 'es2022',
    // Every browser that runs this app supports <link rel="modulepreload">.
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        // Fewer, larger chunks: every file costs the phone a request and gzip its own dictionary (merging
        // the notes and sync modules saves ~5 KB of the all-JS budget). What the first page needs goes in
        // `framework`; a lazy group must never capture a first-page module, or (as rolldown pulls a
        // group's dependencies along) the whole group would load on the first page — check:bundle says so.
        manualChunks(id) {
          const group = CHUNK_GROUPS.find(([, pattern]) => pattern.test(id))
          return group?.[0]
        },
      },
    },
    // The whole app must be readable offline: no chunk may be fetched from elsewhere.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': API_TARGET, '/media': API_TARGET },
  },
})
