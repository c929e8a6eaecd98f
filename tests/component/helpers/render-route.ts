// Mounts the app's real routes at a path, with a fresh Pinia and an in-memory router, the way App.vue
// renders them; and empties the app's real databases (fake IndexedDB, see setup.ts) between tests.
import { flushPromises, mount } from '@vue/test-utils'
import { expect, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { magcache, userdata } from '../../../src/client/db/instances'
import { clearMagazine } from '../../../src/client/db/magazine-db'
import { routes } from '../../../src/client/router'

/** `attachTo` the document when focus must be real. */
export async function renderRoute(path: string, options: { attachTo?: HTMLElement } = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  const wrapper = mount(RouterView, { global: { plugins: [pinia, router] }, attachTo: options.attachTo })
  await flushPromises()
  return { wrapper, router }
}

export async function clearDatabases(): Promise<void> {
  await clearMagazine(magcache)
  await userdata.progress.clear()
}

/** The app's routes at `path`, attached to the document so that focus is real: the note editor at `path` (e.g. '/notities/nieuw'), once its title field shows. */
export async function renderEditor(path: string) {
  const { wrapper, router } = await renderRoute(path, { attachTo: document.body })
  await vi.waitFor(() => expect(wrapper.find('input[name="title"]').exists()).toBe(true))
  return { wrapper, router, id: String(router.currentRoute.value.params.id) }
}
