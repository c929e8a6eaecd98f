// The install prompt event, caught at start-up (it can fire before any component exists); the prompt
// itself (useInstallPrompt) loads later.
import { ref } from 'vue'

export interface BeforeInstallPromptEvent extends Event {
  prompt: () => Promise<void>
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>
}

export const deferredPrompt = ref<BeforeInstallPromptEvent | null>(null)
export const isInstalled = ref(false)

/** Call once at start-up: the event can fire before any component exists. */
export function listenForInstallPrompt(): void {
  window.addEventListener('beforeinstallprompt', (event) => {
    event.preventDefault()
    deferredPrompt.value = event as BeforeInstallPromptEvent
  })
  window.addEventListener('appinstalled', () => {
    deferredPrompt.value = null
    isInstalled.value = true
  })
}

