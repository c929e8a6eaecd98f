import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import AnalyseOutcome from '../../../src/client/components/reader/AnalyseOutcome.vue'
import { makeAnalyse } from '../../factories/item-factory'

describe('AnalyseOutcome', () => {
  it('shows "Minder goed gegaan" and every lesson for a Doetank that went less well', () => {
    const lessons = ['Betrek inwoners vanaf het begin.', 'Plan minder in één middag.', 'Vraag na een week wat bleef hangen.']
    const wrapper = mount(AnalyseOutcome, { props: { item: makeAnalyse({ outcome: 'minder goed', lessons }) } })

    expect(wrapper.get('.analyse-outcome__result').text()).toBe('Resultaat: Minder goed gegaan')
    expect(wrapper.findAll('li').map((li) => li.text())).toEqual(lessons)
  })

  it.each([
    { outcome: 'gelukt', label: 'Gelukt' },
    { outcome: 'deels', label: 'Deels gelukt' },
  ] as const)('shows "$label" for outcome $outcome', ({ outcome, label }) => {
    const wrapper = mount(AnalyseOutcome, { props: { item: makeAnalyse({ outcome }) } })

    expect(wrapper.get('.analyse-outcome__result strong').text()).toBe(label)
  })
})
