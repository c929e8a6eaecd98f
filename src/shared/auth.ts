// The accounts API (/api/v1/auth/…): its paths, request and response shapes, limits and error codes,
// shared by the client's sign-in screens and the server's routes.

export const AUTH_API_PREFIX = '/api/v1/auth'

export const AUTH_PATHS = {
  register: `${AUTH_API_PREFIX}/register`,
  login: `${AUTH_API_PREFIX}/login`,
  logout: `${AUTH_API_PREFIX}/logout`,
  me: `${AUTH_API_PREFIX}/me`,
  password: `${AUTH_API_PREFIX}/password`,
} as const

/** Shorter passwords answer `weak_password`; so does a very common one of any length. */
export const PASSWORD_MIN_LENGTH = 10
/** Longer input is refused (400 invalid_request) before it reaches the password hash. */
export const PASSWORD_MAX_LENGTH = 1024
export const DISPLAY_NAME_MAX_LENGTH = 80
export const EMAIL_MAX_LENGTH = 254

export interface AuthUser {
  id: string
  /** Lowercased and trimmed, as stored. */
  email: string
  displayName: string
}

/** The answer of register (201), login (200) and me (200). */
export interface AuthUserResponse {
  user: AuthUser
}

export interface RegisterRequest {
  email: string
  displayName: string
  password: string
}

export interface LoginRequest {
  email: string
  password: string
}

/** Answers 204; every other session of the user is signed out, the current one stays. */
export interface ChangePasswordRequest {
  currentPassword: string
  newPassword: string
}

/** The `error.code` values the accounts API and its guards answer with (besides `invalid_request`). */
export const AUTH_ERROR_CODES = {
  /** 400: too short, or on the list of very common passwords. */
  weakPassword: 'weak_password',
  /** 400: the email address does not look like one. */
  invalidEmail: 'invalid_email',
  /** 409: an account with this email address exists. */
  emailInUse: 'email_in_use',
  /** 401: the email address or the password is wrong (the answer does not say which). */
  wrongCredentials: 'wrong_credentials',
  /** 401: no session, or it expired or was signed out. */
  notSignedIn: 'not_signed_in',
  /** 403: a state-changing request from another site. */
  badOrigin: 'bad_origin',
  /** 415: a request body that is not JSON. */
  unsupportedMediaType: 'unsupported_media_type',
  /** 429: too many attempts; the `Retry-After` header says how many seconds to wait. */
  rateLimited: 'rate_limited',
} as const

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[keyof typeof AUTH_ERROR_CODES]
