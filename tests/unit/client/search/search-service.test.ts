// The search worker's index follows what the device stores: the magazine in `magcache`, her notes in
// `userdata` (real Dexie databases on fake IndexedDB, read back through the worker's plain IndexedDB code).
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { applyContentDelta } from '../../../../src/client/db/magazine-db'
import { addLine, createNote, deleteNote, saveNote } from '../../../../src/client/db/user-actions'
import { SearchService } from '../../../../src/client/search/search-service'
import { makeDelta, makeVerhaal } from '../../../factories/item-factory'
import { makeNoteFields } from '../../../factories/note-factory'
import { createTestMagCache, createTestUserData } from '../helpers/test-databases'

function setUp() {
  const magcache = createTestMagCache()
  const userdata = createTestUserData()
  const service = new SearchService({ magazine: magcache.name, userdata: userdata.name })
  const refs = async (query: string) => (await service.search(query)).hits.map((hit) => hit.ref)
  return { magcache, userdata, service, refs }
}

describe('SearchService', () => {
  it('answers nothing, and no error, before anything is stored', async () => {
    const service = new SearchService({ magazine: `absent-${crypto.randomUUID()}`, userdata: `absent-${crypto.randomUUID()}` })
    expect((await service.search('burger')).hits).toEqual([])
  })

  it('indexes the stored magazine on first use, then reads only what a delta changed', async () => {
    const { magcache, service, refs } = setUp()
    await applyContentDelta(magcache, makeDelta([
      makeVerhaal({ slug: 'loket', title: 'Het loket', summary: 'Dichtbij', html: '<p>Burgers kwamen vaker.</p>', version: 3 }),
      makeVerhaal({ slug: 'brieven', title: 'Brieven', summary: 'Heldere taal', html: '<p>Minder bellen.</p>', version: 5 }),
    ], { cursor: '5', full: true }))
    expect(await refs('burger')).toEqual(['loket'])

    await applyContentDelta(magcache, makeDelta([
      makeVerhaal({ slug: 'loket', title: 'Het loket', summary: 'Dichtbij', html: '<p>Inwoners kwamen vaker.</p>', version: 6 }),
      makeVerhaal({ slug: 'wijk', title: 'De wijkavond', summary: 'Samen', html: '<p>Burgers praten mee.</p>', version: 7 }),
    ], { cursor: '8', removed: ['brieven'] }))
    expect(await service.refresh('items')).toEqual({ added: 1, replaced: 1, removed: 1 })
    expect(await refs('burger')).toEqual(['wijk'])
    expect(await refs('brieven')).toEqual([])
    expect(await service.refresh('items')).toEqual({ added: 0, replaced: 0, removed: 0 })
  })

  it('reads everything again when the server started afresh (a lower cursor)', async () => {
    const { magcache, service, refs } = setUp()
    await applyContentDelta(magcache, makeDelta([makeVerhaal({ slug: 'oud', title: 'Oud verhaal', version: 40 })], { cursor: '40', full: true }))
    expect(await refs('oud')).toEqual(['oud'])
    await applyContentDelta(magcache, makeDelta([makeVerhaal({ slug: 'nieuw', title: 'Nieuw verhaal', version: 2 })], { cursor: '2', full: true }))
    expect(await service.refresh('items')).toMatchObject({ added: 1, removed: 1 })
    expect(await refs('verhaal')).toEqual(['nieuw'])
  })

  it('finds her notes by fields and quick lines, and forgets a note she put in the trash', async () => {
    const { userdata, service, refs } = setUp()
    const id = await createNote(userdata, makeNoteFields({ title: 'Sessie wijkraad', saw: 'Veel vragen over parkeren' }))
    expect(await refs('parkeren')).toEqual([id])

    await addLine(userdata, id, 'De wethouder schoof aan')
    await saveNote(userdata, id, makeNoteFields({ title: 'Sessie wijkraad', saw: 'Veel vragen over groen' }), Date.now() + 1)
    expect(await service.refresh('notes')).toEqual({ added: 0, replaced: 1, removed: 0 })
    expect(await refs('wethouder')).toEqual([id])
    expect(await refs('parkeren')).toEqual([])

    await deleteNote(userdata, id)
    await service.refresh('notes')
    expect(await refs('wijkraad')).toEqual([])
  })
})
