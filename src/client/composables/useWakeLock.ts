// Keeps the screen on (Screen Wake Lock API) while a view needs it. The browser drops the lock whenever
// the page is hidden, so it is asked for again when the page is visible; it is let go on leaving.
import { onScopeDispose, shallowRef, type ShallowRef } from 'vue'

export interface UseWakeLockReturn {
  /** Whether this browser can keep the screen on. */
  isSupported: boolean
  /** Whether the screen is kept on right now. */
  isActive: ShallowRef<boolean>
  /** The browser refused (battery saver, a policy…): the screen may go off after all. */
  hasFailed: ShallowRef<boolean>
  request: () => Promise<void>
  release: () => Promise<void>
}

export interface UseWakeLockOptions {
  /** Ask for the lock straight away (and again each time the page is visible). Default true. */
  immediate?: boolean
}

export function useWakeLock(options: UseWakeLockOptions = {}): UseWakeLockReturn {
  const { immediate = true } = options
  const isSupported = typeof navigator !== 'undefined' && 'wakeLock' in navigator && navigator.wakeLock !== undefined
  const isActive = shallowRef(false)
  const hasFailed = shallowRef(false)
  let sentinel: WakeLockSentinel | undefined
  let isWanted = false

  async function request(): Promise<void> {
    isWanted = true
    if (!isSupported || document.visibilityState !== 'visible' || (sentinel && !sentinel.released)) return
    try {
      const lock = await navigator.wakeLock.request('screen')
      // She may have left while the browser answered.
      if (!isWanted) {
        void lock.release()
        return
      }
      sentinel = lock
      isActive.value = true
      hasFailed.value = false
      lock.addEventListener('release', () => {
        if (sentinel === lock) isActive.value = false
      })
    } catch {
      hasFailed.value = true
      isActive.value = false
    }
  }

  async function release(): Promise<void> {
    isWanted = false
    const lock = sentinel
    sentinel = undefined
    isActive.value = false
    if (lock && !lock.released) await lock.release().catch(() => undefined)
  }

  const onVisibilityChange = () => {
    if (isWanted && document.visibilityState === 'visible') void request()
  }
  if (isSupported) document.addEventListener('visibilitychange', onVisibilityChange)
  if (immediate) void request()

  onScopeDispose(() => {
    if (isSupported) document.removeEventListener('visibilitychange', onVisibilityChange)
    void release()
  })

  return { isSupported, isActive, hasFailed, request, release }
}
