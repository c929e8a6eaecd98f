// The gentle signal at the end of a session step: a short two-note tone made with Web Audio (no audio
// file to download or cache) and a short buzz where the phone can vibrate. Both stay silent when she
// turned the signal off.
import { onScopeDispose, toValue, type MaybeRefOrGetter } from 'vue'

export interface UseStepSignalOptions {
  /** False when she turned the signal off in the session screen. */
  isEnabled?: MaybeRefOrGetter<boolean>
}

export interface UseStepSignalReturn {
  /** Whether this browser can play the tone. */
  isSupported: boolean
  /** Whether this device can vibrate. */
  canVibrate: boolean
  /** Prepares the sound; call it from a tap, because browsers only allow sound after one. */
  prime: () => void
  /** Sounds the signal (if enabled). */
  signal: () => void
}

type AudioContextClass = typeof AudioContext
const TONE_FREQUENCIES_HZ = [660, 880]
const NOTE_SECONDS = 0.18
const VIBRATION_PATTERN_MS = [120, 80, 120]

function audioContextClass(): AudioContextClass | undefined {
  if (typeof window === 'undefined') return undefined
  return window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextClass }).webkitAudioContext
}

export function useStepSignal(options: UseStepSignalOptions = {}): UseStepSignalReturn {
  const { isEnabled = true } = options
  const AudioContextImpl = audioContextClass()
  const isSupported = AudioContextImpl !== undefined
  const canVibrate = typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function'
  let context: AudioContext | undefined

  function prime(): void {
    if (!AudioContextImpl || !toValue(isEnabled)) return
    try {
      context ??= new AudioContextImpl()
      if (context.state === 'suspended') void context.resume().catch(() => undefined)
    } catch {
      context = undefined
    }
  }

  function playTone(audio: AudioContext): void {
    const start = audio.currentTime + 0.02
    TONE_FREQUENCIES_HZ.forEach((frequency, index) => {
      const at = start + index * NOTE_SECONDS
      const oscillator = audio.createOscillator()
      const gain = audio.createGain()
      oscillator.type = 'sine'
      oscillator.frequency.value = frequency
      // A soft attack and fade: a chime, not a beep.
      gain.gain.setValueAtTime(0.0001, at)
      gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_SECONDS)
      oscillator.connect(gain).connect(audio.destination)
      oscillator.start(at)
      oscillator.stop(at + NOTE_SECONDS + 0.02)
    })
  }

  function signal(): void {
    if (!toValue(isEnabled)) return
    prime()
    try {
      if (context) playTone(context)
    } catch {
      // No sound device (or it was taken away): the visible and spoken message still tells her.
    }
    if (canVibrate) navigator.vibrate(VIBRATION_PATTERN_MS)
  }

  onScopeDispose(() => {
    void context?.close().catch(() => undefined)
    context = undefined
  })

  return { isSupported, canVibrate, prime, signal }
}
