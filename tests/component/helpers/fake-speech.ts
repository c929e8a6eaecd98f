// A stand-in for the Web Speech API's speechSynthesis, behaving the way Chromium does where it matters:
// voices may arrive later (voiceschanged), cancel() fires `error` and `end` on the utterances it drops
// (after the call returns), and the synthesizer stays paused through cancel(), so nothing is heard until resume().
import { vi } from 'vitest'

export interface FakeVoice {
  name: string
  lang: string
  localService: boolean
  default: boolean
  voiceURI: string
}

export function makeVoice(lang: string, options: Partial<FakeVoice> = {}): FakeVoice {
  const name = options.name ?? `Stem ${lang}`
  return { name, lang, localService: true, default: false, voiceURI: name, ...options }
}

export class FakeUtterance {
  lang = ''
  voice: FakeVoice | null = null
  onend: ((event: Event) => void) | null = null
  onerror: ((event: { error: string }) => void) | null = null
  constructor(public text: string) {}
}

export function installSpeech(options: { voices?: FakeVoice[] } = {}) {
  let voices = options.voices ?? []
  /** Every utterance passed to speak(), in order. */
  const spoken: FakeUtterance[] = []
  /** What is still to be said; the first is being said (unless paused). */
  let queue: FakeUtterance[] = []
  const synth = Object.assign(new EventTarget(), {
    paused: false,
    get speaking() {
      return queue.length > 0
    },
    getVoices: () => voices,
    speak: vi.fn((utterance: FakeUtterance) => {
      spoken.push(utterance)
      queue.push(utterance)
    }),
    cancel: vi.fn(() => {
      const dropped = queue
      queue = []
      dropped.forEach((utterance, index) => {
        setTimeout(() => {
          utterance.onerror?.({ error: index === 0 ? 'interrupted' : 'canceled' })
          utterance.onend?.(new Event('end'))
        })
      })
    }),
    pause: vi.fn(() => {
      synth.paused = true
    }),
    resume: vi.fn(() => {
      synth.paused = false
    }),
  })
  vi.stubGlobal('speechSynthesis', synth)
  vi.stubGlobal('SpeechSynthesisUtterance', FakeUtterance)

  return {
    synth,
    spoken,
    /** The utterance being said now. */
    current: () => (synth.paused ? undefined : queue[0]),
    /** The voice says the current utterance to its end. */
    finishCurrent() {
      const utterance = queue.shift()
      if (!utterance) throw new Error('nothing is being said')
      utterance.onend?.(new Event('end'))
    },
    /** The voice gives up on the current utterance with an error. */
    failCurrent(error = 'synthesis-failed') {
      const utterance = queue.shift()
      if (!utterance) throw new Error('nothing is being said')
      utterance.onerror?.({ error })
    },
    /** Voices arrive (or change) a moment after the page, as in Chrome. */
    setVoices(next: FakeVoice[]) {
      voices = next
      synth.dispatchEvent(new Event('voiceschanged'))
    },
  }
}
