// "Past in 10 minuten" on the home page: what she can read on a short ride, and how long it all takes.
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { magcache, userdata } from '../../../src/client/db/instances'
import { applyContentDelta, readCards, readFreshSlugs } from '../../../src/client/db/magazine-db'
import { saveProgress } from '../../../src/client/db/progress-db'
import { useMagazineStore } from '../../../src/client/stores/magazine'
import { useReadingStore } from '../../../src/client/stores/reading'
import { makeAnalyse, makeDelta, makeVerhaal, makeWerkvorm } from '../../factories/item-factory'
import { clearDatabases, renderRoute } from '../helpers/render-route'

beforeEach(clearDatabases)

async function renderHome(items = [
  makeVerhaal({ title: 'Drie minuten', readingMinutes: 3, published: '2026-05-01' }),
  makeAnalyse({ title: 'Vijf minuten', readingMinutes: 5, published: '2026-04-01' }),
  makeWerkvorm({ title: 'Acht minuten', readingMinutes: 8, published: '2026-03-01' }),
  makeVerhaal({ title: 'Twaalf minuten', readingMinutes: 12, published: '2026-02-01' }),
  makeVerhaal({ title: 'Vijfentwintig minuten', readingMinutes: 25, published: '2026-01-01' }),
]) {
  await applyContentDelta(magcache, makeDelta(items, { cursor: '1', full: true }))
  const rendered = await renderRoute('/')
  const magazine = useMagazineStore()
  magazine.cards = await readCards(magcache)
  magazine.freshSlugs = await readFreshSlugs(magcache)
  magazine.isLoaded = true
  await flushPromises()
  return rendered
}

async function commuteSection(wrapper: VueWrapper) {
  return vi.waitFor(() => wrapper.get('section[aria-labelledby="commute-title"]'))
}

describe('HomeCommute', () => {
  it('sits below "Nieuwste", which stays', async () => {
    const { wrapper } = await renderHome()

    await commuteSection(wrapper)
    const headings = wrapper.findAll('h2').map((h) => h.text())
    expect(headings.indexOf('Past in 10 minuten')).toBeGreaterThan(headings.indexOf('Nieuwste'))
    expect(headings.indexOf('Nieuwste')).toBeGreaterThan(-1)
  })

  it('offers a reading list that fits in 10 minutes all together, newest first, with its total', async () => {
    const { wrapper } = await renderHome()

    const section = await commuteSection(wrapper)
    expect(section.get('button[aria-pressed="true"]').text()).toBe('10 min')
    expect(section.findAll('.item-card__title').map((t) => t.text())).toEqual(['Drie minuten', 'Vijf minuten'])
    expect(section.get('[role="status"]').text()).toBe('2 stukken · Samen 8 minuten lezen')
  })

  it('shows everything of 10 minutes or less on request, with the total of all of it', async () => {
    const { wrapper } = await renderHome()
    const section = await commuteSection(wrapper)

    await section.get('.home-commute__more').trigger('click')

    expect(section.findAll('.item-card__title').map((t) => t.text())).toEqual(['Drie minuten', 'Vijf minuten', 'Acht minuten'])
    expect(section.get('[role="status"]').text()).toBe('3 stukken · Samen 16 minuten lezen')
    expect(section.find('.home-commute__more').exists()).toBe(false)
  })

  it('follows the chosen time', async () => {
    const { wrapper } = await renderHome()
    const section = await commuteSection(wrapper)

    await section.findAll('button').find((b) => b.text() === '5 min')!.trigger('click')
    expect(section.get('h2').text()).toBe('Past in 5 minuten')
    expect(section.findAll('.item-card__title').map((t) => t.text())).toEqual(['Drie minuten'])
    expect(section.get('[role="status"]').text()).toBe('1 stuk · Samen 3 minuten lezen')
    expect(section.findAll('button[aria-pressed="true"]').map((b) => b.text())).toEqual(['5 min'])
    expect(section.get('.home-commute__more').text()).toBe('Toon alle 2 van 5 minuten of korter')

    await section.findAll('button').find((b) => b.text() === '20 min')!.trigger('click')
    expect(section.findAll('.item-card__title').map((t) => t.text())).toEqual(['Drie minuten', 'Vijf minuten', 'Acht minuten'])
    expect(section.get('[role="status"]').text()).toBe('3 stukken · Samen 16 minuten lezen')
    await section.get('.home-commute__more').trigger('click')
    expect(section.findAll('.item-card__title').map((t) => t.text())).toEqual(['Drie minuten', 'Vijf minuten', 'Acht minuten', 'Twaalf minuten'])
  })

  it('leaves out what she has read to the end', async () => {
    const read = makeVerhaal({ slug: 'al-gelezen', title: 'Al gelezen', readingMinutes: 2, published: '2026-06-01' })
    await saveProgress(userdata, read.slug, 1)
    const { wrapper } = await renderHome([read, makeVerhaal({ title: 'Nog te lezen', readingMinutes: 4, published: '2026-01-01' })])
    await vi.waitFor(() => expect(useReadingStore().progress).toHaveLength(1))
    const section = await commuteSection(wrapper)

    await vi.waitFor(() => expect(section.findAll('.item-card__title').map((t) => t.text())).toEqual(['Nog te lezen']))
  })

  it('says so when nothing is short enough', async () => {
    const { wrapper } = await renderHome([makeVerhaal({ title: 'Lang', readingMinutes: 9 })])
    const section = await commuteSection(wrapper)

    await section.findAll('button').find((b) => b.text() === '5 min')!.trigger('click')
    expect(section.get('[role="status"]').text()).toBe('Er is niets van 5 minuten of korter.')
    expect(section.find('.item-card').exists()).toBe(false)
  })
})
