// The photos in the note editor ([A1]–[A5]): a stored photo shows at once with its description, the
// description is saved as she types, removing asks first, and a file that is no photo says so.
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { userdata } from '../../../src/client/db/instances'
import { addPhoto, readPhotoFile, readPhotos } from '../../../src/client/db/photo-actions'
import { pngBytes, sha256Hex } from '../../factories/photo-factory'
import { clearDatabases, renderEditor } from '../helpers/render-route'

beforeEach(async () => {
  await clearDatabases()
  for (const table of [userdata.notes, userdata.lines, userdata.photos, userdata.photoFiles, userdata.outbox]) await table.clear()
})

async function storedPhoto(noteId: string) {
  const bytes = pngBytes(1)
  return addPhoto(userdata, noteId, { blob: new Blob([new Uint8Array(bytes)], { type: 'image/png' }), hash: sha256Hex(bytes), mime: 'image/png', width: 1600, height: 1200 })
}

function pick(input: HTMLInputElement, files: File[]): void {
  Object.defineProperty(input, 'files', { value: files, configurable: true })
  input.dispatchEvent(new Event('change'))
}

describe('photos in the note editor', () => {
  it('[A1] shows a stored photo at once, from this device, with a label for its description', async () => {
    const { wrapper, id } = await renderEditor('/notities/nieuw')
    const photo = await storedPhoto(id)
    await vi.waitFor(() => expect(wrapper.find('img.note-photo__image').exists()).toBe(true))
    const img = wrapper.get('img.note-photo__image')
    expect(img.attributes('src')).toMatch(/^blob:/)
    expect(img.attributes('alt')).toBe('Foto 1 bij deze notitie')
    expect([img.attributes('width'), img.attributes('height')]).toEqual(['1600', '1200'])
    const alt = wrapper.get('input[name="photoAlt"]')
    expect(wrapper.get(`label[for="${alt.attributes('id')}"]`).text()).toBe('Wat staat er op de foto?')
    expect(photo.noteId).toBe(id)
    // No account: nothing is sent, so nothing "waits".
    expect(wrapper.text()).not.toContain('Wacht op verzenden')
  })

  it('[A4] saves the description shortly after typing, and at once when she leaves the field', async () => {
    const { wrapper, id } = await renderEditor('/notities/nieuw')
    const photo = await storedPhoto(id)
    await vi.waitFor(() => expect(wrapper.find('input[name="photoAlt"]').exists()).toBe(true))
    const alt = wrapper.get('input[name="photoAlt"]')
    await alt.trigger('focus')
    await alt.setValue('Flip-over met drie vragen')
    await alt.trigger('blur')
    await vi.waitFor(async () => expect((await userdata.photos.get(photo.id))?.alt).toBe('Flip-over met drie vragen'))
    expect(await userdata.outbox.where('key').equals(`photo:${id}:${photo.id}`).last()).toMatchObject({ name: 'note.setPhotoAlt', args: { id: photo.id, alt: 'Flip-over met drie vragen' } })
    await vi.waitFor(() => expect(wrapper.get('img.note-photo__image').attributes('alt')).toBe('Flip-over met drie vragen'))

    // Typing, then the editor goes away before the delay: still saved.
    await alt.setValue('Flip-over met drie vragen en een briefje')
    wrapper.unmount()
    await vi.waitFor(async () => expect((await userdata.photos.get(photo.id))?.alt).toBe('Flip-over met drie vragen en een briefje'))
  })

  it('[A5] asks before removing a photo, then removes it with its bytes', async () => {
    const { wrapper, id } = await renderEditor('/notities/nieuw')
    const photo = await storedPhoto(id)
    await vi.waitFor(() => expect(wrapper.find('.note-photo').exists()).toBe(true))
    const removeButton = () => wrapper.findAll('.note-photo button').find((button) => button.text() === 'Foto verwijderen')
    await removeButton()!.trigger('click')
    expect(wrapper.text()).toContain('Foto echt verwijderen?')
    await wrapper.findAll('.note-photo button').find((button) => button.text() === 'Nee, houden')!.trigger('click')
    expect(await readPhotos(userdata, id)).toHaveLength(1)

    await removeButton()!.trigger('click')
    await wrapper.findAll('.note-photo button').find((button) => button.text() === 'Ja, verwijderen')!.trigger('click')
    await vi.waitFor(async () => expect(await readPhotos(userdata, id)).toEqual([]))
    expect(await readPhotoFile(userdata, photo.hash)).toBeUndefined()
    await vi.waitFor(() => expect(wrapper.find('.note-photo').exists()).toBe(false))
    expect(wrapper.text()).toContain('Nog geen foto\'s')
  })

  it('says so when the picked file is no photo, and stores nothing', async () => {
    const { wrapper, id } = await renderEditor('/notities/nieuw')
    pick(wrapper.get('input[name="photoGallery"]').element as HTMLInputElement, [new File(['geen foto'], 'verslag.pdf', { type: 'application/pdf' })])
    await vi.waitFor(() => expect(wrapper.find('.note-photos [role="alert"]').exists()).toBe(true))
    expect(wrapper.get('.note-photos [role="alert"]').text()).toBe('Dit bestand is geen foto. Kies een foto (JPEG, PNG, WebP of HEIC).')
    await flushPromises()
    expect(await readPhotos(userdata, id)).toEqual([])
    expect(await userdata.photoFiles.count()).toBe(0)
  })

  it('offers two ways to add a photo: the camera, and the gallery (several at once)', async () => {
    const { wrapper } = await renderEditor('/notities/nieuw')
    const camera = wrapper.get('input[name="photoCamera"]')
    const gallery = wrapper.get('input[name="photoGallery"]')
    expect(camera.attributes()).toMatchObject({ type: 'file', accept: 'image/*', capture: 'environment' })
    expect(gallery.attributes('multiple')).toBeDefined()
    const buttons = wrapper.findAll('.note-photos__add button').map((button) => button.text())
    expect(buttons).toEqual(['Foto maken', 'Foto kiezen'])
  })
})
