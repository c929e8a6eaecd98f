// The one shape every API error takes, so that clients can show the user something to act on.
export interface ApiError {
  error: {
    /** Stable, machine-readable; clients map it to a translated message. */
    code: string
    /** English, for developers and logs. */
    message: string
  }
}
