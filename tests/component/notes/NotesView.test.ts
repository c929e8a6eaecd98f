// The notes list: newest first, filtered by what the address says, and the trash still works.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { userdata } from '../../../src/client/db/instances'
import { strFromU8, unzipSync } from 'fflate'
import { addPhoto } from '../../../src/client/db/photo-actions'
import { addLine, createNote, deleteNote } from '../../../src/client/db/user-actions'
import { pngBytes, sha256Hex } from '../../factories/photo-factory'
import { clearDatabases, renderRoute } from '../helpers/render-route'

beforeEach(async () => {
  await clearDatabases()
  for (const table of [userdata.notes, userdata.lines, userdata.photos, userdata.photoFiles, userdata.outbox]) await table.clear()
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

  it('downloads every note, with its lines and photos, as one ZIP made on the device', async () => {
    const id = await createNote(userdata, { title: 'Sessie loket', saw: 'Veel vragen.' }, 1000)
    await addLine(userdata, id, 'Start met 12 mensen')
    const bytes = pngBytes(3)
    const photo = await addPhoto(userdata, id, { blob: new Blob([new Uint8Array(bytes)], { type: 'image/png' }), hash: sha256Hex(bytes), mime: 'image/png', width: 1, height: 1 })
    const made: Blob[] = []
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      made.push(blob as Blob)
      return 'blob:archive'
    })
    const clicked: { href: string; download: string }[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download })
    })
    try {
      const { wrapper } = await renderRoute('/notities')
      await vi.waitFor(() => expect(wrapper.find('.notes-archive button').exists()).toBe(true))
      await wrapper.get('.notes-archive button').trigger('click')
      await vi.waitFor(() => expect(clicked).toHaveLength(1))
      expect(clicked[0]!.download).toMatch(/^slimmernetwerk-notities-\d{4}-\d{2}-\d{2}\.zip$/)
      const files = unzipSync(new Uint8Array(await made.at(-1)!.arrayBuffer()))
      expect(Object.keys(files)).toEqual(['notities/sessie-loket.md', `notities/fotos/${photo.id}.png`])
      expect(strFromU8(files['notities/sessie-loket.md']!)).toContain('Start met 12 mensen')
      await vi.waitFor(() => expect(wrapper.get('.notes-archive [role="status"]').text()).toContain(clicked[0]!.download))
    } finally {
      createObjectURL.mockRestore()
      click.mockRestore()
    }
  })
})
