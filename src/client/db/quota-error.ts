// "The device is full": IndexedDB says so with a QuotaExceededError, which Dexie may wrap in one of its own.

export function isQuotaError(error: unknown): boolean {
  const names = [(error as Error)?.name, (error as { inner?: Error })?.inner?.name]
  return names.includes('QuotaExceededError')
}
