// The werkvormen page: the filters and the address stay in step, both ways.
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { magcache, userdata } from '../../../src/client/db/instances'
import { applyContentDelta, readCards } from '../../../src/client/db/magazine-db'
import { setBookmark } from '../../../src/client/db/user-actions'
import { useMagazineStore } from '../../../src/client/stores/magazine'
import { makeDelta, makeVerhaal, makeWerkvorm } from '../../factories/item-factory'
import { clearDatabases, renderRoute } from '../helpers/render-route'

beforeEach(async () => {
  await clearDatabases()
  await userdata.bookmarks.clear()
  await userdata.outbox.clear()
})

const WERKVORMEN = [
  makeWerkvorm({ slug: 'check-in', title: 'Check-in', goal: 'verbinden', durationMin: 10, durationMax: 15, groupMin: 3, groupMax: 20, published: '2026-10-12' }),
  makeWerkvorm({ slug: 'pre-mortem', title: 'Pre-mortem', goal: 'testen', durationMin: 30, durationMax: 45, groupMin: 4, groupMax: 10, published: '2025-06-02' }),
  makeWerkvorm({ slug: 'prototype', title: 'Prototype op papier', goal: 'testen', durationMin: 30, durationMax: 45, groupMin: 2, groupMax: 6, published: '2025-09-15' }),
  makeWerkvorm({ slug: 'leerlogboek', title: 'Het leerlogboek', goal: 'leren', durationMin: 20, durationMax: 30, groupMin: 1, groupMax: 4, published: '2026-01-19' }),
  makeWerkvorm({ slug: 'retro', title: 'De lerende terugblik', goal: 'leren', durationMin: 45, durationMax: 60, groupMin: 5, groupMax: 15, published: '2025-03-17' }),
  makeWerkvorm({ slug: 'canvas', title: 'Het experiment-canvas', goal: 'testen', durationMin: 45, durationMax: 60, groupMin: 2, groupMax: 6, published: '2025-11-03' }),
]

async function renderWerkvormen(path = '/werkvormen') {
  await applyContentDelta(magcache, makeDelta([...WERKVORMEN, makeVerhaal({ title: 'Geen werkvorm' })], { cursor: '1', full: true }))
  const rendered = await renderRoute(path)
  const magazine = useMagazineStore()
  magazine.cards = await readCards(magcache)
  magazine.isLoaded = true
  await flushPromises()
  return rendered
}

function titles(wrapper: VueWrapper): string[] {
  return wrapper.findAll('.item-card__title').map((title) => title.text())
}

function goalBox(wrapper: VueWrapper, label: RegExp) {
  const chip = wrapper.findAll('.chip').find((c) => label.test(c.text()))
  if (!chip) throw new Error(`no chip ${label}`)
  return chip.get('input')
}

