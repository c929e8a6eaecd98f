import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import DownloadProgress from '../../../src/client/components/magazine/DownloadProgress.vue'
import type { ContentSyncProgress } from '../../../src/client/sync/content-sync'

function mountWith(progress: ContentSyncProgress | null) {
  return mount(DownloadProgress, { props: { progress } })
}

describe('DownloadProgress', () => {
  it('explains what happens and why', () => {
    const wrapper = mountWith(null)

    expect(wrapper.get('h2').text()).toBe('Het magazine wordt gedownload')
    expect(wrapper.text()).toContain('Daarna kun je alles lezen, ook zonder internet.')
    expect(wrapper.get('.download-progress__label').text()).toBe('Verbinden…')
  })

  it.each([
    { progress: { phase: 'save', done: 20, total: 40 }, label: 'Opslaan: 20 van 40 verhalen', value: '50' },
    { progress: { phase: 'images', done: 3, total: 12 }, label: 'Afbeeldingen opslaan: 3 van 12', value: '25' },
    { progress: { phase: 'download', done: 1_500_000, total: 2_000_000 }, label: 'Downloaden… 1,5 MB', value: '75' },
  ] satisfies { progress: ContentSyncProgress; label: string; value: string }[])(
    'shows "$label" with the bar at $value%',
    ({ progress, label, value }) => {
      const wrapper = mountWith(progress)
      const bar = wrapper.get('progress')

      expect(wrapper.get('.download-progress__label').text()).toBe(label)
      expect(bar.attributes('max')).toBe('100')
      expect(bar.attributes('value')).toBe(value)
      expect(bar.attributes('aria-valuetext')).toBe(label)
    },
  )

  it('shows an indeterminate bar while the size is not known', () => {
    const bar = mountWith({ phase: 'download', done: 2048, total: 0 }).get('progress')

    expect(bar.attributes()).not.toHaveProperty('value')
    expect(bar.attributes('aria-valuetext')).toBe('Downloaden… 2 kB')
  })

  it('becomes indeterminate again when a new phase of unknown size starts', async () => {
    const wrapper = mountWith({ phase: 'save', done: 20, total: 40 })

    await wrapper.setProps({ progress: { phase: 'download', done: 0, total: 0 } })

    expect(wrapper.get('progress').attributes()).not.toHaveProperty('value')
  })

  it('never shows more than a full bar', () => {
    expect(mountWith({ phase: 'download', done: 5000, total: 4000 }).get('progress').attributes('value')).toBe('100')
  })
})
