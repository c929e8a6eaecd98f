// [P4] She hears which changes the server refused, that they are still on this device, and can say she read it.
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import RejectedChanges from '../../../src/client/components/layout/RejectedChanges.vue'
import { userdata } from '../../../src/client/db/instances'
import { readRejected, recordRejected } from '../../../src/client/db/rejected-changes'
import { useSyncStore } from '../../../src/client/stores/sync'
import { PHOTOS_PER_NOTE_MAX } from '../../../src/shared/sync/note-photo'

beforeEach(async () => {
  await userdata.meta.clear()
  setActivePinia(createPinia())
})

async function renderWith(refusals: Parameters<typeof recordRejected>[1]) {
  await recordRejected(userdata, refusals)
  const sync = useSyncStore()
  await vi.waitFor(() => expect(sync.rejected).toHaveLength(refusals.length))
  return { sync, wrapper: mount(RejectedChanges) }
}

describe('RejectedChanges', () => {
  it('names each refused change in her words, as an alert', async () => {
    const { wrapper } = await renderWith([
      { id: 4, name: 'note.save', reason: 'note.save: fields.title Too big' },
      { id: 7, name: 'note.addPhoto', reason: `note.addPhoto: a note holds at most ${PHOTOS_PER_NOTE_MAX} photos` },
    ])

    expect(wrapper.get('[role="alert"] h2').text()).toBe('Niet alles staat op de server')
    expect(wrapper.text()).toContain('Deze 2 wijzigingen kon de server niet bewaren. Op dit apparaat staan ze nog wel.')
    expect(wrapper.findAll('li').map((item) => item.text())).toEqual(['Een notitie', `Een foto bij een notitie: Er kunnen maximaal ${PHOTOS_PER_NOTE_MAX} foto's bij één notitie.`])
  })

  it('"Begrepen" removes the notice from this device', async () => {
    const { sync, wrapper } = await renderWith([{ id: 2, name: 'bookmark.set', reason: 'bookmark.set: slug Invalid' }])
    expect(wrapper.text()).toContain('Deze wijziging kon de server niet bewaren.')

    await wrapper.get('button').trigger('click')
    await vi.waitFor(() => expect(sync.rejected).toEqual([]))
    expect(await readRejected(userdata)).toEqual([])
  })
})