describe('WerkvormenView', () => {
  it('lists every werkvorm, shortest first, and no other items', async () => {
    const { wrapper } = await renderWerkvormen()

    expect(wrapper.get('h1').text()).toBe('Werkvormen')
    expect(titles(wrapper)).toEqual(['Check-in', 'Het leerlogboek', 'Pre-mortem', 'Prototype op papier', 'De lerende terugblik', 'Het experiment-canvas'])
    expect(wrapper.get('[role="status"]').text()).toBe('6 werkvormen passen')
  })

  it('follows a shared address: the filters show it and the list obeys it', async () => {
    const { wrapper } = await renderWerkvormen('/werkvormen?doel=testen,leren&tijd=30&groep=4')

    expect(titles(wrapper)).toEqual(['Het leerlogboek', 'Pre-mortem', 'Prototype op papier'])
    expect((goalBox(wrapper, /^Testen/).element as HTMLInputElement).checked).toBe(true)
    expect((goalBox(wrapper, /^Leren/).element as HTMLInputElement).checked).toBe(true)
    expect((goalBox(wrapper, /^Verbinden/).element as HTMLInputElement).checked).toBe(false)
    const [timeSelect] = wrapper.findAll('select')
    expect((timeSelect!.element as HTMLSelectElement).value).toBe('30')
    expect((wrapper.get('input[type="number"]').element as HTMLInputElement).value).toBe('4')
    expect(wrapper.get('[role="status"]').text()).toBe('3 werkvormen passen')
  })

  it('puts each filter choice in the address, and the list follows', async () => {
    const { wrapper, router } = await renderWerkvormen()

    await goalBox(wrapper, /^Testen/).setValue(true)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ doel: 'testen' })
    expect(titles(wrapper)).toEqual(['Pre-mortem', 'Prototype op papier', 'Het experiment-canvas'])

    await goalBox(wrapper, /^Leren/).setValue(true)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ doel: 'testen,leren' })

    await wrapper.findAll('select')[0]!.setValue('30')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ doel: 'testen,leren', tijd: '30' })
    expect(titles(wrapper)).toEqual(['Het leerlogboek', 'Pre-mortem', 'Prototype op papier'])

    await wrapper.get('input[type="number"]').setValue('5')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ doel: 'testen,leren', tijd: '30', groep: '5' })
    expect(titles(wrapper)).toEqual(['Pre-mortem', 'Prototype op papier'])

    await wrapper.findAll('select')[1]!.setValue('nieuw')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ doel: 'testen,leren', tijd: '30', groep: '5', volgorde: 'nieuw' })
    expect(titles(wrapper)).toEqual(['Prototype op papier', 'Pre-mortem'])

    await goalBox(wrapper, /^Testen/).setValue(false)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ doel: 'leren', tijd: '30', groep: '5', volgorde: 'nieuw' })
    expect(titles(wrapper)).toEqual([])
  })

  it('shows counts per option that take the other filters into account', async () => {
    const { wrapper } = await renderWerkvormen('/werkvormen?tijd=30')

    expect(goalBox(wrapper, /^Testen/).element.parentElement!.textContent).toContain('Testen (2)')
    expect(goalBox(wrapper, /^Leren/).element.parentElement!.textContent).toContain('Leren (1)')
    const options = wrapper.findAll('select')[0]!.findAll('option').map((option) => option.text())
    expect(options).toEqual(['Maakt niet uit (6)', '15 minuten (1)', '30 minuten (4)', '45 minuten (6)', '60 minuten (6)', '90 minuten (6)'])
  })

  it('says when nothing fits, and "Wis filters" shows everything again', async () => {
    const { wrapper, router } = await renderWerkvormen('/werkvormen?doel=verbinden&groep=40&volgorde=nieuw')

    expect(titles(wrapper)).toEqual([])
    expect(wrapper.get('.werkvormen__empty').text()).toContain('Geen enkele werkvorm past')
    await wrapper.get('.werkvormen__empty button').trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.query).toEqual({ volgorde: 'nieuw' })
    expect(titles(wrapper)).toHaveLength(6)
    expect(wrapper.find('.werkvormen__empty').exists()).toBe(false)
  })

  it('shows her bookmarked werkvormen first, under "Bewaard", within the filter', async () => {
    await setBookmark(userdata, 'retro', true)
    await setBookmark(userdata, 'canvas', true)
    const { wrapper } = await renderWerkvormen('/werkvormen?doel=testen,leren')

    const bookmarked = await vi.waitFor(() => wrapper.get('section[aria-labelledby="werkvormen-bookmarked-title"]'))
    expect(bookmarked.get('h2').text()).toBe('Bewaard')
    expect(bookmarked.findAll('.item-card__title').map((t) => t.text())).toEqual(['De lerende terugblik', 'Het experiment-canvas'])
    const rest = wrapper.get('section[aria-labelledby="werkvormen-rest-title"]')
    expect(rest.get('h2').text()).toBe('Andere werkvormen')
    expect(rest.findAll('.item-card__title').map((t) => t.text())).toEqual(['Het leerlogboek', 'Pre-mortem', 'Prototype op papier'])
  })

  it('bookmarks from a card: the toggle is pressed and the werkvorm moves under "Bewaard"', async () => {
    const { wrapper } = await renderWerkvormen('/werkvormen?doel=testen')

    const toggle = await vi.waitFor(() => wrapper.get('button[aria-pressed]'))
    expect(toggle.text()).toBe('Bewaren: Pre-mortem')
    expect(toggle.attributes('aria-pressed')).toBe('false')
    await toggle.trigger('click')

    const bookmarked = await vi.waitFor(() => wrapper.get('section[aria-labelledby="werkvormen-bookmarked-title"]'))
    expect(bookmarked.findAll('.item-card__title').map((t) => t.text())).toEqual(['Pre-mortem'])
    expect(bookmarked.get('button[aria-pressed]').attributes('aria-pressed')).toBe('true')
    expect(await userdata.bookmarks.get('pre-mortem')).toMatchObject({ bookmarked: 1 })
  })
})
