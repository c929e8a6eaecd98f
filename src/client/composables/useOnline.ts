// Whether the browser thinks it has a network. "Online" may still mean the server is unreachable.
import { onScopeDispose, ref } from 'vue'

export function useOnline() {
  const isOnline = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const update = () => {
    isOnline.value = navigator.onLine
  }
  window.addEventListener('online', update)
  window.addEventListener('offline', update)
  onScopeDispose(() => {
    window.removeEventListener('online', update)
    window.removeEventListener('offline', update)
  })
  return { isOnline }
}
