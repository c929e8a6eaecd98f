// How much space the app uses on this device, and whether the browser promised to keep it.
import { ref } from 'vue'

export function useStorageInfo() {
  const usageBytes = ref<number | null>(null)
  const quotaBytes = ref<number | null>(null)
  const isPersisted = ref<boolean | null>(null)
  const isSupported = typeof navigator !== 'undefined' && 'storage' in navigator

  async function refresh(): Promise<void> {
    if (!isSupported) return
    const estimate = await navigator.storage.estimate?.()
    usageBytes.value = estimate?.usage ?? null
    quotaBytes.value = estimate?.quota ?? null
    isPersisted.value = (await navigator.storage.persisted?.()) ?? null
  }

  async function askPersistence(): Promise<void> {
    if (!isSupported) return
    isPersisted.value = (await navigator.storage.persist?.()) ?? null
  }

  return { isSupported, usageBytes, quotaBytes, isPersisted, refresh, askPersistence }
}

/** Ask once the magazine is on the device: from then on, losing it would cost the user something. */
export async function requestPersistentStorage(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist) return false
    if (await navigator.storage.persisted()) return true
    return await navigator.storage.persist()
  } catch {
    return false
  }
}
