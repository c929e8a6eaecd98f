// Reads a story aloud with the device's own Dutch voice (Web Speech API), paragraph by paragraph so the
// paragraph being read can be highlighted, and one sentence per utterance because Chrome cuts off an
// utterance after ~15 s (its network voices do). Without a Dutch voice it says so instead of reading
// Dutch text with an English voice.
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue'

export type ReadAloudState = 'idle' | 'speaking' | 'paused'

export interface UseReadAloudOptions {
  /** The language the text is in: a voice for it is needed. Default 'nl'. */
  lang?: string
  /** Class put on the paragraph being read (it also gets aria-current). Default 'is-read-aloud'. */
  highlightClass?: string
}

export interface UseReadAloudReturn {
  /** Whether this browser can speak at all. */
  isSupported: boolean
  /** Whether a voice for the language is installed. */
  hasVoice: ShallowRef<boolean>
  /** Voices arrive a moment after the page (Chrome): until then neither a button nor "no voice". */
  isLoadingVoices: ShallowRef<boolean>
  /** The voice stopped with an error (not by the user): say so, she can start again. */
  hasFailed: ShallowRef<boolean>
  state: ShallowRef<ReadAloudState>
  /** Starts reading the given blocks from the first one (stops what was read before). */
  start: (blocks: HTMLElement[]) => void
  pause: () => void
  resume: () => void
  stop: () => void
}

/** How long to wait for a first `voiceschanged` before saying there is no voice. */
export const VOICES_WAIT_MS = 1500

/** The block elements of a story worth reading aloud, in reading order. */
export function readableBlocks(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('h1, h2, h3, h4, p, li, figcaption')].filter((block) => {
    // A list item's paragraph is read as part of the item; empty blocks say nothing.
    if (block.tagName === 'P' && block.parentElement?.tagName === 'LI') return false
    return (block.textContent ?? '').trim().length > 0
  })
}

/** A block's text as sentences: each one is short enough for Chrome to read to its end. */
export function sentencesOf(text: string, lang: string): string[] {
  const clean = text.replace(/\s+/g, ' ').trim()
  const parts = typeof Intl.Segmenter === 'function'
    ? [...new Intl.Segmenter(lang, { granularity: 'sentence' }).segment(clean)].map((part) => part.segment.trim())
    : [clean]
  return parts.filter((part) => part.length > 0)
}

