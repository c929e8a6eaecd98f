import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { listenForInstallPrompt } from './composables/install-prompt-state'
import { setLocale } from './i18n'
import { createAppRouter } from './router'
import { useSettingsStore } from './stores/settings'
import './styles/main.css'

listenForInstallPrompt()

async function start(): Promise<void> {
  const app = createApp(App)
  app.use(createPinia())
  const settings = useSettingsStore()
  settings.apply()
  await setLocale(settings.locale)
  app.use(createAppRouter())
  app.mount('#app')
}

void start()
