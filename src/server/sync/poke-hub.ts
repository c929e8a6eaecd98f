// Server-sent "pokes": after a push changed a user's data, the user's other open devices are told to
// pull. A poke carries no data, so a lost one costs nothing: devices also pull on their own schedule.
// In one process this is a map; several processes on one PostgreSQL would relay pokes with
// LISTEN/NOTIFY (not built yet: until then a device on another process learns of changes on its
// next scheduled pull).
export interface PokeListener {
  clientId: string
  poke: () => void
}

export class PokeHub {
  private readonly listeners = new Map<string, Set<PokeListener>>()

  subscribe(userId: string, listener: PokeListener): () => void {
    let set = this.listeners.get(userId)
    if (!set) this.listeners.set(userId, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0) this.listeners.delete(userId)
    }
  }

  /** Pokes every device of the user except the one that made the change. */
  poke(userId: string, exceptClientId?: string): void {
    for (const listener of this.listeners.get(userId) ?? []) {
      if (listener.clientId !== exceptClientId) listener.poke()
    }
  }

  /** Drops every listener of a user (sign out everywhere, account deleted). */
  disconnectUser(userId: string): void {
    this.listeners.delete(userId)
  }

  get size(): number {
    let count = 0
    for (const set of this.listeners.values()) count += set.size
    return count
  }
}
