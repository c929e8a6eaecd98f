// Routes. Home is in the first bundle; every other view loads when first opened (and is precached).
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { ContentType } from '../shared/content/types'
import { TYPE_LIST_PATHS } from '../shared/content/routes'
import { loadExtraMessages } from './i18n'
import HomeView from './views/HomeView.vue'

const TypeListView = () => import('./views/TypeListView.vue')

// Werkvormen have a list of their own (filters, below); the other types share one list view.
const typeRoutes: RouteRecordRaw[] = (Object.entries(TYPE_LIST_PATHS) as [ContentType, string][]).filter(([type]) => type !== 'werkvorm').map(([type, path]) => ({
  path,
  name: `list-${type}`,
  component: TypeListView,
  props: { type },
}))

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView },
  ...typeRoutes,
  { path: TYPE_LIST_PATHS.werkvorm, name: 'list-werkvorm', component: () => import('./views/WerkvormenView.vue'), beforeEnter: loadExtraMessages },
  { path: '/bewaard', name: 'bookmarks', component: () => import('./views/BewaardView.vue'), beforeEnter: loadExtraMessages },
  // Views with texts of their own load them before they show (see i18n loadExtraMessages).
  { path: '/lezen/:slug', name: 'reader', component: () => import('./views/ReaderView.vue'), props: true, beforeEnter: loadExtraMessages },
  { path: '/werkvormen/:slug/sessie', name: 'session', component: () => import('./views/SessionView.vue'), props: true, beforeEnter: loadExtraMessages },
  { path: '/notities', name: 'notes', component: () => import('./views/NotesView.vue'), beforeEnter: loadExtraMessages },
  // Makes a note and replaces itself with /notities/<id> (see composables/useNoteCreate.ts).
  { path: '/notities/nieuw', name: 'note-new', component: () => import('./views/NoteEditorView.vue'), beforeEnter: async (to) => {
    // The editor's texts load while the note is made (its code comes in one chunk with this composable).
    void loadExtraMessages()
    return (await import('./composables/useNoteCreate')).createNoteAndOpen(to)
  } },
  { path: '/notities/:id', name: 'note', component: () => import('./views/NoteEditorView.vue'), props: true, beforeEnter: loadExtraMessages },
  { path: '/zoeken', name: 'search', component: () => import('./views/SearchView.vue'), beforeEnter: loadExtraMessages },
  { path: '/account', name: 'account', component: () => import('./views/AccountView.vue'), beforeEnter: loadExtraMessages },
  { path: '/instellingen', name: 'settings', component: () => import('./views/SettingsView.vue'), beforeEnter: loadExtraMessages },
  { path: '/toegankelijkheid', name: 'accessibility', component: () => import('./views/AccessibilityView.vue'), beforeEnter: loadExtraMessages },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
]

export function createAppRouter() {
  return createRouter({
    history: createWebHistory(),
    routes,
    scrollBehavior(_to, _from, saved) {
      // The reader restores its own reading position; elsewhere, back returns to where you were.
      return saved ?? { top: 0 }
    },
  })
}
