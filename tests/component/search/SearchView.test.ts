// /zoeken: the answer follows the address (?q=, ?soort=), found offline in the app's own databases through
// the search worker's code (run in-thread here), with the matching words marked.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import SearchField from '../../../src/client/components/search/SearchField.vue'
import { magcache, userdata } from '../../../src/client/db/instances'
import { applyContentDelta } from '../../../src/client/db/magazine-db'
import { createNote } from '../../../src/client/db/user-actions'
import { routes } from '../../../src/client/router'
import { makeDelta, makeVerhaal, makeWerkvorm } from '../../factories/item-factory'
import { makeNoteFields } from '../../factories/note-factory'
import { clearDatabases, renderRoute } from '../helpers/render-route'
import { InThreadSearchWorker } from '../helpers/in-thread-worker'

beforeEach(async () => {
  vi.stubGlobal('Worker', InThreadSearchWorker)
  await clearDatabases()
  await userdata.notes.clear()
})
afterEach(() => vi.unstubAllGlobals())

const status = (wrapper: { find: (s: string) => { text: () => string } }) => wrapper.find('[role="status"]').text()

describe('SearchView', () => {
  it('finds stories, werkvormen and her notes offline, marks the words, and filters by type in the address', async () => {
    await applyContentDelta(magcache, makeDelta([
      makeVerhaal({ slug: 'loket', title: 'Het loket in de bibliotheek', summary: 'Dichtbij de burger', html: '<p>Inwoners kwamen vaker.</p>', version: 1 }),
      makeWerkvorm({ slug: 'buurtgesprek', title: 'Het buurtgesprek', summary: 'Praten met burgers', html: '<p>Een werkvorm.</p>', version: 2 }),
      makeVerhaal({ slug: 'brieven', title: 'Brieven', summary: 'Heldere taal', html: '<p>Minder bellen.</p>', version: 3 }),
    ], { cursor: '3', full: true }))
    const noteId = await createNote(userdata, makeNoteFields({ title: 'Sessie wijkraad', saw: 'De burgers wilden meepraten' }))

    const { wrapper, router } = await renderRoute('/zoeken?q=burgers')
    await vi.waitFor(() => expect(status(wrapper)).toBe('3 resultaten voor "burgers"'))

    const links = wrapper.findAll('.search-hit__link')
    expect(links.map((link) => link.attributes('href')).sort()).toEqual(['/lezen/buurtgesprek', '/lezen/loket', `/notities/${noteId}`].sort())
    expect(wrapper.findAll('mark').map((mark) => mark.text().toLowerCase())).toEqual(expect.arrayContaining(['burger', 'burgers']))
    expect(wrapper.text()).toContain('Notitie')

    await wrapper.find('input[type="radio"][value="notitie"]').setValue()
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'burgers', soort: 'notitie' })
    await vi.waitFor(() => expect(wrapper.findAll('.search-hit__link').map((link) => link.attributes('href'))).toEqual([`/notities/${noteId}`]))
    expect(status(wrapper)).toBe('1 resultaat voor "burgers"')
    // The other types stay on offer, with their counts, to go back.
    expect(wrapper.find('fieldset').text()).toContain('Alles (3)')
  })

  it('explains what it searches before she types, and says so when nothing is found', async () => {
    const { wrapper, router } = await renderRoute('/zoeken')
    expect(wrapper.text()).toContain('Zoek in alle verhalen, columns, analyses en werkvormen, en in je eigen notities')
    expect(wrapper.find('.search-hits').exists()).toBe(false)

    await router.replace('/zoeken?q=olifant')
    await vi.waitFor(() => expect(status(wrapper)).toBe('Niets gevonden voor "olifant".'))
    expect(wrapper.text()).toContain('Probeer een ander woord')
  })
})

describe('SearchView after a while away', () => {
  it('finds what arrived in the magazine while search was closed', async () => {
    await applyContentDelta(magcache, makeDelta([makeVerhaal({ slug: 'eerst', title: 'Het eerste verhaal', version: 1 })], { cursor: '1', full: true }))
    const first = await renderRoute('/zoeken?q=wijkavond')
    await vi.waitFor(() => expect(status(first.wrapper)).toBe('Niets gevonden voor "wijkavond".'))
    first.wrapper.unmount()

    await applyContentDelta(magcache, makeDelta([makeVerhaal({ slug: 'later', title: 'De wijkavond', version: 2 })], { cursor: '2' }))
    const again = await renderRoute('/zoeken?q=wijkavond')
    await vi.waitFor(() => expect(again.wrapper.findAll('.search-hit__link').map((link) => link.attributes('href'))).toEqual(['/lezen/later']))
  })
})

describe('SearchField', () => {
  async function mountField(path = '/') {
    setActivePinia(createPinia())
    const router = createRouter({ history: createMemoryHistory(), routes })
    await router.push(path)
    await router.isReady()
    const wrapper = mount(SearchField, { global: { plugins: [router] } })
    return { wrapper, router }
  }

  it('is a labelled search landmark that takes her to /zoeken as she types, and keeps the query in the address', async () => {
    const { wrapper, router } = await mountField('/verhalen')
    expect(wrapper.find('form').attributes('role')).toBe('search')
    const input = wrapper.find('input[type="search"]')
    expect(wrapper.find(`label[for="${input.attributes('id')}"]`).text()).toBe('Zoeken in het magazine en je notities')

    await input.setValue('ver')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/zoeken?q=ver')
    await input.setValue('vertrouwen')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/zoeken?q=vertrouwen')
    // Typing on /zoeken replaces the address: back goes to where she came from, not letter by letter.
    router.back()
    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/verhalen'))
    expect((input.element as HTMLInputElement).value).toBe('')
  })

  it('shows the query of a shared or reloaded /zoeken address, and keeps the type filter as she types', async () => {
    const { wrapper, router } = await mountField('/zoeken?q=brief&soort=verhaal')
    const input = wrapper.find('input[type="search"]')
    expect((input.element as HTMLInputElement).value).toBe('brief')
    await input.setValue('brieven')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'brieven', soort: 'verhaal' })
  })
})
