// Bewaard: her bookmarks from the whole magazine, grouped by type, or how to make one.
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { magcache, userdata } from '../../../src/client/db/instances'
import { applyContentDelta, readCards } from '../../../src/client/db/magazine-db'
import { setBookmark } from '../../../src/client/db/user-actions'
import { useBookmarksStore } from '../../../src/client/stores/bookmarks'
import { useMagazineStore } from '../../../src/client/stores/magazine'
import { createPinia, setActivePinia } from 'pinia'
import { makeAnalyse, makeDelta, makeVerhaal, makeWerkvorm } from '../../factories/item-factory'
import { clearDatabases, renderRoute } from '../helpers/render-route'

beforeEach(async () => {
  await clearDatabases()
  await userdata.bookmarks.clear()
  await userdata.outbox.clear()
})

async function renderBewaard() {
  await applyContentDelta(
    magcache,
    makeDelta(
      [
        makeVerhaal({ slug: 'verhaal-loket', title: 'Het buurtloket' }),
        makeVerhaal({ slug: 'verhaal-brief', title: 'De heldere brief' }),
        makeAnalyse({ slug: 'analyse-brief', title: 'Waarom de brief werkte' }),
        makeWerkvorm({ slug: 'werkvorm-retro', title: 'De lerende terugblik' }),
        makeWerkvorm({ slug: 'werkvorm-niet-bewaard', title: 'Niet bewaard' }),
      ],
      { cursor: '1', full: true },
    ),
  )
  const rendered = await renderRoute('/bewaard')
  const magazine = useMagazineStore()
  magazine.cards = await readCards(magcache)
  magazine.isLoaded = true
  await flushPromises()
  return rendered
}

describe('BewaardView', () => {
  it('groups her bookmarks by type, in the order of the menu, the last saved first', async () => {
    await setBookmark(userdata, 'werkvorm-retro', true, 1000)
    await setBookmark(userdata, 'verhaal-loket', true, 2000)
    await setBookmark(userdata, 'analyse-brief', true, 3000)
    await setBookmark(userdata, 'verhaal-brief', true, 4000)
    await setBookmark(userdata, 'bestaat-niet-meer', true, 5000)

    const { wrapper } = await renderBewaard()

    await vi.waitFor(() => expect(wrapper.findAll('section')).toHaveLength(3))
    const groups = wrapper.findAll('section').map((section) => ({
      heading: section.get('h2').text(),
      titles: section.findAll('.item-card__title').map((title) => title.text()),
    }))
    expect(groups).toEqual([
      { heading: 'Verhalen', titles: ['De heldere brief', 'Het buurtloket'] },
      { heading: 'Analyses', titles: ['Waarom de brief werkte'] },
      { heading: 'Werkvormen', titles: ['De lerende terugblik'] },
    ])
    expect(wrapper.text()).not.toContain('Niet bewaard')
    expect(wrapper.find('.bewaard__empty').exists()).toBe(false)
  })

  it('explains how to bookmark when nothing is saved', async () => {
    const { wrapper } = await renderBewaard()

    const empty = await vi.waitFor(() => wrapper.get('.bewaard__empty'))
    expect(empty.get('h2').text()).toBe('Je hebt nog niets bewaard')
    expect(empty.text()).toContain('Tik dan op de knop "Bewaren"')
    expect(empty.findAll('a').map((link) => link.attributes('href'))).toEqual(['/werkvormen', '/verhalen'])
  })

  it('drops an item from the page when its toggle is pressed again', async () => {
    await setBookmark(userdata, 'werkvorm-retro', true)
    const { wrapper } = await renderBewaard()

    const toggle = await vi.waitFor(() => wrapper.get('button[aria-pressed="true"]'))
    expect(toggle.text()).toBe('Bewaard: De lerende terugblik')
    await toggle.trigger('click')

    await vi.waitFor(() => expect(wrapper.find('.bewaard__empty').exists()).toBe(true))
    expect(await userdata.bookmarks.get('werkvorm-retro')).toMatchObject({ bookmarked: 0 })
  })

  it('does not say "nothing saved" until her bookmarks have been read from the device', async () => {
    await setBookmark(userdata, 'werkvorm-retro', true)
    setActivePinia(createPinia())
    const bookmarks = useBookmarksStore()

    expect(bookmarks.isLoaded).toBe(false)
    bookmarks.subscribe()
    await vi.waitFor(() => expect(bookmarks.isLoaded).toBe(true))
    expect(bookmarks.rows.map((row) => row.slug)).toEqual(['werkvorm-retro'])
  })
})
