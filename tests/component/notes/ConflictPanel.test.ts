// [N3] The conflict view in the editor: both versions side by side per field, a choice per field or her
// own merge, and resolving saves the note and removes the copy (a purge that travels to every device).
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { userdata } from '../../../src/client/db/instances'
import type { NoteRow } from '../../../src/client/db/userdata'
import { makeSyncedNote } from '../../factories/sync-factory'
import { makeNoteFields } from '../../factories/note-factory'
import { clearDatabases, renderEditor } from '../helpers/render-route'

beforeEach(async () => {
  await clearDatabases()
  for (const table of [userdata.notes, userdata.lines, userdata.outbox]) await table.clear()
})

async function noteWithCopy(): Promise<{ note: NoteRow; copy: NoteRow }> {
  const note = makeSyncedNote({ revision: 3, fields: makeNoteFields({ title: 'Loket', saw: 'Veel vragen over brieven', decision: 'doorgaan', tags: ['loket'] }) })
  const copy = makeSyncedNote({
    revision: 1,
    conflictOf: note.id,
    conflictDevice: 'android',
    fields: makeNoteFields({ title: 'Loket', saw: 'Veel vragen over toeslagen', decision: 'bijsturen', tags: ['bieb'] }),
  })
  await userdata.notes.bulkPut([note, copy])
  return { note, copy }
}

/** The editor of the note, once the conflict view shows (the copy arrives through a live query). */
async function renderConflict(id: string) {
  const rendered = await renderEditor(`/notities/${id}`)
  await vi.waitFor(() => expect(rendered.wrapper.find('section.conflict').exists()).toBe(true))
  return rendered
}

describe('the conflict view', () => {
  it('shows both versions of each differing field, names the other device, and offers a choice per field', async () => {
    const { note } = await noteWithCopy()
    const { wrapper } = await renderConflict(note.id)
    const panel = wrapper.get('section.conflict')
    expect(panel.text()).toContain('een Android-telefoon')
    const legends = panel.findAll('fieldset legend').map((legend) => legend.text())
    expect(legends).toEqual(['Wat we zagen', 'Besluit', 'Tags'])
    const saw = panel.findAll('fieldset')[0]!
    expect(saw.text()).toContain('Veel vragen over brieven')
    expect(saw.text()).toContain('Veel vragen over toeslagen')
    expect(saw.findAll('input[type="radio"]').map((radio) => radio.element.parentElement?.textContent?.trim())).toEqual(['Houd deze', 'Houd die', 'Zelf samenvoegen'])
    expect(panel.findAll('fieldset')[2]!.findAll('label').map((label) => label.text())).toEqual(['Houd deze', 'Houd die', 'Allebei'])
  })

  it('resolves with a choice per field and her own merge: the note takes them and the copy is purged', async () => {
    const { note, copy } = await noteWithCopy()
    const { wrapper } = await renderConflict(note.id)
    const [saw, decision] = wrapper.findAll('section.conflict fieldset')
    await saw!.findAll('input[type="radio"]')[2]!.setValue(true)
    const merge = wrapper.get('textarea[name="merge-saw"]')
    expect((merge.element as HTMLTextAreaElement).value).toBe('Veel vragen over brieven\nVeel vragen over toeslagen')
    await merge.setValue('Veel vragen over brieven en toeslagen')
    await decision!.findAll('input[type="radio"]')[1]!.setValue(true)
    await wrapper.findAll('section.conflict button').find((button) => button.text() === 'Bewaar mijn keuzes')!.trigger('click')

    await vi.waitFor(async () => expect(await userdata.notes.get(copy.id)).toBeUndefined())
    expect((await userdata.notes.get(note.id))?.fields).toMatchObject({ saw: 'Veel vragen over brieven en toeslagen', decision: 'bijsturen', tags: ['loket', 'bieb'] })
    const names = (await userdata.outbox.toArray()).map((entry) => `${entry.name}:${(entry.args as { id: string }).id}`)
    expect(names).toEqual([`note.save:${note.id}`, `note.purge:${copy.id}`])
    await vi.waitFor(() => expect(wrapper.find('section.conflict').exists()).toBe(false))
    expect((wrapper.get('textarea[name="saw"]').element as HTMLTextAreaElement).value).toBe('Veel vragen over brieven en toeslagen')
  })

  it('"Houd die versie helemaal" takes the copy’s fields whole', async () => {
    const { note, copy } = await noteWithCopy()
    const { wrapper } = await renderConflict(note.id)
    await wrapper.findAll('section.conflict button').find((button) => button.text() === 'Houd die versie helemaal')!.trigger('click')
    await vi.waitFor(async () => expect(await userdata.notes.get(copy.id)).toBeUndefined())
    expect((await userdata.notes.get(note.id))?.fields).toEqual(copy.fields)
  })
})
