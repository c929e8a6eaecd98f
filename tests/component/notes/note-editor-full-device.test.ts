// A full device while she types: the magazine (which can be downloaded again) leaves the device first,
// her note is saved after all, and she is told why the stories are gone (design §2).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { magcache, userdata } from '../../../src/client/db/instances'
import { toCard } from '../../../src/client/db/magcache'
import { makeVerhaal } from '../../factories/item-factory'
import { clearDatabases, renderEditor } from '../helpers/render-route'

/** IndexedDB refuses the next `times` writes to the notes store, as a full disk does. */
function fillTheDisk(times: number): void {
  const put = IDBObjectStore.prototype.put
  let left = times
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name === 'notes' && left > 0) {
      left--
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    }
    return put.apply(this, args)
  })
}

beforeEach(async () => {
  await clearDatabases()
  await userdata.notes.clear()
  await userdata.outbox.clear()
  const story = makeVerhaal({ slug: 'verhaal-een', title: 'Een verhaal' })
  await magcache.items.put(story)
  await magcache.cards.put(toCard(story))
})
afterEach(() => vi.restoreAllMocks())

describe('the note editor on a full device', () => {
  it('clears the magazine, saves the note after all and says so', async () => {
    const { wrapper, id } = await renderEditor('/notities/nieuw')
    fillTheDisk(1)

    await wrapper.get('input[name="title"]').setValue('Wat de balie zag')

    await vi.waitFor(async () => expect((await userdata.notes.get(id))?.fields.title).toBe('Wat de balie zag'))
    expect(await magcache.items.count()).toBe(0)
    expect(await magcache.cards.count()).toBe(0)
    await vi.waitFor(() => expect(wrapper.text()).toContain('Om je notitie te bewaren is het tijdschrift van dit apparaat gehaald'))
    expect(wrapper.get('.note-editor__saved').text()).toBe('Opgeslagen')

    // Read: she closes the message, and her note stays.
    await wrapper.get('.note-editor__alert button').trigger('click')
    expect(wrapper.text()).not.toContain('Om je notitie te bewaren')
    expect((wrapper.get('input[name="title"]').element as HTMLInputElement).value).toBe('Wat de balie zag')
  })

  it('still full after that: the text stays in the editor, she is told, and the panel offers help', async () => {
    const { wrapper, id } = await renderEditor('/notities/nieuw')
    fillTheDisk(2)

    await wrapper.get('input[name="title"]').setValue('Wat de balie zag')

    await vi.waitFor(() => expect(wrapper.get('.note-editor__saved').text()).toBe('Niet opgeslagen: je telefoon is vol. Wat je typt blijft staan tot het weer lukt.'))
    expect((wrapper.get('input[name="title"]').element as HTMLInputElement).value).toBe('Wat de balie zag')
    expect((await userdata.notes.get(id))?.fields.title).toBe('')
    expect(wrapper.find('.storage-full').exists()).toBe(true)
  })
})
