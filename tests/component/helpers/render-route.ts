// Mounts the app's real routes at a path, with a fresh Pinia and an in-memory router, the way App.vue
// renders them; and empties the app's real databases (fake IndexedDB, see setup.ts) between tests.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { magcache, userdata } from '../../../src/client/db/instances'
import { clearMagazine } from '../../../src/client/db/magazine-db'
import { routes } from '../../../src/client/router'

export async function renderRoute(path: string) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  const wrapper = mount(RouterView, { global: { plugins: [pinia, router] } })
  await flushPromises()
  return { wrapper, router }
}

export async function clearDatabases(): Promise<void> {
  await clearMagazine(magcache)
  await userdata.progress.clear()
}
