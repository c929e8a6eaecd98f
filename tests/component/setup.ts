// Runs before every component test file: IndexedDB in memory for the app's real databases, a Dutch
// browser, and a clean page (storage, <html> attributes, language) after each test.
import 'fake-indexeddb/auto'
import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach } from 'vitest'
import { setLocale } from '../../src/client/i18n'

// happy-dom reports en-US; the app's readers (and its default locale) are Dutch.
Object.defineProperty(window.navigator, 'language', { value: 'nl-NL', configurable: true })

// Unmounting removes the scroll and online listeners a view added to the shared window.
enableAutoUnmount(afterEach)

afterEach(async () => {
  localStorage.clear()
  delete document.documentElement.dataset.theme
  delete document.documentElement.dataset.textSize
  await setLocale('nl')
})
