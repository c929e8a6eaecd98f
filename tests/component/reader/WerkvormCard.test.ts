import { mount, RouterLinkStub } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import WerkvormCard from '../../../src/client/components/reader/WerkvormCard.vue'
import type { WerkvormItem } from '../../../src/shared/content/types'
import { makeWerkvorm, makeWerkvormStep } from '../../factories/item-factory'

function mountWith(overrides: Partial<WerkvormItem> = {}) {
  return mount(WerkvormCard, { props: { item: makeWerkvorm(overrides) }, global: { stubs: { RouterLink: RouterLinkStub } } })
}

/** The facts list as the reader sees it: label → value. */
function facts(wrapper: ReturnType<typeof mountWith>): Record<string, string> {
  return Object.fromEntries(wrapper.findAll('.werkvorm-card__facts > div').map((row) => [row.get('dt').text(), row.get('dd').text()]))
}

describe('WerkvormCard', () => {
  it('shows the goal in words, the time and the group size', () => {
    const wrapper = mountWith({ goal: 'testen', durationMin: 30, durationMax: 45, groupMin: 4, groupMax: 10 })

    expect(facts(wrapper)).toEqual({ Doel: 'Testen', Tijd: '30 tot 45 minuten', Groep: '4 tot 10 mensen' })
  })

  it('lists every material', () => {
    const wrapper = mountWith({ materials: ['post-its', 'stiften', 'een timer'] })

    expect(wrapper.findAll('.werkvorm-card__materials li').map((li) => li.text())).toEqual(['post-its', 'stiften', 'een timer'])
    expect(wrapper.text()).not.toContain('Je hebt niets nodig.')
  })

  it('says you need nothing when there are no materials', () => {
    const wrapper = mountWith({ materials: [] })

    expect(wrapper.find('.werkvorm-card__materials').exists()).toBe(false)
    expect(wrapper.text()).toContain('Je hebt niets nodig.')
  })

  it('numbers the steps in order, each with its title, minutes and instruction', () => {
    const wrapper = mountWith({
      steps: [
        makeWerkvormStep({ title: 'Vraag delen', minutes: 1, instruction: 'Lees de vraag voor.' }),
        makeWerkvormStep({ title: 'Stil schrijven', minutes: 7, instruction: 'Iedereen schrijft ideeën op post-its.' }),
        makeWerkvormStep({ title: 'Clusteren', minutes: 10, instruction: 'Hang de post-its in groepjes op.' }),
      ],
    })

    const list = wrapper.get('ol')
    const steps = list.findAll(':scope > li').map((li) => ({
      title: li.get('h4 > span:first-child').text(),
      minutes: li.get('.werkvorm-card__minutes').text(),
      instruction: li.get('p').text(),
    }))
    expect(steps).toEqual([
      { title: 'Vraag delen', minutes: '1 minuut', instruction: 'Lees de vraag voor.' },
      { title: 'Stil schrijven', minutes: '7 minuten', instruction: 'Iedereen schrijft ideeën op post-its.' },
      { title: 'Clusteren', minutes: '10 minuten', instruction: 'Hang de post-its in groepjes op.' },
    ])
  })
})
