// A device with a Dutch voice, for Chromium that has none here: speechSynthesis's voices, speak and
// cancel are replaced before the app loads; what is said is recorded, and the test says when a sentence
// is done. The utterance class is replaced too: a real one accepts only a real SpeechSynthesisVoice.
import type { Page } from '@playwright/test'

export interface SpokenUtterance {
  text: string
  lang: string
  voice: string | undefined
}

declare global {
  interface Window {
    fakeSpeech: { spoken: SpokenUtterance[]; cancelled: number; finishCurrent: () => void }
  }
}

export async function installFakeVoices(page: Page, voices: { name: string; lang: string }[]): Promise<void> {
  await page.addInitScript((voiceList) => {
    type Utterance = EventTarget & { text: string; lang: string; voice: unknown; onend: ((event: Event) => void) | null; onerror: ((event: Event) => void) | null }
    const fakeVoices = voiceList.map((voice) => ({ ...voice, localService: true, default: false, voiceURI: voice.name }))
    let queue: Utterance[] = []
    const fake = {
      spoken: [] as { text: string; lang: string; voice: string | undefined }[],
      cancelled: 0,
      finishCurrent() {
        const utterance = queue.shift()
        if (!utterance) throw new Error('nothing is being said')
        const event = new Event('end')
        utterance.dispatchEvent(event)
        utterance.onend?.(event)
      },
    }
    window.fakeSpeech = fake
    window.SpeechSynthesisUtterance = class extends EventTarget {
      lang = ''
      voice: unknown = null
      onend = null
      onerror = null
      constructor(public text = '') {
        super()
      }
    } as unknown as typeof SpeechSynthesisUtterance
    const synth = window.speechSynthesis
    let isPaused = false
    Object.defineProperty(synth, 'paused', { get: () => isPaused })
    synth.getVoices = () => fakeVoices as unknown as SpeechSynthesisVoice[]
    synth.speak = (utterance) => {
      const spoken = utterance as unknown as Utterance
      fake.spoken.push({ text: spoken.text, lang: spoken.lang, voice: (spoken.voice as { name?: string } | null)?.name })
      queue.push(spoken)
    }
    synth.cancel = () => {
      fake.cancelled += 1
      queue = []
    }
    synth.pause = () => (isPaused = true)
    synth.resume = () => (isPaused = false)
  }, voices)
}
