import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import UpdatePrompt from '../../../src/client/components/pwa/UpdatePrompt.vue'

function buttonNamed(wrapper: ReturnType<typeof mount>, name: string) {
  const button = wrapper.findAll('button').find((candidate) => candidate.text() === name)
  if (!button) throw new Error(`no button "${name}"`)
  return button
}

describe('UpdatePrompt', () => {
  it('says a new version is available, as a polite status', () => {
    const wrapper = mount(UpdatePrompt)

    expect(wrapper.text()).toContain('Nieuwe versie beschikbaar.')
    expect(wrapper.get('[role="status"]').attributes('aria-live')).toBe('polite')
  })

  it('asks to refresh on "Vernieuwen"', async () => {
    const wrapper = mount(UpdatePrompt)

    await buttonNamed(wrapper, 'Vernieuwen').trigger('click')

    expect(wrapper.emitted('refresh')).toHaveLength(1)
    expect(wrapper.emitted('dismiss')).toBeUndefined()
  })

  it('asks to wait on "Later"', async () => {
    const wrapper = mount(UpdatePrompt)
    await buttonNamed(wrapper, 'Later').trigger('click')

    expect(wrapper.emitted('dismiss')).toHaveLength(1)
    expect(wrapper.emitted('refresh')).toBeUndefined()
  })

  it('never reloads the page by itself: she may be typing', async () => {
    const reload = vi.spyOn(window.location, 'reload').mockImplementation(() => {})
    const wrapper = mount(UpdatePrompt)

    for (const button of wrapper.findAll('button')) await button.trigger('click')

    expect(reload).not.toHaveBeenCalled()
    reload.mockRestore()
  })
})
