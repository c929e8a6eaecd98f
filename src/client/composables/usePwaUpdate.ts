// The service worker's update flow: a new version waits until the user chooses "Vernieuwen".
// Never an automatic reload: she may be typing.
import { ref } from 'vue'
import { useRegisterSW } from 'virtual:pwa-register/vue'

const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000

export function usePwaUpdate() {
  const isDismissed = ref(false)
  const { needRefresh, updateServiceWorker } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      if (!registration) return
      setInterval(() => {
        if (navigator.onLine) void registration.update().catch(() => {})
      }, UPDATE_CHECK_INTERVAL_MS)
    },
  })
  return {
    needRefresh: needRefresh,
    isDismissed,
    update: () => updateServiceWorker(true),
    dismiss: () => {
      needRefresh.value = false
    },
  }
}
