import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { toValue } from 'vue'
import type { UseStepSignalOptions } from '../../../src/client/composables/useStepSignal'
import { magcache } from '../../../src/client/db/instances'
import { applyContentDelta } from '../../../src/client/db/magazine-db'
import { routes } from '../../../src/client/router'
import { makeDelta, makeVerhaal, makeWerkvorm, makeWerkvormStep } from '../../factories/item-factory'
import { clearDatabases } from '../helpers/render-route'

// The signal composable is replaced by a spy: the tests count how often a step's end is signalled.
const { signal, prime, signalOptions } = vi.hoisted(() => ({ signal: vi.fn(), prime: vi.fn(), signalOptions: [] as UseStepSignalOptions[] }))
vi.mock('../../../src/client/composables/useStepSignal', () => ({
  useStepSignal: (options: UseStepSignalOptions = {}) => {
    signalOptions.push(options)
    return { isSupported: true, canVibrate: true, prime, signal }
  },
}))

const werkvorm = makeWerkvorm({
  slug: 'werkvorm-stille-brainstorm',
  title: 'De stille brainstorm',
  steps: [
    makeWerkvormStep({ title: 'Vraag delen', minutes: 3, instruction: 'Lees de vraag voor.' }),
    makeWerkvormStep({ title: 'Stil schrijven', minutes: 7, instruction: 'Iedereen schrijft ideeën op post-its.' }),
    makeWerkvormStep({ title: 'Nabespreken', minutes: 5, instruction: 'Welk idee verraste je?' }),
  ],
})
const sessionPath = `/werkvormen/${werkvorm.slug}/sessie`

/** Like helpers/render-route, optionally attached to the document so that focus can be checked. */
async function renderRoute(path: string, options: { attach?: boolean } = {}) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  await router.isReady()
  const wrapper = mount(RouterView, { global: { plugins: [pinia, router] }, attachTo: options.attach ? document.body : undefined })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(async () => {
  await clearDatabases()
  await applyContentDelta(magcache, makeDelta([werkvorm, makeVerhaal({ slug: 'verhaal-gewoon' })], { full: true }))
  signal.mockClear()
  prime.mockClear()
  signalOptions.length = 0
  // A fixed day for the note's title; the clock moves only when a test moves it.
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: new Date('2026-03-12T10:00:00') })
})
afterEach(() => {
  vi.useRealTimers()
})