export function useReadAloud(options: UseReadAloudOptions = {}): UseReadAloudReturn {
  const { lang = 'nl', highlightClass = 'is-read-aloud' } = options
  const synth = typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : undefined
  const isSupported = synth !== undefined && typeof SpeechSynthesisUtterance !== 'undefined'
  const hasVoice = shallowRef(false)
  const isLoadingVoices = shallowRef(isSupported)
  const hasFailed = shallowRef(false)
  const state = shallowRef<ReadAloudState>('idle')
  let voice: SpeechSynthesisVoice | undefined
  let blocks: HTMLElement[] = []
  let blockIndex = 0
  let sentences: string[] = []
  let sentenceIndex = 0
  /**
   * The sentence being read. Only its events count: `cancel()` fires `end` or `error` on the one it
   * cancels, which must not move on. Held here also because Chrome never fires `end` on an utterance
   * nothing refers to any more (garbage-collected).
   */
  let utterance: SpeechSynthesisUtterance | undefined
  /** The voice ended or dropped the sentence while paused (some Android voices do): resume reads it again. */
  let isDropped = false
  let voicesTimer: ReturnType<typeof setTimeout> | undefined

  function pickVoice(): number {
    const all = synth!.getVoices()
    const region = `${lang}-${lang}`
    let best = -1
    voice = undefined
    for (const candidate of all) {
      const code = candidate.lang.toLowerCase().replace('_', '-')
      if (code !== lang && !code.startsWith(`${lang}-`)) continue
      // On the device first (works offline, not cut off), then the Netherlands' own (nl-NL before nl-BE).
      const score = (candidate.localService ? 2 : 0) + (code === region ? 1 : 0)
      if (score > best) [best, voice] = [score, candidate]
    }
    hasVoice.value = voice !== undefined
    if (!voice && state.value !== 'idle') stop()
    return all.length
  }

  function onVoicesChanged(): void {
    pickVoice()
    isLoadingVoices.value = false
  }

  function highlight(block: HTMLElement | undefined): void {
    for (const other of blocks) {
      other.classList.remove(highlightClass)
      other.removeAttribute('aria-current')
    }
    if (!block) return
    block.classList.add(highlightClass)
    block.setAttribute('aria-current', 'true')
    scrollIntoViewGently(block)
  }

  /** Only when the paragraph is not in view yet: reading along should not make the page jump. */
  function scrollIntoViewGently(block: HTMLElement): void {
    const { top, bottom, height } = block.getBoundingClientRect()
    // Sticky bars cover both ends of the viewport: the block's scroll-margin-top and html's
    // scroll-padding-bottom (the navigation) say how much, and scrollIntoView keeps clear of them too.
    const coveredTop = Number.parseFloat(getComputedStyle(block).scrollMarginTop) || 0
    const coveredBottom = Number.parseFloat(getComputedStyle(document.documentElement).scrollPaddingBottom) || 0
    const visibleHeight = window.innerHeight - coveredTop - coveredBottom
    if (top >= coveredTop && bottom <= window.innerHeight - coveredBottom) return
    const isReduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false
    block.scrollIntoView?.({ block: height > visibleHeight / 2 ? 'start' : 'center', behavior: isReduced ? 'auto' : 'smooth' })
  }

  function speakBlock(): void {
    const block = blocks[blockIndex]
    if (!block) return stop()
    highlight(block)
    sentences = sentencesOf(block.textContent ?? '', lang)
    sentenceIndex = 0
    speakSentence()
  }

  function speakSentence(): void {
    const text = sentences[sentenceIndex]
    if (text === undefined) {
      blockIndex += 1
      return speakBlock()
    }
    const next = new SpeechSynthesisUtterance(text)
    next.lang = voice?.lang ?? lang
    if (voice) next.voice = voice
    next.onend = () => {
      if (next !== utterance) return
      if (state.value === 'paused') isDropped = true
      else {
        sentenceIndex += 1
        speakSentence()
      }
    }
    next.onerror = (event) => {
      if (next !== utterance) return
      if (state.value === 'paused') {
        isDropped = true
        return
      }
      // Our own stop and resume let go of the utterance before they cancel: this came from elsewhere
      // (another page speaking interrupts) or from the voice itself, an error she should see.
      stop()
      hasFailed.value = event.error !== 'interrupted' && event.error !== 'canceled'
    }
    utterance = next
    isDropped = false
    state.value = 'speaking'
    synth!.speak(next)
  }

  /** Empties the queue; Chrome stays paused through cancel(), and then the next start would be silent. */
  function cancelSpeech(): void {
    synth!.cancel()
    if (synth!.paused) synth!.resume()
  }

  function stop(): void {
    utterance = undefined
    state.value = 'idle'
    highlight(undefined)
    if (isSupported) cancelSpeech()
  }

  function start(next: HTMLElement[]): void {
    if (!isSupported || !hasVoice.value) return
    stop()
    hasFailed.value = false
    blocks = next
    blockIndex = 0
    speakBlock()
  }

  function pause(): void {
    if (state.value !== 'speaking') return
    state.value = 'paused'
    synth!.pause()
  }

  function resume(): void {
    if (state.value !== 'paused') return
    if (synth!.paused && !isDropped) {
      state.value = 'speaking'
      synth!.resume()
      return
    }
    // The voice let go of the paused sentence, or never paused: read that sentence again.
    utterance = undefined
    cancelSpeech()
    speakSentence()
  }

  if (isSupported) {
    if (pickVoice() > 0) isLoadingVoices.value = false
    // Chrome fires voiceschanged also when it has none; other browsers may never fire it.
    else voicesTimer = setTimeout(() => (isLoadingVoices.value = false), VOICES_WAIT_MS)
    synth!.addEventListener?.('voiceschanged', onVoicesChanged)
  }
  onScopeDispose(() => {
    clearTimeout(voicesTimer)
    synth?.removeEventListener?.('voiceschanged', onVoicesChanged)
    if (state.value !== 'idle') stop()
  })

  return { isSupported, hasVoice, isLoadingVoices, hasFailed, state, start, pause, resume, stop }
}
