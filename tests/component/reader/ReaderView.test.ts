import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { magcache } from '../../../src/client/db/instances'
import { applyContentDelta } from '../../../src/client/db/magazine-db'
import { toCard } from '../../../src/client/db/magcache'
import { useMagazineStore } from '../../../src/client/stores/magazine'
import { readerPath } from '../../../src/shared/content/routes'
import { makeAnalyse, makeDelta, makeVerhaal, makeWerkvorm } from '../../factories/item-factory'
import { installSpeech, makeVoice } from '../helpers/fake-speech'
import { clearDatabases, renderRoute } from '../helpers/render-route'

beforeEach(clearDatabases)
afterEach(() => vi.unstubAllGlobals())

describe('ReaderView', () => {
  it('shows a verhaal: title, summary, reading time, themes and the body', async () => {
    const verhaal = makeVerhaal({
      slug: 'verhaal-buurtloket',
      title: 'Het buurtloket in de bibliotheek',
      summary: 'Hoe een gemeente haar loket naar de bibliotheek bracht.',
      readingMinutes: 6,
      themes: ['burgers', 'samenwerken'],
      html: '<p>Een <strong>Doetank</strong> probeerde iets nieuws.</p><h2>Wat gebeurde er?</h2>',
    })
    await applyContentDelta(magcache, makeDelta([verhaal], { full: true }))

    const { wrapper } = await renderRoute(readerPath(verhaal.slug))

    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Het buurtloket in de bibliotheek'))
    expect(wrapper.get('.item-header__summary').text()).toBe('Hoe een gemeente haar loket naar de bibliotheek bracht.')
    // Each part of the line apart, a space either side of the dot: "2 maart 2026 · Door …".
    expect(wrapper.get('.item-header__meta').text()).toMatch(/^6 minuten lezen · 2 maart 2026 · Door Redactie Slimmernetwerk$/)
    expect(wrapper.findAll('ul.themes li').map((li) => li.text())).toEqual(['burgers', 'samenwerken'])
    expect(wrapper.get('.prose').element.innerHTML).toBe('<p>Een <strong>Doetank</strong> probeerde iets nieuws.</p><h2>Wat gebeurde er?</h2>')
    expect(document.title).toBe('Het buurtloket in de bibliotheek · Slimmernetwerk')
  })

  it('shows the steps of a werkvorm and the outcome of an analyse', async () => {
    const werkvorm = makeWerkvorm({ goal: 'testen' })
    const analyse = makeAnalyse({ outcome: 'minder goed', lessons: ['Begin kleiner.'] })
    await applyContentDelta(magcache, makeDelta([werkvorm, analyse], { full: true }))

    const werkvormPage = (await renderRoute(readerPath(werkvorm.slug))).wrapper
    await vi.waitFor(() => expect(werkvormPage.find('.werkvorm-card').exists()).toBe(true))
    expect(werkvormPage.get('.werkvorm-card').text()).toContain('Testen')
    expect(werkvormPage.find('.analyse-outcome').exists()).toBe(false)

    const analysePage = (await renderRoute(readerPath(analyse.slug))).wrapper
    await vi.waitFor(() => expect(analysePage.find('.analyse-outcome').exists()).toBe(true))
    expect(analysePage.get('.analyse-outcome').text()).toContain('Minder goed gegaan')
    expect(analysePage.find('.werkvorm-card').exists()).toBe(false)
  })

  it('reads the body aloud from the button under the header, and stops when she opens another story', async () => {
    const speech = installSpeech({ voices: [makeVoice('nl-NL')] })
    const verhaal = makeVerhaal({ slug: 'verhaal-voorlezen', html: '<p>Eerste alinea.</p><p>Tweede alinea.</p>' })
    const other = makeVerhaal({ slug: 'verhaal-ander', title: 'Een ander verhaal' })
    await applyContentDelta(magcache, makeDelta([verhaal, other], { full: true }))

    const { wrapper, router } = await renderRoute(readerPath(verhaal.slug))
    await vi.waitFor(() => expect(wrapper.find('.read-aloud button').exists()).toBe(true))
    const readAloud = wrapper.get('.read-aloud')
    expect(readAloud.element.previousElementSibling?.tagName).toBe('HEADER')
    expect(readAloud.element.compareDocumentPosition(wrapper.get('.prose').element) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()

    await readAloud.get('button').trigger('click')
    expect(speech.spoken.map((utterance) => utterance.text)).toEqual(['Eerste alinea.'])
    expect(wrapper.get('.prose .is-read-aloud').text()).toBe('Eerste alinea.')

    await router.push(readerPath(other.slug))
    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Een ander verhaal'))
    expect(speech.synth.cancel).toHaveBeenCalled()
    expect(wrapper.get('.read-aloud button').text()).toBe('Voorlezen')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(speech.spoken).toHaveLength(1)
  })

  it('says "Niet gevonden", with a way home, for a story that is not in the magazine', async () => {
    await applyContentDelta(magcache, makeDelta([makeVerhaal()], { full: true }))

    const { wrapper } = await renderRoute(readerPath('bestaat-niet'))

    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Niet gevonden'))
    expect(wrapper.text()).toContain('Dit verhaal staat niet (meer) in het magazine.')
    const home = wrapper.findAll('a').find((link) => link.text() === 'Naar de startpagina')
    expect(home?.attributes('href')).toBe('/')
  })

  it('no longer counts a story as "nieuw" once it is opened', async () => {
    await applyContentDelta(magcache, makeDelta([makeVerhaal()], { cursor: '1', full: true }))
    const opened = makeVerhaal({ slug: 'verhaal-nieuw' })
    const notOpened = makeVerhaal({ slug: 'verhaal-ook-nieuw' })
    await applyContentDelta(magcache, makeDelta([opened, notOpened], { cursor: '2' }), { markNew: true })
    expect(await magcache.fresh.count()).toBe(2)

    const { wrapper } = await renderRoute(readerPath(opened.slug))
    await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe(opened.title))

    await vi.waitFor(async () => expect(await magcache.fresh.get(opened.slug)).toBeUndefined())
    await flushPromises()
    expect((await magcache.fresh.toArray()).map((row) => row.slug)).toEqual([notOpened.slug])
  })

  describe('on a first visit, when the card is there before the body', () => {
    const verhaal = makeVerhaal({
      slug: 'verhaal-onderweg',
      title: 'Een verhaal dat nog onderweg is',
      summary: 'De kaart is er al, de tekst nog niet.',
      html: '<p>De tekst is er nu ook.</p>',
    })

    async function renderWithCardOnly(isSyncing: boolean) {
      const rendered = await renderRoute(readerPath(verhaal.slug))
      const magazine = useMagazineStore()
      magazine.isSyncing = isSyncing
      magazine.isLoaded = true
      magazine.cards = [toCard(verhaal)]
      await flushPromises()
      return { ...rendered, magazine }
    }

    it('shows the title and summary, says the story is still being fetched, and fills in the body when it lands', async () => {
      const { wrapper, magazine } = await renderWithCardOnly(true)

      await vi.waitFor(() => expect(wrapper.find('h1').text()).toBe('Een verhaal dat nog onderweg is'))
      expect(wrapper.get('.item-header__summary').text()).toBe('De kaart is er al, de tekst nog niet.')
      expect(wrapper.get('[role="status"]').text()).toBe('Dit verhaal wordt nog opgehaald…')
      expect(wrapper.find('.prose').exists()).toBe(false)

      // The whole magazine is stored: the cursor moves, and the reader reads the item again.
      await applyContentDelta(magcache, makeDelta([verhaal], { cursor: '1', full: true }))
      magazine.cursor = '1'
      magazine.isSyncing = false

      await vi.waitFor(() => expect(wrapper.find('.prose').exists()).toBe(true))
      expect(wrapper.get('.prose').element.innerHTML).toBe('<p>De tekst is er nu ook.</p>')
      expect(wrapper.find('[role="status"]').exists()).toBe(false)
    })

    it('says the story could not be downloaded yet (not "niet gevonden") when the download stopped', async () => {
      const { wrapper } = await renderWithCardOnly(false)

      await vi.waitFor(() => expect(wrapper.get('[role="status"]').text()).toContain('Dit verhaal kon nog niet worden gedownload.'))
      expect(wrapper.find('h1').text()).toBe('Een verhaal dat nog onderweg is')
      expect(wrapper.text()).not.toContain('Niet gevonden')
      expect(wrapper.findAll('button').some((button) => button.text() === 'Probeer opnieuw')).toBe(true)
    })
  })
})
