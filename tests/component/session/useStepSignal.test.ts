import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, ref } from 'vue'
import { useStepSignal } from '../../../src/client/composables/useStepSignal'

/** A stand-in for Web Audio that records the tones it is asked to play. */
class FakeAudioContext {
  static created: FakeAudioContext[] = []
  state = 'suspended'
  currentTime = 0
  destination = {}
  oscillators: { frequency: { value: number }; start: ReturnType<typeof vi.fn>; stop: ReturnType<typeof vi.fn> }[] = []
  resume = vi.fn(async () => void (this.state = 'running'))
  close = vi.fn(async () => void (this.state = 'closed'))
  constructor() {
    FakeAudioContext.created.push(this)
  }
  createOscillator() {
    const oscillator = { type: '', frequency: { value: 0 }, connect: (node: unknown) => node, start: vi.fn(), stop: vi.fn() }
    this.oscillators.push(oscillator)
    return oscillator
  }
  createGain() {
    const param = { setValueAtTime: vi.fn(), exponentialRampToValueAtTime: vi.fn() }
    return { gain: param, connect: (node: unknown) => node }
  }
}

const vibrate = vi.fn(() => true)
beforeEach(() => {
  FakeAudioContext.created = []
  vi.stubGlobal('AudioContext', FakeAudioContext)
  Object.defineProperty(navigator, 'vibrate', { value: vibrate, configurable: true })
  vibrate.mockClear()
})
afterEach(() => {
  vi.unstubAllGlobals()
  delete (navigator as { vibrate?: unknown }).vibrate
})

function run<T>(fn: () => T) {
  const scope = effectScope()
  const result = scope.run(fn)!
  return { result, stop: () => scope.stop() }
}

describe('useStepSignal', () => {
  it('plays a short tone with an oscillator and vibrates', () => {
    const { result, stop } = run(() => useStepSignal())
    expect(result.isSupported).toBe(true)
    expect(result.canVibrate).toBe(true)

    result.prime()
    result.signal()

    const [context] = FakeAudioContext.created
    expect(FakeAudioContext.created).toHaveLength(1)
    expect(context!.resume).toHaveBeenCalled()
    expect(context!.oscillators.length).toBeGreaterThan(0)
    for (const oscillator of context!.oscillators) {
      expect(oscillator.start).toHaveBeenCalledOnce()
      expect(oscillator.stop).toHaveBeenCalledOnce()
    }
    expect(vibrate).toHaveBeenCalledOnce()
    stop()
    expect(context!.close).toHaveBeenCalledOnce()
  })

  it('stays silent and still when the signal is turned off', () => {
    const isEnabled = ref(false)
    const { result } = run(() => useStepSignal({ isEnabled }))

    result.prime()
    result.signal()
    expect(FakeAudioContext.created).toHaveLength(0)
    expect(vibrate).not.toHaveBeenCalled()

    isEnabled.value = true
    result.signal()
    expect(FakeAudioContext.created[0]!.oscillators.length).toBeGreaterThan(0)
    expect(vibrate).toHaveBeenCalledOnce()
  })

  it('still vibrates where there is no Web Audio, and does nothing where neither exists', () => {
    vi.stubGlobal('AudioContext', undefined)
    const { result } = run(() => useStepSignal())
    expect(result.isSupported).toBe(false)

    expect(() => result.signal()).not.toThrow()
    expect(vibrate).toHaveBeenCalledOnce()

    delete (navigator as { vibrate?: unknown }).vibrate
    const silent = run(() => useStepSignal()).result
    expect(silent.canVibrate).toBe(false)
    expect(() => silent.signal()).not.toThrow()
  })
})
