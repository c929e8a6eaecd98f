import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import WerkvormCard from '../../../src/client/components/reader/WerkvormCard.vue'
import { loadExtraMessages } from '../../../src/client/i18n'
import { routes } from '../../../src/client/router'
import { makeWerkvorm } from '../../factories/item-factory'

describe('WerkvormCard and session mode', () => {
  it('offers "Start sessie" at the top of the steps, leading to session mode', async () => {
    await loadExtraMessages()
    const router = createRouter({ history: createMemoryHistory(), routes })
    const wrapper = mount(WerkvormCard, { props: { item: makeWerkvorm({ slug: 'werkvorm-pre-mortem' }) }, global: { plugins: [router] } })
    await flushPromises()

    const link = wrapper.findAll('a').find((a) => a.text() === 'Start sessie')
    expect(link?.attributes('href')).toBe('/werkvormen/werkvorm-pre-mortem/sessie')
    // Above the first step, so that she finds it without scrolling through them all.
    expect(link!.element.compareDocumentPosition(wrapper.get('.werkvorm-card__steps').element) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
  })
})
