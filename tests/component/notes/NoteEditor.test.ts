// The note editor saves what she types: every field of the learning card, the decision, the linked
// werkvormen and tags, and nothing is lost when the editor goes away right after a keystroke.
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { putNoteDraft, readNoteDrafts } from '../../../src/client/composables/useNoteDrafts'
import { userdata } from '../../../src/client/db/instances'
import { toCard } from '../../../src/client/db/magcache'
import { useMagazineStore } from '../../../src/client/stores/magazine'
import type { NoteFields } from '../../../src/shared/sync/note'
import { makeWerkvorm } from '../../factories/item-factory'
import { makeNoteFields } from '../../factories/note-factory'
import { clearDatabases, renderEditor, renderRoute } from '../helpers/render-route'

beforeEach(async () => {
  await clearDatabases()
  await userdata.notes.clear()
  await userdata.lines.clear()
  await userdata.outbox.clear()
})

async function storedFields(id: string): Promise<NoteFields | undefined> {
  return (await userdata.notes.get(id))?.fields
}

describe('NoteEditorView', () => {
  it('[N9] Enter in the quick log adds a line stamped with the time, clears the input and keeps the focus there', async () => {
    const { wrapper, id } = await renderEditor('/notities/nieuw')
    const input = wrapper.get('input[name="quickLine"]')
    expect(wrapper.get(`label[for="${input.attributes('id')}"]`).text()).toBe('Snelle regel')

    await input.setValue('Start met 12 mensen')
    ;(input.element as HTMLInputElement).focus()
    await input.trigger('keydown', { key: 'Enter' })

    await vi.waitFor(async () => expect(await userdata.lines.where('noteId').equals(id).count()).toBe(1))
    const [line] = await userdata.lines.where('noteId').equals(id).toArray()
    expect(line).toMatchObject({ noteId: id, text: 'Start met 12 mensen' })
    expect(await userdata.outbox.where('key').equals(`line:${id}:${line!.id}`).first()).toMatchObject({ name: 'note.addLine', args: { noteId: id, id: line!.id, text: 'Start met 12 mensen' } })
    await flushPromises()
    expect((input.element as HTMLInputElement).value).toBe('')
    expect(document.activeElement).toBe(input.element)

    const item = wrapper.get('ol.note-log__lines > li')
    const time = item.get('time')
    expect(time.attributes('datetime')).toBe(new Date(line!.at).toISOString())
    expect(time.text()).toMatch(/^\d{2}:\d{2}$/)
    expect(time.text()).toBe(new Intl.DateTimeFormat('nl-NL', { hour: '2-digit', minute: '2-digit' }).format(new Date(line!.at)))
    expect(item.text()).toContain('Start met 12 mensen')
  })

  it('[N9] the "Toevoegen" button adds a line too; lines show oldest first, and a blank line adds nothing', async () => {
    const { wrapper, id } = await renderEditor('/notities/nieuw')
    const input = wrapper.get('input[name="quickLine"]')
    const button = wrapper.findAll('button').find((candidate) => candidate.text() === 'Toevoegen')!

    await input.setValue('Eerste')
    await button.trigger('click')
    await vi.waitFor(() => expect(wrapper.findAll('ol.note-log__lines > li')).toHaveLength(1))
    await input.setValue('   ')
    await button.trigger('click')
    await input.setValue('Tweede')
    await input.trigger('keydown', { key: 'Enter' })

    await vi.waitFor(() => expect(wrapper.findAll('ol.note-log__lines > li').map((li) => li.get('.note-log__text').text())).toEqual(['Eerste', 'Tweede']))
    expect(await userdata.lines.where('noteId').equals(id).count()).toBe(2)
  })

  it('keeps every learning-card field in the database when the editor closes right after typing', async () => {
    const { wrapper, id } = await renderEditor('/notities/nieuw')

    await wrapper.get('input[name="title"]').setValue('Sessie in de bibliotheek')
    await wrapper.get('input[name="doetank"]').setValue('Heldere brieven')
    await wrapper.get('textarea[name="question"]').setValue('Lezen bewoners de brief beter met een samenvatting?')
    await wrapper.get('textarea[name="did"]').setValue('Twee brieven naast elkaar gelegd.')
    await wrapper.get('textarea[name="saw"]').setValue('Acht van de tien kozen de korte brief.')
    await wrapper.get('textarea[name="lessGood"]').setValue('Te weinig tijd.')
    await wrapper.get('textarea[name="nextStep"]').setValue('Testen met twintig bewoners.')
    await wrapper.get('textarea[name="body"]').setValue('Koffie was op.')
    wrapper.unmount()

    // Sooner than the autosave delay: only the save on leaving can have written it.
    await vi.waitFor(async () => expect(await storedFields(id)).toMatchObject({
      title: 'Sessie in de bibliotheek',
      doetank: 'Heldere brieven',
      question: 'Lezen bewoners de brief beter met een samenvatting?',
      did: 'Twee brieven naast elkaar gelegd.',
      saw: 'Acht van de tien kozen de korte brief.',
      lessGood: 'Te weinig tijd.',
      nextStep: 'Testen met twintig bewoners.',
      body: 'Koffie was op.',
    }), { timeout: 120, interval: 5 })
  })

  it('saves the chosen decision and a linked werkvorm, and shows it as a removable chip', async () => {
    const { wrapper, id } = await renderEditor('/notities/nieuw')
    useMagazineStore().cards = [toCard(makeWerkvorm({ slug: 'werkvorm-pre-mortem', title: 'Pre-mortem' })), toCard(makeWerkvorm({ slug: 'werkvorm-retro', title: 'De lerende terugblik' }))]
    await flushPromises()

    await wrapper.get('input[name="decision"][value="bijsturen"]').setValue(true)
    await wrapper.get('input[name="werkvormen"][value="werkvorm-pre-mortem"]').setValue(true)

    await vi.waitFor(async () => expect(await storedFields(id)).toMatchObject({ decision: 'bijsturen', werkvormen: ['werkvorm-pre-mortem'] }))
    const chip = wrapper.get('.note-chip')
    expect(chip.text()).toContain('Pre-mortem')

    await chip.get('button').trigger('click')
    await vi.waitFor(async () => expect((await storedFields(id))?.werkvormen).toEqual([]))
  })

  it('finds a werkvorm by a word of its title, without caring about accents', async () => {
    const { wrapper } = await renderEditor('/notities/nieuw')
    useMagazineStore().cards = [toCard(makeWerkvorm({ slug: 'werkvorm-ideeen', title: 'Ideeën ophalen' })), toCard(makeWerkvorm({ slug: 'werkvorm-retro', title: 'De lerende terugblik' }))]
    await flushPromises()

    await wrapper.get('input[name="werkvorm-filter"]').setValue('IDEEEN')

    expect(wrapper.findAll('input[name="werkvormen"]').map((box) => box.attributes('value'))).toEqual(['werkvorm-ideeen'])
  })

  it('turns words typed with a comma or Enter into tags, and saves them', async () => {
    const { wrapper, id } = await renderEditor('/notities/nieuw')
    const input = wrapper.get('input[name="tags"]')

    await input.setValue('brieven, bewoners,')
    await input.setValue('pilot')
    await input.trigger('keydown', { key: 'Enter' })

    expect(wrapper.findAll('.note-chip > span:first-child').map((chip) => chip.text())).toEqual(['brieven', 'bewoners', 'pilot'])
    await vi.waitFor(async () => expect((await storedFields(id))?.tags).toEqual(['brieven', 'bewoners', 'pilot']))
  })

  it('makes a note linked to the werkvorm of ?werkvorm=, with the title of ?titel=, and puts the cursor in the title', async () => {
    const { wrapper, router, id } = await renderEditor('/notities/nieuw?werkvorm=werkvorm-pre-mortem&titel=Pre-mortem%20met%20het%20team')

    expect(router.currentRoute.value.path).toBe(`/notities/${id}`)
    expect(id).not.toBe('nieuw')
    expect(await storedFields(id)).toMatchObject({ werkvormen: ['werkvorm-pre-mortem'], title: 'Pre-mortem met het team' })
    const title = wrapper.get<HTMLInputElement>('input[name="title"]')
    expect(title.element.value).toBe('Pre-mortem met het team')
    expect(document.activeElement).toBe(title.element)
  })

  it('does not move the cursor when an existing note is opened', async () => {
    const first = await renderEditor('/notities/nieuw')
    first.wrapper.unmount()

    const { wrapper } = await renderEditor(`/notities/${first.id}`)

    expect(document.activeElement).not.toBe(wrapper.get('input[name="title"]').element)
  })

  it('keeps unsaved words in a draft when the page hides, and drops the draft once they are saved', async () => {
    const { wrapper, id } = await renderEditor('/notities/nieuw')

    await wrapper.get('textarea[name="saw"]').setValue('Laatste woorden')
    window.dispatchEvent(new Event('pagehide'))

    expect(readNoteDrafts()[id]?.fields.saw).toBe('Laatste woorden')
    await vi.waitFor(async () => expect((await storedFields(id))?.saw).toBe('Laatste woorden'))
    await vi.waitFor(() => expect(readNoteDrafts()[id]).toBeUndefined())
  })

  it('saves the draft a closed page left when the note opens again', async () => {
    const first = await renderEditor('/notities/nieuw')
    await first.wrapper.get('input[name="title"]').setValue('Brieven')
    first.wrapper.unmount()
    await vi.waitFor(async () => expect((await storedFields(first.id))?.title).toBe('Brieven'))
    putNoteDraft(first.id, makeNoteFields({ title: 'Brieven', nextStep: 'Telefoonlijn testen' }), Date.now() + 1000)

    const { wrapper } = await renderEditor(`/notities/${first.id}`)

    expect(wrapper.get<HTMLTextAreaElement>('textarea[name="nextStep"]').element.value).toBe('Telefoonlijn testen')
    expect((await storedFields(first.id))?.nextStep).toBe('Telefoonlijn testen')
    expect(readNoteDrafts()).toEqual({})
  })

  it('says so when the browser refuses to read the note, instead of "Laden…" for ever, and opens it when she tries again', async () => {
    const first = await renderEditor('/notities/nieuw')
    await first.wrapper.get('input[name="title"]').setValue('Brieven')
    first.wrapper.unmount()
    await vi.waitFor(async () => expect((await storedFields(first.id))?.title).toBe('Brieven'))
    const refused = vi.spyOn(userdata.notes, 'get').mockRejectedValueOnce(new DOMException('The database connection is closing.', 'InvalidStateError'))

    const { wrapper } = await renderRoute(`/notities/${first.id}`)

    const alert = wrapper.get('[role="alert"]')
    expect(alert.get('h1').text()).toBe('Deze notitie kan nu niet open')
    expect(wrapper.text()).not.toContain('Laden')
    expect(wrapper.text()).not.toContain('bestaat niet')
    expect(wrapper.find('input[name="title"]').exists()).toBe(false)
    refused.mockRestore()
    await alert.get('button').trigger('click')
    await vi.waitFor(() => expect(wrapper.find<HTMLInputElement>('input[name="title"]').element?.value).toBe('Brieven'))
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
  })
})
