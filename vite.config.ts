import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

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
        // What every page needs, in one file: one request, and gzip finds more to share than in five.
        manualChunks(id) {
          if (/node_modules\/(@vue|vue|vue-router|pinia|dexie)\//.test(id)) return 'framework'
          return undefined
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
