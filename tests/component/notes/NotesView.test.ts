// The notes list: newest first, filtered by what the address says, and the trash still works.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { userdata } from '../../../src/client/db/instances'
import { createNote, deleteNote } from '../../../src/client/db/user-actions'
import { clearDatabases, renderRoute } from '../helpers/render-route'

beforeEach(async () => {
  await clearDatabases()
  await userdata.notes.clear()
  await userdata.outbox.clear()
})

function listedTitles(wrapper: Awaited<ReturnType<typeof renderRoute>>['wrapper']): string[] {
  return wrapper.findAll('.item-card__title').map((title) => title.text())
}

describe('NotesView', () => {
  it('shows the notes the filters in the address match, newest first, and keeps a new filter in the address', async () => {
    await createNote(userdata, { title: 'Brieven oud', doetank: 'Heldere brieven' }, 1000)
    await createNote(userdata, { title: 'Loket', doetank: 'Buurtloket', saw: 'Eén formulier' }, 2000)
    await createNote(userdata, { title: 'Brieven nieuw', doetank: 'Heldere brieven' }, 3000)

    const { wrapper, router } = await renderRoute('/notities?doetank=Heldere%20brieven')

    await vi.waitFor(() => expect(listedTitles(wrapper)).toEqual(['Brieven nieuw', 'Brieven oud']))
    expect(wrapper.get<HTMLSelectElement>('select[name="doetank"]').element.value).toBe('Heldere brieven')

    await wrapper.get('button.button--small').trigger('click')
    await wrapper.get('input[name="zoek"]').setValue('EEN formulier')
    await vi.waitFor(() => expect(router.currentRoute.value.query).toEqual({ zoek: 'EEN formulier' }))
    await vi.waitFor(() => expect(listedTitles(wrapper)).toEqual(['Loket']))
    expect(wrapper.get('[role="status"]').text()).toBe('1 notitie gevonden')
  })

  it('puts a note from the trash back', async () => {
    const id = await createNote(userdata, { title: 'Weggegooid' })
    await deleteNote(userdata, id)

    const { wrapper } = await renderRoute('/notities')

    await vi.waitFor(() => expect(wrapper.find('.trash-item').exists()).toBe(true))
    await wrapper.get('.trash-item button').trigger('click')
    await vi.waitFor(() => expect(listedTitles(wrapper)).toEqual(['Weggegooid']))
  })
})
