// Reads a story aloud with the device's own Dutch voice (Web Speech API), one paragraph at a time so the
// paragraph being read can be highlighted, and because Chrome cuts off utterances longer than ~15 s.
// Without a Dutch voice it says so instead of reading Dutch text with an English voice.
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue'

export type ReadAloudState = 'idle' | 'speaking' | 'paused'

export interface UseReadAloudOptions {
  /** The language the text is in: a voice whose lang starts with it is needed. Default 'nl'. */
  lang?: string
  /** Class put on the paragraph being read. Default 'is-read-aloud'. */
  highlightClass?: string
}

export interface UseReadAloudReturn {
  /** Whether this browser can speak at all. */
  isSupported: boolean
  /** Whether a voice for the language is installed (voices may arrive a moment after the page). */
  hasVoice: ShallowRef<boolean>
  state: ShallowRef<ReadAloudState>
  /** Starts reading the given blocks from the first one (stops what was read before). */
  start: (blocks: HTMLElement[]) => void
  pause: () => void
  resume: () => void
  stop: () => void
}

/** The block elements of a story worth reading aloud, in reading order. */
export function readableBlocks(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('h1, h2, h3, p, li, blockquote > p, figcaption')].filter((block) => {
    // A list item's paragraph is read as part of the item; empty blocks say nothing.
    if (block.tagName === 'P' && block.parentElement?.tagName === 'LI') return false
    return (block.textContent ?? '').trim().length > 0
  })
}

export function useReadAloud(options: UseReadAloudOptions = {}): UseReadAloudReturn {
  const { lang = 'nl', highlightClass = 'is-read-aloud' } = options
  const synth = typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : undefined
  const isSupported = synth !== undefined && typeof SpeechSynthesisUtterance !== 'undefined'
  const hasVoice = shallowRef(false)
  const state = shallowRef<ReadAloudState>('idle')
  let voice: SpeechSynthesisVoice | undefined
  let blocks: HTMLElement[] = []
  let index = 0
  /** Bumped on every start/stop: callbacks of an utterance that was cancelled must not move on. */
  let run = 0

  function pickVoice(): void {
    if (!synth) return
    const voices = synth.getVoices().filter((candidate) => candidate.lang.toLowerCase().replace('_', '-').startsWith(lang))
    // A voice of the region (nl-NL) first, then the local one (no network needed offline).
    voice = voices.find((candidate) => candidate.localService) ?? voices[0]
    hasVoice.value = voice !== undefined
  }

  function highlight(block: HTMLElement | undefined): void {
    for (const other of blocks) other.classList.remove(highlightClass)
    if (!block) return
    block.classList.add(highlightClass)
    const isReduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false
    block.scrollIntoView?.({ block: 'center', behavior: isReduced ? 'auto' : 'smooth' })
  }

  function speakCurrent(currentRun: number): void {
    const block = blocks[index]
    if (!synth || !block || currentRun !== run) {
      if (currentRun === run) finish()
      return
    }
    highlight(block)
    const utterance = new SpeechSynthesisUtterance(block.textContent?.trim() ?? '')
    utterance.lang = voice?.lang ?? lang
    if (voice) utterance.voice = voice
    utterance.onend = () => {
      if (currentRun !== run || state.value === 'idle') return
      index += 1
      speakCurrent(currentRun)
    }
    utterance.onerror = (event) => {
      // 'interrupted'/'canceled' come from our own stop or pause; anything else ends the reading.
      if (currentRun !== run || event.error === 'interrupted' || event.error === 'canceled') return
      finish()
    }
    state.value = 'speaking'
    synth.speak(utterance)
  }

  function finish(): void {
    run += 1
    state.value = 'idle'
    highlight(undefined)
    synth?.cancel()
  }

  function start(next: HTMLElement[]): void {
    if (!synth || !hasVoice.value) return
    finish()
    blocks = next
    index = 0
    speakCurrent(run)
  }

  function pause(): void {
    if (!synth || state.value !== 'speaking') return
    state.value = 'paused'
    synth.pause()
  }

  function resume(): void {
    if (!synth || state.value !== 'paused') return
    if (synth.paused) {
      state.value = 'speaking'
      synth.resume()
      return
    }
    // Some Android voices drop a paused utterance: read the paragraph again from its start.
    run += 1
    synth.cancel()
    speakCurrent(run)
  }

  if (synth) {
    pickVoice()
    synth.addEventListener?.('voiceschanged', pickVoice)
  }
  onScopeDispose(() => {
    synth?.removeEventListener?.('voiceschanged', pickVoice)
    if (state.value !== 'idle') finish()
  })

  return { isSupported, hasVoice, state, start, pause, resume, stop: finish }
}
