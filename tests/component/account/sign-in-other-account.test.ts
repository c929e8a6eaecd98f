// Signing in as someone else on a device whose session ended: the first account's unsent changes must
// neither go to the second account nor be shown to it (shared/sync/SPEC.md [C1]).
import { createPinia, setActivePinia } from 'pinia'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { userdata } from '../../../src/client/db/instances'
import { saveNote } from '../../../src/client/db/user-actions'
import { clearUserData } from '../../../src/client/db/userdata'
import { accountErrorMessage } from '../../../src/client/composables/useAccountForm'
import { OtherAccountError } from '../../../src/client/sync/account-api'
import { useAccountStore } from '../../../src/client/stores/account'
import { STORAGE_KEYS } from '../../../src/client/constants'
import { emptyNoteFields } from '../../../src/shared/sync/note'

const ANNA = { id: 'user-anna', email: 'anna@gemeente.nl', displayName: 'Anna' }
const BRAM = { id: 'user-bram', email: 'bram@gemeente.nl', displayName: 'Bram' }

// The server's answers: who signs in, and every call it got. One stub for the file: the store keeps
// the account API (and the fetch it took) once made.
let signsIn = BRAM
let calls: string[] = []
function fakeServer(user: typeof BRAM): string[] {
  signsIn = user
  calls = []
  return calls
}

describe('signing in as another account after the session ended', () => {
  beforeAll(() => {
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input)
      calls.push(`${init?.method ?? 'GET'} ${url}`)
      if (url.endsWith('/logout')) return new Response(null, { status: 204 })
      return Response.json({ user: signsIn })
    })
    return () => vi.unstubAllGlobals()
  })

  beforeEach(async () => {
    await clearUserData(userdata)
    localStorage.setItem(STORAGE_KEYS.account, JSON.stringify(ANNA))
    setActivePinia(createPinia())
  })

  it('refuses while the first account has unsent changes, keeps them, and ends the new session', async () => {
    await saveNote(userdata, crypto.randomUUID(), { ...emptyNoteFields(), title: 'Notitie van Anna' })
    const calls = fakeServer(BRAM)
    const account = useAccountStore()
    account.markSessionExpired()

    const error = await account.login({ email: BRAM.email, password: 'een lang wachtwoord' }).catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(OtherAccountError)
    expect(accountErrorMessage(error)).toContain(ANNA.email)
    expect(account.user?.id).toBe(ANNA.id)
    expect(account.isSessionExpired).toBe(true)
    expect(calls.some((call) => call.startsWith('POST') && call.endsWith('/logout'))).toBe(true)
    expect(await userdata.outbox.count()).toBe(1)
    expect((await userdata.notes.toArray()).map((note) => note.fields.title)).toEqual(['Notitie van Anna'])
  })

  it('with nothing unsent, removes the first account’s copy from the device and signs the new one in', async () => {
    await saveNote(userdata, crypto.randomUUID(), { ...emptyNoteFields(), title: 'Notitie van Anna' })
    await userdata.outbox.clear()
    fakeServer(BRAM)
    const account = useAccountStore()
    account.markSessionExpired()

    await account.login({ email: BRAM.email, password: 'een lang wachtwoord' })

    expect(account.user?.id).toBe(BRAM.id)
    expect(account.isSessionExpired).toBe(false)
    expect(await userdata.notes.count()).toBe(0)
  })

  it('signing in again as the same account keeps everything on the device', async () => {
    await saveNote(userdata, crypto.randomUUID(), { ...emptyNoteFields(), title: 'Notitie van Anna' })
    fakeServer(ANNA)
    const account = useAccountStore()
    account.markSessionExpired()

    await account.login({ email: ANNA.email, password: 'een lang wachtwoord' })

    expect(account.user?.id).toBe(ANNA.id)
    expect(await userdata.outbox.count()).toBe(1)
    expect(await userdata.notes.count()).toBe(1)
  })
})
