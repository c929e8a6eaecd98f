// Autosave: a pause saves shortly after, typing without a pause still saves at least every
// AUTOSAVE_MAX_WAIT_MS (keystroke to saved within the design's 500 ms), and hiding the page saves at once.
import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { AUTOSAVE_DELAY_MS, AUTOSAVE_MAX_WAIT_MS, useAutosave } from '../../../src/client/composables/useAutosave'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

/** A component that autosaves with `save` (default: records the time of each save). */
function harness(save?: () => Promise<void>) {
  const saves: number[] = []
  let autosave!: ReturnType<typeof useAutosave>
  const wrapper = mount(
    defineComponent({
      setup() {
        autosave = useAutosave(
          save ??
            (async () => {
              saves.push(Date.now())
            }),
        )
        return () => h('div')
      },
    }),
  )
  return { wrapper, saves, autosave: () => autosave }
}

describe('useAutosave', () => {
  it('saves once, shortly after she pauses', async () => {
    const { saves, autosave } = harness()
    const start = Date.now()
    autosave().changed()
    await vi.advanceTimersByTimeAsync(100)
    autosave().changed()
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS - 1)
    expect(saves).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(saves).toEqual([start + 100 + AUTOSAVE_DELAY_MS])
    expect(autosave().isDirty.value).toBe(false)
    expect(autosave().lastSavedAt.value).not.toBeNull()
  })

  it('keeps saving while she types without a pause: no keystroke waits longer than the maximum', async () => {
    const { saves, autosave } = harness()
    const keystrokes: number[] = []
    for (let i = 0; i < 40; i++) {
      autosave().changed()
      keystrokes.push(Date.now())
      await vi.advanceTimersByTimeAsync(120)
    }
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    for (const at of keystrokes) {
      const savedAt = saves.find((save) => save >= at)
      expect(savedAt! - at).toBeLessThanOrEqual(AUTOSAVE_MAX_WAIT_MS)
    }
    // Not one save per keystroke either.
    expect(saves.length).toBeLessThan(keystrokes.length / 2)
  })

  it('saves at once when the page is hidden or left, and when the editor goes away', async () => {
    const { wrapper, saves, autosave } = harness()
    autosave().changed()
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    await vi.advanceTimersByTimeAsync(0)
    expect(saves).toHaveLength(1)
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })

    autosave().changed()
    window.dispatchEvent(new Event('pagehide'))
    await vi.advanceTimersByTimeAsync(0)
    expect(saves).toHaveLength(2)

    autosave().changed()
    wrapper.unmount()
    await vi.advanceTimersByTimeAsync(0)
    expect(saves).toHaveLength(3)
  })

  it('keeps a failed save dirty and says so, and the next change tries again', async () => {
    let fail = true
    const autosave = harness(async () => {
      if (fail) throw Object.assign(new Error('full'), { name: 'QuotaExceededError' })
    }).autosave()
    autosave.changed()
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(autosave.isDirty.value).toBe(true)
    expect((autosave.error.value as Error).name).toBe('QuotaExceededError')
    fail = false
    autosave.changed()
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS)
    expect(autosave.isDirty.value).toBe(false)
    expect(autosave.error.value).toBeNull()
  })
})
