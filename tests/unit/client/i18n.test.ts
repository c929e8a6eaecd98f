import { afterEach, describe, expect, it, onTestFinished } from 'vitest'
import en from '../../../src/client/i18n/en'
import enExtra from '../../../src/client/i18n/en-extra'
import { currentLocale, loadExtraMessages, type MessageKey, setLocale, t } from '../../../src/client/i18n'
import nl from '../../../src/client/i18n/nl'
import nlExtra from '../../../src/client/i18n/nl-extra'

/** Every message of a locale file by its dotted key. */
function leaves(tree: object, prefix = ''): Map<string, string> {
  const found = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') found.set(`${prefix}${key}`, value)
    else for (const [path, message] of leaves(value as object, `${prefix}${key}.`)) found.set(path, message)
  }
  return found
}

function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!))].sort()
}

const nlMessages = new Map([...leaves(nl), ...leaves(nlExtra)])
const enMessages = new Map([...leaves(en), ...leaves(enExtra)])

afterEach(async () => {
  await setLocale('nl')
})

describe('t', () => {
  it('loads the texts of on-demand views, in the chosen language', async () => {
    await loadExtraMessages()
    expect(t('settings.title')).toBe('Instellingen')
    await setLocale('en')
    expect(t('settings.title')).toBe('Settings')
  })

  it('fills in the parameters', () => {
    expect(t('download.saving', { done: 20, total: 40 })).toBe('Opslaan: 20 van 40 verhalen')
    expect(t('werkvorm.durationValue', { min: 30, max: 45 })).toBe('30 tot 45 minuten')
  })

  it('leaves a placeholder it got no value for visible instead of crashing', () => {
    expect(t('reader.by')).toBe('Door {authors}')
  })

  it('picks the singular or the plural form by n', () => {
    expect(t('reader.minutes', { n: 1 })).toBe('1 minuut lezen')
    expect(t('reader.minutes', { n: 3 })).toBe('3 minuten lezen')
    expect(t('werkvorm.stepMinutes', { n: 1 })).toBe('1 minuut')
    expect(t('werkvorm.stepMinutes', { n: 5 })).toBe('5 minuten')
  })

  it('speaks English once English is chosen', async () => {
    await setLocale('en')
    await loadExtraMessages()

    expect(currentLocale.value).toBe('en')
    expect(t('settings.title')).toBe('Settings')
    expect(t('settings.imagesFailed', { n: 1 })).toBe('1 image could not be saved.')
    expect(t('settings.imagesFailed', { n: 3 })).toBe('3 images could not be saved.')
  })

  it('falls back to Dutch for a message English does not have yet', async () => {
    const home = en.home as Record<string, string>
    const english = home.latest!
    // A translation that is not written yet: the same object setLocale loads.
    delete home.latest
    onTestFinished(() => {
      home.latest = english
    })

    await setLocale('en')

    expect(t('home.latest')).toBe('Nieuwste')
    expect(t('home.continue')).toBe('Continue reading')
  })

  it('shows the key itself for a message no locale has', () => {
    expect(t('home.doesNotExist' as MessageKey)).toBe('home.doesNotExist')
  })
})

describe('the locale files', () => {
  it('have the same keys in Dutch and English', () => {
    expect([...enMessages.keys()].sort()).toEqual([...nlMessages.keys()].sort())
  })

  it('use the same placeholders and plural forms in both languages', () => {
    for (const [key, dutch] of nlMessages) {
      const english = enMessages.get(key) ?? ''
      expect({ key, placeholders: placeholders(english) }).toEqual({ key, placeholders: placeholders(dutch) })
      expect({ key, isPlural: english.includes(' | ') }).toEqual({ key, isPlural: dutch.includes(' | ') })
    }
  })
})
