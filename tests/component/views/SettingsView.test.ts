import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { STORAGE_KEYS } from '../../../src/client/constants'
import { clearDatabases, renderRoute } from '../helpers/render-route'

beforeEach(clearDatabases)

/** The radio button a reader picks by its visible label. */
function choice(wrapper: VueWrapper, label: string) {
  const option = wrapper.findAll('label').find((candidate) => candidate.text() === label)
  if (!option) throw new Error(`no choice "${label}"`)
  return option.get<HTMLInputElement>('input[type="radio"]')
}

async function choose(wrapper: VueWrapper, label: string): Promise<void> {
  await choice(wrapper, label).setValue()
  await flushPromises()
}

describe('SettingsView', () => {
  it('shows the settings in Dutch', async () => {
    const { wrapper } = await renderRoute('/instellingen')

    expect(wrapper.get('h1').text()).toBe('Instellingen')
    expect(wrapper.findAll('legend').map((legend) => legend.text())).toEqual(['Kleuren', 'Tekstgrootte', 'Taal'])
    expect(choice(wrapper, 'Zoals mijn telefoon').element.checked).toBe(true)
    expect(choice(wrapper, 'Normaal').element.checked).toBe(true)
    expect(choice(wrapper, 'Nederlands').element.checked).toBe(true)
  })

  it('turns the page dark on "Donker" and remembers it on this device', async () => {
    const { wrapper } = await renderRoute('/instellingen')

    await choose(wrapper, 'Donker')

    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(localStorage.getItem(STORAGE_KEYS.theme)).toBe('dark')
  })

  it('makes the text very large on "Heel groot" and remembers it on this device', async () => {
    const { wrapper } = await renderRoute('/instellingen')

    await choose(wrapper, 'Heel groot')

    expect(document.documentElement.dataset.textSize).toBe('grootst')
    expect(localStorage.getItem(STORAGE_KEYS.textSize)).toBe('grootst')
  })

  it('shows the remembered choices on the next visit', async () => {
    localStorage.setItem(STORAGE_KEYS.theme, 'dark')
    localStorage.setItem(STORAGE_KEYS.textSize, 'groot')

    const { wrapper } = await renderRoute('/instellingen')

    expect(choice(wrapper, 'Donker').element.checked).toBe(true)
    expect(choice(wrapper, 'Groot').element.checked).toBe(true)
  })

  it('ignores a stored choice the app does not know', async () => {
    localStorage.setItem(STORAGE_KEYS.theme, 'purple')

    const { wrapper } = await renderRoute('/instellingen')

    expect(choice(wrapper, 'Zoals mijn telefoon').element.checked).toBe(true)
  })

  it('switches the whole page to English on "English", and remembers it', async () => {
    const { wrapper } = await renderRoute('/instellingen')

    await choose(wrapper, 'English')

    await vi.waitFor(() => expect(wrapper.get('h1').text()).toBe('Settings'))
    expect(wrapper.findAll('legend').map((legend) => legend.text())).toEqual(['Colours', 'Text size', 'Language'])
    expect(choice(wrapper, 'Like my device').element.checked).toBe(true)
    expect(document.documentElement.lang).toBe('en')
    expect(localStorage.getItem(STORAGE_KEYS.locale)).toBe('en')
  })

  it('switches back to Dutch', async () => {
    const { wrapper } = await renderRoute('/instellingen')
    await choose(wrapper, 'English')
    await vi.waitFor(() => expect(wrapper.get('h1').text()).toBe('Settings'))

    await choose(wrapper, 'Nederlands')

    await vi.waitFor(() => expect(wrapper.get('h1').text()).toBe('Instellingen'))
    expect(document.documentElement.lang).toBe('nl')
  })
})
