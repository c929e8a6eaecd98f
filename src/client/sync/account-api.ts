// The account routes (/api/v1/auth/…) as typed calls. No Vue here; errors carry the server's code so
// the UI can say in Dutch what went wrong.
import { ACCOUNT_PATHS, type DeleteAccountRequest, exportFileName } from '../../shared/account-export'
import type { ApiError } from '../../shared/api-error'
import { AUTH_API_PREFIX, AUTH_ERROR_CODES } from '../../shared/auth'

export interface AccountUser {
  id: string
  email: string
  displayName: string
}

export type AccountErrorCode =
  | 'offline'
  | 'wrong_credentials'
  | 'email_in_use'
  | 'weak_password'
  | 'invalid_email'
  | 'not_signed_in'
  | 'rate_limited'
  | 'invalid_request'
  | 'server_error'
  | 'other_account'

export class AccountError extends Error {
  constructor(readonly code: AccountErrorCode, message: string, readonly retryAfterS?: number) {
    super(message)
    this.name = 'AccountError'
  }
}

/**
 * Signing in as someone else while this device still holds changes of the account that was signed in
 * here (its session ended) and that the server has not had yet: they belong to that account.
 */
export class OtherAccountError extends AccountError {
  constructor(readonly ownerEmail: string) {
    super('other_account', 'This device holds unsent changes of another account')
    this.name = 'OtherAccountError'
  }
}

/** The codes of src/shared/auth.ts a person can act on; anything else reads as a server problem. */
const KNOWN_CODES = new Set<string>([
  AUTH_ERROR_CODES.wrongCredentials, AUTH_ERROR_CODES.emailInUse, AUTH_ERROR_CODES.weakPassword, AUTH_ERROR_CODES.invalidEmail,
  AUTH_ERROR_CODES.notSignedIn, AUTH_ERROR_CODES.rateLimited, 'invalid_request',
])

export interface AccountApiOptions {
  fetch?: typeof fetch
  baseUrl?: string
}

export function createAccountApi(options: AccountApiOptions = {}) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  const baseUrl = options.baseUrl ?? ''

  async function send(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, accept = 'application/json'): Promise<Response> {
    try {
      return await doFetch(`${baseUrl}${url}`, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? { Accept: accept } : { Accept: accept, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch {
      throw new AccountError('offline', 'The server could not be reached')
    }
  }

  /** A path without a leading slash is under /api/v1/auth. */
  async function call<T>(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<T> {
    const response = await send(method, url.startsWith('/') ? url : `${AUTH_API_PREFIX}/${url}`, body)
    if (response.status === 204) return undefined as T
    const payload = (await response.json().catch(() => undefined)) as (T & Partial<ApiError>) | undefined
    if (response.ok && payload) return payload
    throw errorOf(response, payload)
  }

  function errorOf(response: Response, payload: Partial<ApiError> | undefined): AccountError {
    const code = payload?.error?.code as AccountErrorCode | undefined
    const retryAfter = Number(response.headers.get('Retry-After') ?? '') || undefined
    return new AccountError(code && KNOWN_CODES.has(code) ? code : 'server_error', payload?.error?.message ?? `HTTP ${response.status}`, retryAfter)
  }

  return {
    register: (input: { email: string; displayName: string; password: string }) => call<{ user: AccountUser }>('POST', 'register', input),
    login: (input: { email: string; password: string }) => call<{ user: AccountUser }>('POST', 'login', input),
    logout: () => call<void>('POST', 'logout'),
    me: () => call<{ user: AccountUser }>('GET', 'me'),
    changePassword: (input: { currentPassword: string; newPassword: string }) => call<void>('POST', 'password', input),
    /** Everything the server keeps about her, as a ZIP file (AVG articles 15 and 20). */
    exportData: async (): Promise<{ blob: Blob; fileName: string }> => {
      const response = await send('GET', ACCOUNT_PATHS.export, undefined, 'application/zip')
      if (!response.ok) throw errorOf(response, (await response.json().catch(() => undefined)) as Partial<ApiError> | undefined)
      const fileName = /filename="([\w.-]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? exportFileName(Date.now())
      return { blob: await response.blob(), fileName }
    },
    /** Deletes the account and all its data on the server (AVG article 17); 401 wrong_credentials for a wrong password. */
    deleteAccount: (input: DeleteAccountRequest) => call<void>('DELETE', ACCOUNT_PATHS.account, input),
  }
}

export type AccountApi = ReturnType<typeof createAccountApi>