/** Waits with the real setTimeout (only Date and intervals are faked, so IndexedDB keeps working). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5))
}

async function openSession(options: { attach?: boolean } = {}) {
  const rendered = await renderRoute(sessionPath, options)
  await until(() => rendered.wrapper.find('h1').exists() && rendered.wrapper.find('h1').text().includes('De stille brainstorm'))
  return rendered
}

type Wrapper = Awaited<ReturnType<typeof openSession>>['wrapper']

function button(wrapper: Wrapper, name: string) {
  const found = wrapper.findAll('button').find((b) => b.text() === name)
  if (!found) throw new Error(`no button "${name}" in: ${wrapper.findAll('button').map((b) => b.text()).join(', ')}`)
  return found
}
async function press(wrapper: Wrapper, name: string) {
  await button(wrapper, name).trigger('click')
  await flushPromises()
}
async function passMs(ms: number) {
  vi.advanceTimersByTime(ms)
  await flushPromises()
}
const stepLeft = (wrapper: Wrapper) => wrapper.get('.session-clock__step time').text()
const totalLeft = (wrapper: Wrapper) => wrapper.get('.session-clock__total time').text()
const stepCount = (wrapper: Wrapper) => wrapper.get('.session-step__count').text()

describe('SessionView', () => {
  it('shows one step at a time, with its minutes, the time of the step and of the whole session', async () => {
    const { wrapper } = await openSession()

    expect(stepCount(wrapper)).toBe('Stap 1 van 3')
    expect(wrapper.get('.session-step__title').text()).toBe('Vraag delen')
    expect(wrapper.get('.session-step__instruction').text()).toBe('Lees de vraag voor.')
    expect(wrapper.get('.session-step__minutes').text()).toBe('Deze stap duurt 3 minuten.')
    expect(stepLeft(wrapper)).toBe('3:00')
    expect(totalLeft(wrapper)).toBe('15:00')
    expect(document.title).toBe('Sessie: De stille brainstorm · Slimmernetwerk')
  })

  it('counts down once started, and not before', async () => {
    const { wrapper } = await openSession()
    await passMs(10_000)
    expect(stepLeft(wrapper)).toBe('3:00')

    await press(wrapper, 'Start')
    await passMs(60_000)

    expect(stepLeft(wrapper)).toBe('2:00')
    expect(totalLeft(wrapper)).toBe('14:00')
    expect(prime).toHaveBeenCalledOnce()
  })

  it('freezes the time while paused and goes on from there', async () => {
    const { wrapper } = await openSession()
    await press(wrapper, 'Start')
    await passMs(30_000)

    await press(wrapper, 'Pauze')
    await passMs(5 * 60_000)
    expect(stepLeft(wrapper)).toBe('2:30')
    expect(wrapper.get('.session-clock').text()).toContain('Gepauzeerd')

    await press(wrapper, 'Verder')
    await passMs(30_000)
    expect(stepLeft(wrapper)).toBe('2:00')
  })

  it('adds a minute to the step with "+1 minuut"', async () => {
    const { wrapper } = await openSession()
    await press(wrapper, 'Start')
    await passMs(30_000)

    await press(wrapper, '+1 minuut')

    expect(stepLeft(wrapper)).toBe('3:30')
    expect(totalLeft(wrapper)).toBe('15:30')
  })

  it('goes to the next step with its own timer running, and back with "Vorige"', async () => {
    const { wrapper } = await openSession()
    expect(button(wrapper, 'Vorige').attributes('aria-disabled')).toBe('true')
    await press(wrapper, 'Start')
    await passMs(60_000)

    await press(wrapper, 'Volgende')
    expect(stepCount(wrapper)).toBe('Stap 2 van 3')
    expect(wrapper.get('.session-step__title').text()).toBe('Stil schrijven')
    expect(stepLeft(wrapper)).toBe('7:00')
    expect(totalLeft(wrapper)).toBe('12:00')
    await passMs(60_000)
    expect(stepLeft(wrapper)).toBe('6:00')

    await press(wrapper, 'Vorige')
    expect(stepCount(wrapper)).toBe('Stap 1 van 3')
    expect(stepLeft(wrapper)).toBe('3:00')
  })

  it('shows "Klaar" after the last step, with the focus on it', async () => {
    const { wrapper } = await openSession({ attach: true })
    await press(wrapper, 'Start')
    await press(wrapper, 'Volgende')
    await press(wrapper, 'Volgende')
    expect(stepCount(wrapper)).toBe('Stap 3 van 3')

    await press(wrapper, 'Afronden')

    expect(wrapper.find('.session-step').exists()).toBe(false)
    expect(wrapper.find('.session-clock').exists()).toBe(false)
    const done = wrapper.get('.session-done h2')
    expect(done.text()).toBe('Klaar!')
    expect(document.activeElement).toBe(done.element)

    await press(wrapper, 'Opnieuw beginnen')
    expect(stepCount(wrapper)).toBe('Stap 1 van 3')
    expect(button(wrapper, 'Start').exists()).toBe(true)
  })

  it('signals the end of a step once, and says so politely', async () => {
    const { wrapper } = await openSession({ attach: true })
    const live = wrapper.get('[role="status"].visually-hidden')
    const toggle = button(wrapper, 'Start').element as HTMLButtonElement
    toggle.focus()
    await press(wrapper, 'Start')
    expect(toggle.textContent?.trim()).toBe('Pauze')
    await passMs(3 * 60_000 - 1000)
    expect(signal).not.toHaveBeenCalled()
    expect(live.text()).toBe('')

    await passMs(1000)
    expect(signal).toHaveBeenCalledOnce()
    expect(stepLeft(wrapper)).toBe('0:00')
    expect(wrapper.get('.session-clock').text()).toContain('De tijd is om')
    expect(live.text()).toBe('De tijd van stap 1 is om: Vraag delen. Ga verder met Volgende, of neem een minuut extra.')
    // She did not ask for anything: the focus stays where it was.
    expect(document.activeElement).toBe(toggle)

    await passMs(5 * 60_000)
    expect(signal).toHaveBeenCalledOnce()

    // An extra minute ends again, and is signalled again.
    await press(wrapper, '+1 minuut')
    expect(stepLeft(wrapper)).toBe('1:00')
    await passMs(60_000)
    expect(signal).toHaveBeenCalledTimes(2)

    await press(wrapper, 'Volgende')
    expect(live.text()).toBe('')
  })

  it('does not signal a paused step', async () => {
    const { wrapper } = await openSession()
    await press(wrapper, 'Start')
    await press(wrapper, 'Pauze')
    await passMs(10 * 60_000)

    expect(signal).not.toHaveBeenCalled()
  })

  it('resumes where she left off after leaving and coming back', async () => {
    const first = await openSession()
    await press(first.wrapper, 'Start')
    await press(first.wrapper, 'Volgende')
    await passMs(60_000)
    first.wrapper.unmount()
    await passMs(2 * 60_000)

    const { wrapper } = await openSession()

    expect(stepCount(wrapper)).toBe('Stap 2 van 3')
    expect(stepLeft(wrapper)).toBe('4:00')
    expect(button(wrapper, 'Pauze').exists()).toBe(true)
    expect(JSON.parse(localStorage.getItem(`snw:session:timer:${werkvorm.slug}`)!)).toMatchObject({ stepIndex: 1 })
    await passMs(60_000)
    expect(stepLeft(wrapper)).toBe('3:00')
  })

  it('signals a step that ended while she was away once, when she is back', async () => {
    const first = await openSession()
    await press(first.wrapper, 'Start')
    first.wrapper.unmount()
    await passMs(5 * 60_000)

    const { wrapper } = await openSession()
    await flushPromises()
    expect(signal).toHaveBeenCalledOnce()
    expect(stepLeft(wrapper)).toBe('0:00')

    wrapper.unmount()
    await openSession()
    expect(signal).toHaveBeenCalledOnce()
  })

  it('lets her turn the sound and vibration off, and remembers that', async () => {
    const first = await openSession()
    const checkbox = first.wrapper.get('input[type="checkbox"]')
    expect((checkbox.element as HTMLInputElement).checked).toBe(true)
    expect(toValue(signalOptions.at(-1)!.isEnabled)).toBe(true)

    await checkbox.setValue(false)
    expect(toValue(signalOptions.at(-1)!.isEnabled)).toBe(false)
    first.wrapper.unmount()

    const { wrapper } = await openSession()
    expect((wrapper.get('input[type="checkbox"]').element as HTMLInputElement).checked).toBe(false)
    expect(toValue(signalOptions.at(-1)!.isEnabled)).toBe(false)
  })

  it('links to a new note for this werkvorm, titled with the date', async () => {
    const { wrapper } = await openSession()
    await press(wrapper, 'Start')
    await passMs(1000)

    const link = wrapper.findAll('a').find((a) => a.text() === 'Notitie bij deze sessie')!
    const url = new URL(link.attributes('href')!, 'http://localhost')
    expect(url.pathname).toBe('/notities/nieuw')
    expect(url.searchParams.get('werkvorm')).toBe('werkvorm-stille-brainstorm')
    expect(url.searchParams.get('titel')).toBe('De stille brainstorm 12 maart 2026')
  })

  it('says the screen may go off where the browser cannot keep it on', async () => {
    const { wrapper } = await openSession()

    expect(wrapper.text()).toContain('Je scherm kan uit gaan. Zet dat in je telefoon uit als dat nodig is.')
  })

  it('keeps the screen on where it can, and lets go on leaving', async () => {
    const release = vi.fn(async () => undefined)
    const request = vi.fn(async () => Object.assign(new EventTarget(), { released: false, type: 'screen', release, onrelease: null }))
    Object.defineProperty(navigator, 'wakeLock', { value: { request }, configurable: true })
    try {
      const { wrapper } = await openSession()
      await flushPromises()

      expect(request).toHaveBeenCalledWith('screen')
      expect(wrapper.text()).toContain('Je scherm blijft aan zolang deze pagina open is.')
      expect(wrapper.text()).not.toContain('Je scherm kan uit gaan')
      wrapper.unmount()
      await flushPromises()
      expect(release).toHaveBeenCalledOnce()
    } finally {
      delete (navigator as { wakeLock?: unknown }).wakeLock
    }
  })

  it('says "Niet gevonden", with a way back, for an unknown slug and for an item that is no werkvorm', async () => {
    for (const slug of ['bestaat-niet', 'verhaal-gewoon']) {
      const { wrapper } = await renderRoute(`/werkvormen/${slug}/sessie`)
      await until(() => wrapper.find('h1').exists() && wrapper.find('h1').text() === 'Niet gevonden')
      expect(wrapper.get('h1').text()).toBe('Niet gevonden')
      expect(wrapper.text()).toContain('Deze werkvorm staat niet (meer) in het magazine.')
      expect(wrapper.findAll('a').find((a) => a.text() === 'Naar de startpagina')?.attributes('href')).toBe('/')
      wrapper.unmount()
    }
  })
})
