// "Zet op beginscherm": Chromium offers an install prompt event; iOS needs the Share menu steps.
import { computed, ref } from 'vue'
import { STORAGE_KEYS } from '../constants'
import { deferredPrompt, isInstalled } from './install-prompt-state'

function isStandalone(): boolean {
  return window.matchMedia?.('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true
}

function readDismissed(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEYS.installDismissed) === '1'
  } catch {
    return false
  }
}

export function useInstallPrompt() {
  const isDismissed = ref(readDismissed())
  const isIos = /iphone|ipad|ipod/i.test(navigator.userAgent)
  const canPrompt = computed(() => deferredPrompt.value !== null)
  const shouldOffer = computed(
    () => !isDismissed.value && !isInstalled.value && !isStandalone() && (canPrompt.value || isIos),
  )

  async function install(): Promise<void> {
    const event = deferredPrompt.value
    if (!event) return
    await event.prompt()
    const { outcome } = await event.userChoice
    deferredPrompt.value = null
    if (outcome === 'accepted') isInstalled.value = true
  }

  function dismiss(): void {
    isDismissed.value = true
    try {
      localStorage.setItem(STORAGE_KEYS.installDismissed, '1')
    } catch {
      // Private mode: it stays dismissed for this visit only.
    }
  }

  return { shouldOffer, canPrompt, isIos, install, dismiss }
}
