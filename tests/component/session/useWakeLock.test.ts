import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { useWakeLock } from '../../../src/client/composables/useWakeLock'

/** A Screen Wake Lock stand-in: the page being hidden releases every lock, as in browsers. */
function installWakeLock(options: { refuse?: boolean } = {}) {
  const locks: (EventTarget & { released: boolean; release: () => Promise<void> })[] = []
  const request = vi.fn(async (type: string) => {
    expect(type).toBe('screen')
    if (options.refuse) throw new DOMException('battery saver', 'NotAllowedError')
    const lock = Object.assign(new EventTarget(), {
      released: false,
      type: 'screen',
      release: vi.fn(async () => {
        lock.released = true
        lock.dispatchEvent(new Event('release'))
      }),
    })
    locks.push(lock)
    return lock
  })
  Object.defineProperty(navigator, 'wakeLock', { value: { request }, configurable: true })
  return { request, locks }
}

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}

afterEach(() => {
  delete (navigator as { wakeLock?: unknown }).wakeLock
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
})

describe('useWakeLock', () => {
  it('keeps the screen on, asks again when the page is visible again, and lets go when the scope ends', async () => {
    const { request, locks } = installWakeLock()
    const scope = effectScope()
    const wakeLock = scope.run(() => useWakeLock())!
    await flushPromises()
    expect(wakeLock.isSupported).toBe(true)
    expect(wakeLock.isActive.value).toBe(true)

    setVisibility('hidden')
    await locks[0]!.release()
    expect(wakeLock.isActive.value).toBe(false)
    setVisibility('visible')
    await flushPromises()
    expect(request).toHaveBeenCalledTimes(2)
    expect(wakeLock.isActive.value).toBe(true)

    scope.stop()
    await flushPromises()
    expect(locks[1]!.released).toBe(true)
    expect(wakeLock.isActive.value).toBe(false)
    setVisibility('visible')
    await flushPromises()
    expect(request).toHaveBeenCalledTimes(2)
  })

  it('says it failed when the browser refuses', async () => {
    installWakeLock({ refuse: true })
    const wakeLock = effectScope().run(() => useWakeLock())!
    await flushPromises()

    expect(wakeLock.isActive.value).toBe(false)
    expect(wakeLock.hasFailed.value).toBe(true)
  })

  it('knows when the browser has no wake lock', () => {
    const wakeLock = effectScope().run(() => useWakeLock())!

    expect(wakeLock.isSupported).toBe(false)
    expect(wakeLock.isActive.value).toBe(false)
  })
})
