// GET /api/v1/account/export: everything of the signed-in user (AVG articles 15 and 20), and nothing of anyone else.
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ApiError } from '../../../src/shared/api-error'
import { login, registerUser } from '../auth/auth-helpers'
import { TEST_DATABASES } from '../helpers/test-databases'
import {
  ANDROID_UA,
  bookmarkSet,
  buildSyncTestApp,
  deviceOf,
  noteAddLine,
  noteDelete,
  notePurge,
  noteSave,
  progressSet,
  pushOk,
  signedInDevice,
  WINDOWS_UA,
} from '../sync/sync-helpers'
import { noteRemovePhoto, pushPhoto, uploadPhoto } from '../sync/photo-helpers'
import { exportOk, requestExport, unzipExport } from './account-data-helpers'

/** 27 November 2026, 10:00 UTC: the day the file name carries. */
const NOW = Date.UTC(2026, 10, 27, 10)
const SAFE_NOTE_PATH = /^notities\/[a-z0-9]+(-[a-z0-9]+)*\.md$/

describe.each(TEST_DATABASES)('account export on $name', (testDatabase) => {
  it('sends a ZIP of account.json with every row of the user, and a Markdown file per note', async () => {
    const { app } = await buildSyncTestApp(testDatabase, { app: { now: () => NOW } })
    const user = await registerUser(app, { displayName: 'Anne de Vries' })
    const phone = deviceOf(user, { userAgent: ANDROID_UA })
    const laptop = deviceOf(user, { userAgent: WINDOWS_UA })
    const [noteId, trashId, purgedId] = [randomUUID(), randomUUID(), randomUUID()]
    const fields = {
      title: 'Loket in de bibliotheek',
      question: 'Komen mensen eerder met vragen als het loket in de bibliotheek zit?',
      did: 'Twee weken een tafel in de hal.',
      saw: 'Veel vragen over toeslagen.',
      doetank: 'Loket',
      decision: 'doorgaan' as const,
      werkvormen: ['stille-brainstorm'],
      tags: ['loket', 'bibliotheek'],
    }
    await pushOk(app, phone, [
      bookmarkSet(1, 'verhaal-loket', true, 1_700_000_000_000),
      progressSet(2, 'verhaal-loket', 0.5, 1_700_000_100_000),
      noteSave(3, noteId, 0, fields),
      noteSave(4, trashId, 0, { title: 'Oud plan' }),
      noteDelete(5, trashId),
      noteSave(6, purgedId, 0, { title: 'Weggegooid geheim' }),
      notePurge(7, purgedId),
      noteDelete(8, randomUUID()), // no such note: rejected
    ])
    // Both devices edit the title from revision 1: the server keeps the laptop's and adds a conflict copy.
    await pushOk(app, laptop, [noteSave(1, noteId, 1, { ...fields, title: 'Loket in de hal' })])
    await pushOk(app, phone, [noteSave(9, noteId, 1, { ...fields, title: 'Loket bij de ingang' })])

    const response = await requestExport(app, user.cookie)
    expect(response.statusCode, response.body).toBe(200)
    expect(response.headers['content-type']).toBe('application/zip')
    expect(response.headers['content-disposition']).toBe('attachment; filename="slimmernetwerk-export-2026-11-27.zip"')
    expect(response.headers['cache-control']).toBe('no-store')
    const { account, files } = unzipExport(response)

    expect(account).toMatchObject({ format: 'slimmernetwerk-export', formatVersion: 1, exportedAt: '2026-11-27T10:00:00.000Z' })
    expect(account.user).toEqual({
      id: user.user.id,
      email: user.user.email,
      displayName: 'Anne de Vries',
      createdAt: '2026-11-27T10:00:00.000Z',
      passwordChangedAt: '2026-11-27T10:00:00.000Z',
    })
    expect(account.bookmarks).toEqual([{ slug: 'verhaal-loket', bookmarked: true, updatedAt: new Date(1_700_000_000_000).toISOString() }])
    expect(account.readingProgress).toEqual([{ slug: 'verhaal-loket', position: 0.5, readAt: new Date(1_700_000_100_000).toISOString() }])
    expect(account.devices.map((device) => [device.clientId, device.deviceKind, device.lastMutationId]).sort()).toEqual(
      [[phone.clientId, 'android', 9], [laptop.clientId, 'windows', 1]].sort(),
    )
    expect(account.sessions).toHaveLength(1)
    expect(account.rejectedMutations).toEqual([expect.objectContaining({ clientId: phone.clientId, mutationId: 8, name: 'note.delete' })])

    expect(account.notes).toHaveLength(4)
    const byId = new Map(account.notes.map((note) => [note.id, note]))
    const main = byId.get(noteId)!
    // The phone's edit changed nothing but the title, which went to its conflict copy: still revision 2.
    expect(main).toMatchObject({ revision: 2, deletedAt: null, isPurged: false, conflictOf: null })
    expect(main.fields).toMatchObject({ ...fields, title: 'Loket in de hal' })
    expect(main.revisions.map((revision) => revision.revision)).toEqual([1, 2])
    const copy = account.notes.find((note) => note.conflictOf === noteId)!
    expect(copy).toMatchObject({ conflictDevice: 'android', deletedAt: null })
    expect(copy.fields.title).toBe('Loket bij de ingang')
    expect(byId.get(trashId)).toMatchObject({ fields: expect.objectContaining({ title: 'Oud plan' }), deletedAt: expect.any(String) })
    expect(byId.get(purgedId)).toMatchObject({ isPurged: true, markdownFile: null, revisions: [] })

    // One Markdown file per note that still has its text; the purged note's text is nowhere.
    const markdownPaths = [...files.keys()].filter((name) => name !== 'account.json').sort()
    expect(markdownPaths).toEqual(account.notes.flatMap((note) => (note.markdownFile ? [note.markdownFile] : [])).sort())
    expect(markdownPaths).toHaveLength(3)
    for (const path of markdownPaths) expect(path).toMatch(SAFE_NOTE_PATH)
    for (const text of files.values()) expect(text).not.toContain('Weggegooid geheim')
    expect(files.get('account.json')).not.toContain('scrypt$')

    const markdown = files.get(main.markdownFile!)!
    expect(main.markdownFile).toBe('notities/loket-in-de-hal.md')
    expect(markdown).toContain('\n# Loket in de hal\n')
    expect(markdown).toContain('\n## Vraag / wat we geloofden\n\nKomen mensen eerder met vragen als het loket in de bibliotheek zit?\n')
    expect(markdown).toContain('\n## Wat we zagen\n\nVeel vragen over toeslagen.\n')
    expect(markdown).not.toContain('## Volgende stap')
    expect(markdown).toContain('doetank: "Loket"\nbesluit: "Doorgaan"\nwerkvormen:\n  - "stille-brainstorm"\ntags:\n  - "loket"\n  - "bibliotheek"\n')
    expect(files.get(byId.get(trashId)!.markdownFile!)).toMatch(/^prullenbak: "/m)
    expect(files.get(copy.markdownFile!)).toContain(`tweede_versie_van: "${noteId}"`)
  })

  it('[N9] exports each note’s quick-log lines in time order, in account.json and as a Logboek section', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const noteId = randomUUID()
    const [early, late] = [randomUUID(), randomUUID()]
    const at = (hour: number, minute: number) => Date.UTC(2026, 10, 27, hour, minute)
    await pushOk(app, phone, [
      noteSave(1, noteId, 0, { title: 'Sessie' }),
      noteAddLine(2, noteId, late, 'Afsluiting', at(11, 30)),
      noteAddLine(3, noteId, early, 'Start met 12 mensen', at(9, 5)),
    ])
    const { account, files } = await exportOk(app, phone.user.cookie)
    expect(account.notes[0]!.lines).toEqual([
      { id: early, text: 'Start met 12 mensen', at: '2026-11-27T09:05:00.000Z' },
      { id: late, text: 'Afsluiting', at: '2026-11-27T11:30:00.000Z' },
    ])
    expect(files.get(account.notes[0]!.markdownFile!)).toContain('\n## Logboek\n\n- **2026-11-27 09:05 UTC** Start met 12 mensen\n- **2026-11-27 11:30 UTC** Afsluiting\n')
  })

  it('[A1] exports each note’s photos as files beside the notes, linked from the Markdown with safe alt text', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const noteId = randomUUID()
    await pushOk(app, phone, [noteSave(1, noteId, 0, { title: 'Sessie' })])
    const hostileAlt = 'Flip-over](javascript:alert(1)) <img src=x onerror=alert(1)>\nregel twee'
    const uploaded = await pushPhoto(app, phone, noteId, { mutationId: 2, args: { alt: hostileAlt, width: 1600, height: 1200 }, at: Date.UTC(2026, 10, 27, 9) })
    expect((await uploadPhoto(app, phone, uploaded.id, uploaded.bytes)).statusCode).toBe(204)
    const notSent = await pushPhoto(app, phone, noteId, { mutationId: 3, args: { alt: 'Nog op de telefoon' }, at: Date.UTC(2026, 10, 27, 10) })
    const removed = await pushPhoto(app, phone, noteId, { mutationId: 4 })
    await pushOk(app, phone, [noteRemovePhoto(5, removed.id)])

    const { account, files, bytes } = await exportOk(app, phone.user.cookie)
    const note = account.notes[0]!
    expect(note.photos).toEqual([
      { id: uploaded.id, alt: hostileAlt, at: '2026-11-27T09:00:00.000Z', width: 1600, height: 1200, mime: 'image/png', file: `notities/fotos/${uploaded.id}.png` },
      { id: notSent.id, alt: 'Nog op de telefoon', at: '2026-11-27T10:00:00.000Z', width: 1, height: 1, mime: 'image/png', file: null },
    ])
    expect(Buffer.compare(Buffer.from(bytes.get(`notities/fotos/${uploaded.id}.png`)!), uploaded.bytes)).toBe(0)
    expect([...bytes.keys()].filter((path) => path.includes('fotos/'))).toEqual([`notities/fotos/${uploaded.id}.png`])
    const markdown = files.get(note.markdownFile!)!
    expect(markdown).toContain(`## Foto's\n\n![Flip-over\\](javascript:alert(1)) \\<img src=x onerror=alert(1)\\> regel twee](fotos/${uploaded.id}.png)\n`)
    expect(markdown).toContain('- Foto: Nog op de telefoon\n')
    expect(markdown).not.toContain(removed.id)
  })

  it('never contains another user’s data (IDOR): each user exports only their own rows', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const anne = await signedInDevice(app)
    const bram = await signedInDevice(app)
    const anneNote = randomUUID()
    await pushOk(app, anne, [noteSave(1, anneNote, 0, { title: 'Alleen van Anne', body: 'geheim-van-anne' }), bookmarkSet(2, 'verhaal-a'), progressSet(3, 'verhaal-a', 0.9)])
    await pushOk(app, bram, [noteSave(1, randomUUID(), 0, { title: 'Van Bram' }), bookmarkSet(2, 'verhaal-a', false)])

    const { account, files } = await exportOk(app, bram.user.cookie)
    expect(account.user.id).toBe(bram.user.user.id)
    expect(account.notes.map((note) => note.fields.title)).toEqual(['Van Bram'])
    expect(account.bookmarks).toEqual([expect.objectContaining({ slug: 'verhaal-a', bookmarked: false })])
    expect(account.readingProgress).toEqual([])
    expect(account.devices.map((device) => device.clientId)).toEqual([bram.clientId])
    for (const text of files.values()) {
      for (const secret of [anne.user.user.id, anne.user.user.email, anneNote, anne.clientId, 'geheim-van-anne', 'Alleen van Anne']) expect(text).not.toContain(secret)
    }
    // And the other way round.
    const anneExport = await exportOk(app, anne.user.cookie)
    expect(anneExport.account.notes.map((note) => note.id)).toEqual([anneNote])
  })

  it('gives hostile titles safe, unique file names inside notities/', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const phone = await signedInDevice(app)
    const titles = [
      '../../etc/passwd',
      '<script>alert(1)</script>',
      '',
      '   ',
      'nul\u0000en\u001fbel\u007f',
      'C:\\Windows\\system32',
      '....',
      '/absoluut',
      '%2e%2e%2fomhoog',
      'x'.repeat(300),
      'Zelfde titel',
      'Zelfde titel',
      'zelfde-titel',
      '🙂🙂',
    ]
    await pushOk(app, phone, titles.map((title, index) => noteSave(index + 1, randomUUID(), 0, { title })))

    const { account, files } = await exportOk(app, phone.user.cookie)
    const paths = [...files.keys()].filter((name) => name !== 'account.json')
    expect(paths).toHaveLength(titles.length)
    expect(new Set(paths).size).toBe(titles.length)
    for (const path of paths) {
      expect(path).toMatch(SAFE_NOTE_PATH)
      expect(path.length).toBeLessThanOrEqual('notities/'.length + 60 + '.md'.length)
    }
    const pathOf = (title: string) => account.notes.find((note) => note.fields.title === title)!.markdownFile
    expect(pathOf('../../etc/passwd')).toBe('notities/etc-passwd.md')
    expect(pathOf('<script>alert(1)</script>')).toBe('notities/script-alert-1-script.md')
    expect(paths.filter((path) => path.startsWith('notities/zelfde-titel')).sort()).toEqual([
      'notities/zelfde-titel-2.md',
      'notities/zelfde-titel-3.md',
      'notities/zelfde-titel.md',
    ])
  })

  it('answers 401 not_signed_in without a session, or with one that ended', async () => {
    const { app } = await buildSyncTestApp(testDatabase)
    const anonymous = await requestExport(app, null)
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json<ApiError>().error.code).toBe('not_signed_in')
    expect(anonymous.headers['content-type']).toContain('application/json')

    const user = await registerUser(app)
    await app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { snw_session: user.cookie } })
    expect((await requestExport(app, user.cookie)).statusCode).toBe(401)
    expect((await requestExport(app, 'x'.repeat(43))).statusCode).toBe(401)
  })

  it('allows 10 exports per user an hour, then answers 429 with Retry-After; other users are not slowed', async () => {
    let now = NOW
    const { app } = await buildSyncTestApp(testDatabase, { app: { now: () => now } })
    const user = await registerUser(app)
    for (let attempt = 0; attempt < 10; attempt++) expect((await requestExport(app, user.cookie)).statusCode).toBe(200)
    const refused = await requestExport(app, user.cookie)
    expect(refused.statusCode).toBe(429)
    expect(refused.json<ApiError>().error.code).toBe('rate_limited')
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    // A second session of the same user counts together with the first.
    const again = await login(app, user.user.email, user.password)
    expect((await requestExport(app, again.cookies.find((c) => c.name === 'snw_session')!.value)).statusCode).toBe(429)
    expect((await requestExport(app, (await registerUser(app)).cookie)).statusCode).toBe(200)
    now += 60 * 60 * 1000
    expect((await requestExport(app, user.cookie)).statusCode).toBe(200)
  })
})
