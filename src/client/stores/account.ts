// Who is signed in on this device. Without an account everything works on this device alone;
// signing in turns on sync. The user is remembered locally so that the app knows it offline.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { STORAGE_KEYS } from '../constants'
import { clearUserData } from '../db/userdata'
import { userdata } from '../db/instances'
import { pendingCount } from '../db/pending-count'
import type { AccountApi, AccountUser } from '../sync/account-api'

// The account calls load when first used: they are not needed to show the magazine.
let apiPromise: Promise<AccountApi> | undefined
function accountApi(): Promise<AccountApi> {
  apiPromise ??= import('../sync/account-api').then(({ createAccountApi }) => createAccountApi())
  return apiPromise
}

function readCachedUser(): AccountUser | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEYS.account)
    const user = raw ? (JSON.parse(raw) as AccountUser) : null
    return user && typeof user.id === 'string' ? user : null
  } catch {
    return null
  }
}

function writeCachedUser(user: AccountUser | null): void {
  try {
    if (user) localStorage.setItem(STORAGE_KEYS.account, JSON.stringify(user))
    else localStorage.removeItem(STORAGE_KEYS.account)
  } catch {
    // Storage refused: she stays signed in for this visit; the session cookie still holds.
  }
}

export const useAccountStore = defineStore('account', () => {
  const user = ref<AccountUser | null>(readCachedUser())
  /** Set when the server said the session ended: sync waits until she signs in again. */
  const isSessionExpired = ref(false)
  /** Set when she deleted her account on this device: the signed-out page confirms it. */
  const isAccountDeleted = ref(false)

  function setUser(next: AccountUser | null): void {
    user.value = next
    isSessionExpired.value = false
    if (next) isAccountDeleted.value = false
    writeCachedUser(next)
  }

  /** Asks the server who is signed in; offline, the remembered user stays. */
  async function refresh(): Promise<void> {
    try {
      setUser((await (await accountApi()).me()).user)
    } catch (error) {
      if ((error as { code?: string }).code === 'not_signed_in' && user.value) isSessionExpired.value = true
    }
  }

  async function register(input: { email: string; displayName: string; password: string }): Promise<void> {
    await signInAs((await (await accountApi()).register(input)).user)
  }

  async function login(input: { email: string; password: string }): Promise<void> {
    await signInAs((await (await accountApi()).login(input)).user)
  }

  /**
   * After the server signed `next` in. The device may still hold the data of the account whose session
   * ended here: if that is someone else, their unsent changes must neither reach this account nor be
   * shown to it. With changes waiting, the new session ends at once and she is told to sign in as the
   * owner first; without, the other account's copy leaves this device (it is all on the server).
   */
  async function signInAs(next: AccountUser): Promise<void> {
    const previous = user.value
    if (previous && previous.id !== next.id) {
      const api = await accountApi()
      if ((await pendingCount(userdata)) > 0) {
        await api.logout().catch(() => undefined)
        const { OtherAccountError } = await import('../sync/account-api')
        throw new OtherAccountError(previous.email)
      }
      await clearUserData(userdata)
    }
    setUser(next)
  }

  /**
   * Signs out and removes this account's data from the device (it is kept on the server). Refused
   * offline: the server must end the session, and unsent changes would be lost.
   */
  async function logout(): Promise<void> {
    await (await accountApi()).logout()
    await clearUserData(userdata)
    setUser(null)
  }

  async function changePassword(input: { currentPassword: string; newPassword: string }): Promise<void> {
    return (await accountApi()).changePassword(input)
  }

  function markSessionExpired(): void {
    if (user.value) isSessionExpired.value = true
  }

  /** Everything the server keeps about her, as a ZIP file to save (AVG articles 15 and 20). */
  async function exportData(): Promise<{ blob: Blob; fileName: string }> {
    return (await accountApi()).exportData()
  }

  /** Deletes the account on the server, then its data on this device, and signs out here (AVG article 17). */
  async function deleteAccount(password: string): Promise<void> {
    await (await accountApi()).deleteAccount({ password })
    try {
      await clearUserData(userdata)
    } finally {
      // The account is gone whatever happened here: never keep showing it as signed in.
      setUser(null)
      isAccountDeleted.value = true
    }
  }

  return { user, isSessionExpired, isAccountDeleted, refresh, register, login, logout, changePassword, markSessionExpired, exportData, deleteAccount }
})
