// A form that talks to the account routes: busy state, and the error as a sentence she can act on.
import { ref } from 'vue'
import { type MessageKey, t } from '../i18n'
import { AccountError, OtherAccountError } from '../sync/account-api'

export function accountErrorMessage(error: unknown): string {
  const code = error instanceof AccountError ? error.code : 'server_error'
  if (code === 'rate_limited' && error instanceof AccountError && error.retryAfterS) {
    return t('account.errors.rate_limited', { minutes: Math.max(1, Math.ceil(error.retryAfterS / 60)) })
  }
  if (error instanceof OtherAccountError) return t('account.errors.other_account', { email: error.ownerEmail })
  return t(`account.errors.${code}` as MessageKey)
}

export function useAccountForm() {
  const isBusy = ref(false)
  const error = ref<string | null>(null)

  async function submit(action: () => Promise<void>): Promise<boolean> {
    isBusy.value = true
    error.value = null
    try {
      await action()
      return true
    } catch (caught) {
      error.value = accountErrorMessage(caught)
      return false
    } finally {
      isBusy.value = false
    }
  }

  return { isBusy, error, submit }
}
