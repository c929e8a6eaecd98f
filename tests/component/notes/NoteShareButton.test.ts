// "Delen": the share sheet where the device has one, else the clipboard, else a Markdown file.
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import NoteShareButton from '../../../src/client/components/notes/NoteShareButton.vue'
import { loadExtraMessages } from '../../../src/client/i18n'
import { makeNoteFields } from '../../factories/note-factory'

const note = {
  id: 'n1',
  fields: makeNoteFields({ title: 'Sessie in de bibliotheek', saw: 'Twaalf bewoners kwamen langs.', decision: 'doorgaan' }),
  createdAt: Date.UTC(2026, 10, 21, 14),
  updatedAt: Date.UTC(2026, 10, 21, 15),
  conflictOf: null,
  conflictDevice: null,
}

function setNavigator(name: 'share' | 'clipboard', value: unknown): void {
  Object.defineProperty(window.navigator, name, { value, configurable: true })
}

beforeAll(loadExtraMessages)
afterEach(() => {
  setNavigator('share', undefined)
  setNavigator('clipboard', undefined)
  vi.restoreAllMocks()
})

async function clickShare() {
  const wrapper = mount(NoteShareButton, { props: { note } })
  await wrapper.get('button').trigger('click')
  await flushPromises()
  return wrapper
}

describe('NoteShareButton', () => {
  it('opens the share sheet with the note as Markdown', async () => {
    const share = vi.fn().mockResolvedValue(undefined)
    setNavigator('share', share)

    await clickShare()

    expect(share).toHaveBeenCalledTimes(1)
    const [data] = share.mock.calls[0] as [{ title: string; text: string }]
    expect(data.title).toBe('Sessie in de bibliotheek')
    expect(data.text).toContain('# Sessie in de bibliotheek\n')
    expect(data.text).toContain('## Wat we zagen\n\nTwaalf bewoners kwamen langs.')
    expect(data.text).toContain('besluit: "Doorgaan"')
  })

  it('says nothing and copies nothing when she closes the share sheet', async () => {
    setNavigator('share', vi.fn().mockRejectedValue(new DOMException('closed', 'AbortError')))
    const writeText = vi.fn().mockResolvedValue(undefined)
    setNavigator('clipboard', { writeText })

    const wrapper = await clickShare()

    expect(writeText).not.toHaveBeenCalled()
    expect(wrapper.get('[role="status"]').text()).toBe('')
  })

  it('copies the Markdown to the clipboard where there is no share sheet, and says so', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    setNavigator('clipboard', { writeText })

    const wrapper = await clickShare()

    expect(writeText).toHaveBeenCalledWith(expect.stringContaining('## Wat we zagen'))
    expect(wrapper.get('[role="status"]').text()).toContain('klembord')
  })

  it('downloads a Markdown file when there is neither', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:note')
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})

    const wrapper = await clickShare()

    expect(createObjectURL).toHaveBeenCalledTimes(1)
    const blob = createObjectURL.mock.calls[0]![0] as Blob
    expect(await blob.text()).toContain('## Wat we zagen')
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('sessie-in-de-bibliotheek.md')
    expect(wrapper.get('[role="status"]').text()).toContain('sessie-in-de-bibliotheek.md')
  })
})
