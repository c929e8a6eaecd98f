import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import ReadAloud from '../../../src/client/components/reader/ReadAloud.vue'
import { readableBlocks, VOICES_WAIT_MS } from '../../../src/client/composables/useReadAloud'
import { installSpeech, makeVoice } from '../helpers/fake-speech'

const STORY = `
  <p>Marieke las de brief. Ze snapte hem niet.</p>
  <h2>Wat staat er eigenlijk?</h2>
  <ul><li><p>Heb ik iets fout gedaan?</p></li><li>Kan ik in delen betalen?</li></ul>
  <p>   </p>
  <blockquote><p>Ik schrok ervan.</p></blockquote>`

let body: HTMLElement

beforeEach(() => {
  body = document.createElement('div')
  body.className = 'prose'
  body.innerHTML = STORY
  document.body.append(body)
})
afterEach(() => {
  body.remove()
  vi.unstubAllGlobals()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

function mountReadAloud() {
  return mount(ReadAloud, { props: { body }, attachTo: document.body })
}

const paragraph = (index: number) => readableBlocks(body)[index]!
const highlighted = () => [...body.querySelectorAll('.is-read-aloud')].map((block) => block.textContent)
const buttonTexts = (wrapper: ReturnType<typeof mountReadAloud>) => wrapper.findAll('button').map((button) => button.text())

describe('ReadAloud', () => {
  it('reads headings, paragraphs and list items in order, a list item once, and skips empty blocks', () => {
    expect(readableBlocks(body).map((block) => block.textContent)).toEqual([
      'Marieke las de brief. Ze snapte hem niet.',
      'Wat staat er eigenlijk?',
      'Heb ik iets fout gedaan?',
      'Kan ik in delen betalen?',
      'Ik schrok ervan.',
    ])
  })

  it('reads the first paragraph with a Dutch voice, highlighted, and moves on to the next when it is said', async () => {
    const dutch = makeVoice('nl-NL', { name: 'Xander' })
    const speech = installSpeech({
      voices: [makeVoice('en-US'), makeVoice('nl-BE', { name: 'Ellen' }), makeVoice('nl-NL', { name: 'Google Nederlands', localService: false }), dutch],
    })
    const wrapper = mountReadAloud()
    expect(buttonTexts(wrapper)).toEqual(['Voorlezen'])

    await wrapper.get('button').trigger('click')

    // One sentence per utterance: Chrome cuts off long ones.
    expect(speech.spoken.map((utterance) => utterance.text)).toEqual(['Marieke las de brief.'])
    expect(speech.spoken[0]!.lang).toBe('nl-NL')
    expect(speech.spoken[0]!.voice).toBe(dutch)
    expect(highlighted()).toEqual(['Marieke las de brief. Ze snapte hem niet.'])
    expect(paragraph(0).getAttribute('aria-current')).toBe('true')
    expect(buttonTexts(wrapper)).toEqual(['Pauzeren', 'Stoppen'])
    expect(wrapper.get('[role="status"]').text()).toBe('Wordt voorgelezen')

    speech.finishCurrent()
    expect(speech.spoken.map((utterance) => utterance.text)).toEqual(['Marieke las de brief.', 'Ze snapte hem niet.'])
    expect(highlighted()).toEqual(['Marieke las de brief. Ze snapte hem niet.'])

    speech.finishCurrent()
    expect(speech.spoken.at(-1)!.text).toBe('Wat staat er eigenlijk?')
    expect(highlighted()).toEqual(['Wat staat er eigenlijk?'])
    expect(paragraph(0).hasAttribute('aria-current')).toBe(false)
    expect(paragraph(1).getAttribute('aria-current')).toBe('true')
  })

  it('pauses and resumes through the speech API, the button saying what it will do', async () => {
    const speech = installSpeech({ voices: [makeVoice('nl-NL')] })
    const wrapper = mountReadAloud()
    await wrapper.get('button').trigger('click')

    await wrapper.get('button').trigger('click')
    expect(speech.synth.pause).toHaveBeenCalledTimes(1)
    expect(buttonTexts(wrapper)).toEqual(['Verder voorlezen', 'Stoppen'])
    expect(wrapper.get('[role="status"]').text()).toBe('Voorlezen gepauzeerd')
    expect(highlighted()).toEqual(['Marieke las de brief. Ze snapte hem niet.'])

    await wrapper.get('button').trigger('click')
    expect(speech.synth.resume).toHaveBeenCalledTimes(1)
    expect(speech.spoken).toHaveLength(1)
    expect(buttonTexts(wrapper)).toEqual(['Pauzeren', 'Stoppen'])
  })

  it('reads the sentence again on resume when the voice let go of it while paused (some Android voices)', async () => {
    const speech = installSpeech({ voices: [makeVoice('nl-NL')] })
    const wrapper = mountReadAloud()
    await wrapper.get('button').trigger('click')
    await wrapper.get('button').trigger('click')

    speech.finishCurrent()
    expect(speech.spoken).toHaveLength(1)
    expect(buttonTexts(wrapper)).toEqual(['Verder voorlezen', 'Stoppen'])

    await wrapper.get('button').trigger('click')
    expect(speech.spoken.map((utterance) => utterance.text)).toEqual(['Marieke las de brief.', 'Marieke las de brief.'])
    expect(speech.synth.paused).toBe(false)
    expect(buttonTexts(wrapper)).toEqual(['Pauzeren', 'Stoppen'])
  })

  it('stops: the highlight goes, the focus stays on the button, and the cancelled sentence does not read on', async () => {
    const speech = installSpeech({ voices: [makeVoice('nl-NL')] })
    const wrapper = mountReadAloud()
    await wrapper.get('button').trigger('click')
    const stop = wrapper.findAll('button')[1]!
    ;(stop.element as HTMLButtonElement).focus()

    await stop.trigger('click')
    expect(speech.synth.cancel).toHaveBeenCalled()
    expect(highlighted()).toEqual([])
    expect(body.querySelector('[aria-current]')).toBeNull()
    expect(buttonTexts(wrapper)).toEqual(['Voorlezen'])
    expect(document.activeElement).toBe(wrapper.get('button').element)

    // Chromium fires `error` on the cancelled utterance after cancel() returned.
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(speech.spoken).toHaveLength(1)
    expect(buttonTexts(wrapper)).toEqual(['Voorlezen'])
    expect(wrapper.text()).not.toContain('fout')
  })

  it('starts again after a stop while paused, where Chromium would otherwise stay silent', async () => {
    const speech = installSpeech({ voices: [makeVoice('nl-NL')] })
    const wrapper = mountReadAloud()
    await wrapper.get('button').trigger('click')
    await wrapper.get('button').trigger('click')
    await wrapper.findAll('button')[1]!.trigger('click')

    await wrapper.get('button').trigger('click')
    expect(speech.synth.paused).toBe(false)
    expect(speech.spoken).toHaveLength(2)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(speech.current()?.text).toBe('Marieke las de brief.')
    expect(highlighted()).toEqual(['Marieke las de brief. Ze snapte hem niet.'])
  })

  it('ends after the last block, without a highlight', async () => {
    const speech = installSpeech({ voices: [makeVoice('nl-NL')] })
    const wrapper = mountReadAloud()
    await wrapper.get('button').trigger('click')

    while (speech.current()) speech.finishCurrent()
    await flushPromises()
    expect(speech.spoken.map((utterance) => utterance.text)).toHaveLength(6)
    expect(speech.spoken.at(-1)!.text).toBe('Ik schrok ervan.')
    expect(highlighted()).toEqual([])
    expect(buttonTexts(wrapper)).toEqual(['Voorlezen'])
  })

  it('says so when the voice fails, and can start again', async () => {
    const speech = installSpeech({ voices: [makeVoice('nl-NL')] })
    const wrapper = mountReadAloud()
    await wrapper.get('button').trigger('click')

    speech.failCurrent()
    await flushPromises()
    expect(wrapper.get('[role="status"]').text()).toBe('Het voorlezen is gestopt door een fout. Probeer het opnieuw.')
    expect(highlighted()).toEqual([])
    expect(buttonTexts(wrapper)).toEqual(['Voorlezen'])

    await wrapper.get('button').trigger('click')
    expect(wrapper.get('[role="status"]').text()).toBe('Wordt voorgelezen')
  })

  it('scrolls a paragraph that is off the screen into view, without animation when she asked for less motion', async () => {
    installSpeech({ voices: [makeVoice('nl-NL')] })
    vi.spyOn(window, 'matchMedia').mockImplementation((query) => ({ matches: query === '(prefers-reduced-motion: reduce)' }) as MediaQueryList)
    const first = paragraph(0)
    const scrollIntoView = vi.spyOn(first, 'scrollIntoView')
    vi.spyOn(first, 'getBoundingClientRect').mockReturnValue({ top: 2000, bottom: 2060, height: 60 } as DOMRect)
    const wrapper = mountReadAloud()

    await wrapper.get('button').trigger('click')
    expect(scrollIntoView).toHaveBeenCalledWith({ block: 'center', behavior: 'auto' })
  })

  it('leaves a paragraph that is on the screen where it is', async () => {
    installSpeech({ voices: [makeVoice('nl-NL')] })
    const first = paragraph(0)
    const scrollIntoView = vi.spyOn(first, 'scrollIntoView')
    vi.spyOn(first, 'getBoundingClientRect').mockReturnValue({ top: 100, bottom: 160, height: 60 } as DOMRect)
    const wrapper = mountReadAloud()

    await wrapper.get('button').trigger('click')
    expect(scrollIntoView).not.toHaveBeenCalled()
  })

  it('stops reading when it goes (she leaves the story)', async () => {
    const speech = installSpeech({ voices: [makeVoice('nl-NL')] })
    const wrapper = mountReadAloud()
    await wrapper.get('button').trigger('click')

    wrapper.unmount()
    expect(speech.synth.cancel).toHaveBeenCalled()
    expect(highlighted()).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(speech.spoken).toHaveLength(1)
  })

  it('explains that there is no Dutch voice, with no button, when the device has only other languages', async () => {
    const speech = installSpeech({ voices: [makeVoice('en-US'), makeVoice('de-DE')] })
    const wrapper = mountReadAloud()

    expect(wrapper.find('button').exists()).toBe(false)
    expect(wrapper.get('summary').text()).toBe('Voorlezen kan niet: geen Nederlandse stem')
    expect(wrapper.get('details').text()).toContain('Je kunt er een aanzetten bij Instellingen')
    expect(speech.synth.speak).not.toHaveBeenCalled()
  })

  it('shows nothing while the voices load, then the button when a Dutch voice arrives', async () => {
    vi.useFakeTimers()
    const speech = installSpeech({ voices: [] })
    const wrapper = mountReadAloud()
    expect(wrapper.text()).toBe('')

    speech.setVoices([makeVoice('nl_NL')])
    await flushPromises()
    expect(buttonTexts(wrapper)).toEqual(['Voorlezen'])
  })

  it('explains there is no Dutch voice when none came in time', async () => {
    vi.useFakeTimers()
    installSpeech({ voices: [] })
    const wrapper = mountReadAloud()

    vi.advanceTimersByTime(VOICES_WAIT_MS - 1)
    await flushPromises()
    expect(wrapper.text()).toBe('')
    vi.advanceTimersByTime(1)
    await flushPromises()
    expect(wrapper.get('summary').text()).toBe('Voorlezen kan niet: geen Nederlandse stem')
    expect(wrapper.find('button').exists()).toBe(false)
  })

  it('says the browser cannot read aloud when it has no speech synthesis', () => {
    expect('speechSynthesis' in window).toBe(false)
    const wrapper = mountReadAloud()

    expect(wrapper.text()).toBe('Voorlezen kan niet in deze browser.')
    expect(wrapper.find('button').exists()).toBe(false)
  })
})
