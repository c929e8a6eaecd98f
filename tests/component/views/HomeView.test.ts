import { type DOMWrapper, flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { HOME_LATEST_COUNT } from '../../../src/client/constants'
import { magcache, userdata } from '../../../src/client/db/instances'
import { applyContentDelta, readCards, readFreshSlugs } from '../../../src/client/db/magazine-db'
import { saveProgress } from '../../../src/client/db/progress-db'
import { useMagazineStore } from '../../../src/client/stores/magazine'
import { useReadingStore } from '../../../src/client/stores/reading'
import type { ContentItem } from '../../../src/shared/content/types'
import { makeAnalyse, makeDelta, makeVerhaal, makeWerkvorm } from '../../factories/item-factory'
import { clearDatabases, renderRoute } from '../helpers/render-route'

beforeEach(clearDatabases)

/** The first download, then a later sync that brought `fresh` (marked "nieuw"). */
async function seedMagazine(items: ContentItem[], fresh: ContentItem[] = []): Promise<void> {
  await applyContentDelta(magcache, makeDelta(items, { cursor: '1', full: true }))
  if (fresh.length > 0) await applyContentDelta(magcache, makeDelta(fresh, { cursor: '2' }), { markNew: true })
}

/**
 * The home page with the magazine store showing what is in magcache. The store's start() would also
 * call the server; a view test only needs its state, read through the same db functions.
 */
async function renderHome() {
  const rendered = await renderRoute('/')
  const magazine = useMagazineStore()
  magazine.cards = await readCards(magcache)
  magazine.freshSlugs = await readFreshSlugs(magcache)
  magazine.isLoaded = true
  return rendered
}

function titlesIn(section: Pick<DOMWrapper<Element>, 'findAll'>): string[] {
  return section.findAll('.item-card__title').map((title) => title.text())
}

describe('HomeView', () => {
  it('lists the newest items under "Nieuwste", newest first', async () => {
    await seedMagazine([
      makeVerhaal({ title: 'Ouder verhaal', published: '2026-01-10' }),
      makeWerkvorm({ title: 'Nieuwste werkvorm', published: '2026-05-01' }),
      makeAnalyse({ title: 'Analyse van maart', published: '2026-03-15' }),
    ])

    const { wrapper } = await renderHome()

    const latest = await vi.waitFor(() => wrapper.get('section[aria-labelledby="latest-title"]'))
    expect(latest.get('h2').text()).toBe('Nieuwste')
    expect(titlesIn(latest)).toEqual(['Nieuwste werkvorm', 'Analyse van maart', 'Ouder verhaal'])
    expect(latest.findAll('a').map((link) => link.attributes('href'))).toEqual(
      (await readCards(magcache)).map((card) => `/lezen/${card.slug}`),
    )
  })

  it(`shows at most ${HOME_LATEST_COUNT} items under "Nieuwste"`, async () => {
    await seedMagazine(Array.from({ length: HOME_LATEST_COUNT + 3 }, (_, i) => makeVerhaal({ published: `2026-02-${String(i + 1).padStart(2, '0')}` })))

    const { wrapper } = await renderHome()

    const latest = await vi.waitFor(() => wrapper.get('section[aria-labelledby="latest-title"]'))
    expect(latest.findAll('.item-card')).toHaveLength(HOME_LATEST_COUNT)
  })

  it('offers a started story under "Verder lezen", with how far she got', async () => {
    const started = makeVerhaal({ title: 'Half gelezen verhaal' })
    const finished = makeVerhaal({ title: 'Uitgelezen verhaal' })
    const barelyOpened = makeVerhaal({ title: 'Net geopend verhaal' })
    await seedMagazine([started, finished, barelyOpened])
    await saveProgress(userdata, started.slug, 0.4)
    await saveProgress(userdata, finished.slug, 0.99)
    await saveProgress(userdata, barelyOpened.slug, 0.01)

    const { wrapper } = await renderHome()

    const section = await vi.waitFor(() => wrapper.get('section[aria-labelledby="continue-title"]'))
    expect(section.get('h2').text()).toBe('Verder lezen')
    expect(titlesIn(section)).toEqual(['Half gelezen verhaal'])
    expect(section.get('progress').attributes('value')).toBe('40')
  })

  it('shows no "Verder lezen" when every story she opened is read to the end', async () => {
    const finished = makeVerhaal()
    await seedMagazine([finished])
    await saveProgress(userdata, finished.slug, 1)

    const { wrapper } = await renderHome()

    // Wait until her reading positions are read, or the section is missing only because it is early.
    await vi.waitFor(() => expect(useReadingStore().progress).toHaveLength(1))
    await flushPromises()
    expect(wrapper.find('section[aria-labelledby="continue-title"]').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('Verder lezen')
  })

  it('shows what arrived since the last visit under "Nieuw sinds je laatste bezoek", with a "Nieuw" badge', async () => {
    const known = makeVerhaal({ title: 'Al bekend verhaal', published: '2026-01-01' })
    const arrived = makeWerkvorm({ title: 'Pas binnengekomen werkvorm', published: '2026-04-01' })
    await seedMagazine([known], [arrived])

    const { wrapper } = await renderHome()

    const fresh = await vi.waitFor(() => wrapper.get('section[aria-labelledby="fresh-title"]'))
    expect(fresh.get('h2').text()).toBe('Nieuw sinds je laatste bezoek')
    expect(titlesIn(fresh)).toEqual(['Pas binnengekomen werkvorm'])
    expect(fresh.get('.item-card .badge').text()).toBe('Nieuw')

    const latestCards = wrapper.get('section[aria-labelledby="latest-title"]').findAll('.item-card')
    const badgeByTitle = Object.fromEntries(latestCards.map((card) => [card.get('.item-card__title').text(), card.find('.badge').exists()]))
    expect(badgeByTitle).toEqual({ 'Pas binnengekomen werkvorm': true, 'Al bekend verhaal': false })
  })

  it('shows no "Nieuw sinds je laatste bezoek" when nothing arrived', async () => {
    await seedMagazine([makeVerhaal()])

    const { wrapper } = await renderHome()

    await vi.waitFor(() => wrapper.get('section[aria-labelledby="latest-title"]'))
    expect(wrapper.find('section[aria-labelledby="fresh-title"]').exists()).toBe(false)
    expect(wrapper.find('.badge').exists()).toBe(false)
  })
})
