// Runs before every component test file: IndexedDB in memory for the app's real databases, a Dutch
// browser, and a clean page (storage, <html> attributes, language) after each test.
import 'fake-indexeddb/auto'
import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, beforeAll } from 'vitest'
import { loadExtraMessages, setLocale } from '../../src/client/i18n'

// happy-dom reports en-US; the app's readers (and its default locale) are Dutch.
Object.defineProperty(window.navigator, 'language', { value: 'nl-NL', configurable: true })

// Components mounted on their own (not through a route) still need the texts their route would load.
beforeAll(() => loadExtraMessages())

// Unmounting removes the scroll and online listeners a view added to the shared window.
enableAutoUnmount(afterEach)

afterEach(async () => {
  localStorage.clear()
  delete document.documentElement.dataset.theme
  delete document.documentElement.dataset.textSize
  await setLocale('nl')
})
