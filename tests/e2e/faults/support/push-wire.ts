// Sync pushes on the wire of one browser context (context.route sees the requests of every tab, and
// those the service worker passes on): each push is held until the spec decides what the network and
// the server do with it, or, once `passThrough()` is called, forwarded and answered at once. Counts
// how many pushes are in flight at the same moment.
import type { APIResponse, BrowserContext, Route } from '@playwright/test'
import type { PushRequest, PushResponse } from '../../../../src/shared/sync/protocol'

export interface HeldPush {
  body: PushRequest
  ids: number[]
  /** Sends it on to the server; answers the server's reply (throws when the server is gone). */
  forward: () => Promise<APIResponse>
  /** Hands the server's reply to the page: the device has its answer. */
  answer: (response: APIResponse) => Promise<void>
  /** The connection breaks: the device never hears back. */
  abort: () => Promise<void>
}

export class PushWire {
  /** Every push the page sent, in order. */
  readonly sent: PushRequest[] = []
  /** The answers the page got (the server's, handed on). */
  readonly delivered: PushResponse[] = []
  maxInFlight = 0
  private inFlight = 0
  private held: HeldPush[] = []
  private waiters: ((push: HeldPush) => void)[] = []
  private isPassingThrough = false
  private holdMs = 0

  static async on(context: BrowserContext): Promise<PushWire> {
    const wire = new PushWire()
    await context.route('**/api/v1/sync/push', (route) => wire.arrive(route))
    return wire
  }

  /** The next push the page sends (one already waiting comes first). */
  next(): Promise<HeldPush> {
    const waiting = this.held.shift()
    if (waiting) return Promise.resolve(waiting)
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /**
   * From now on every push goes to the server and its answer to the page. `holdMs` keeps each one on
   * the wire that long first, so that pushes that would overlap do overlap.
   */
  passThrough(options: { holdMs?: number } = {}): void {
    this.isPassingThrough = true
    this.holdMs = options.holdMs ?? 0
    for (const push of this.held.splice(0)) void this.forwardAndAnswer(push)
  }

  /** The highest mutation id the page was told the server has. */
  get acknowledgedThrough(): number {
    return Math.max(0, ...this.delivered.map((answer) => answer.lastMutationId))
  }

  private arrive(route: Route): void {
    const body = route.request().postDataJSON() as PushRequest
    this.sent.push(body)
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    let isDone = false
    const done = () => {
      if (!isDone) this.inFlight--
      isDone = true
    }
    const push: HeldPush = {
      body,
      ids: body.mutations.map((mutation) => mutation.id),
      forward: () => route.fetch(),
      answer: async (response) => {
        try {
          await route.fulfill({ response })
          if (response.ok()) this.delivered.push((await response.json()) as PushResponse)
        } finally {
          done()
        }
      },
      abort: async () => {
        done()
        await route.abort('connectionreset').catch(() => undefined)
      },
    }
    if (this.isPassingThrough) void this.forwardAndAnswer(push)
    else {
      const waiter = this.waiters.shift()
      if (waiter) waiter(push)
      else this.held.push(push)
    }
  }

  private async forwardAndAnswer(push: HeldPush): Promise<void> {
    if (this.holdMs > 0) await new Promise((resolve) => setTimeout(resolve, this.holdMs))
    try {
      await push.answer(await push.forward())
    } catch {
      // The server or the page went away meanwhile: to the device, the connection broke.
      await push.abort()
    }
  }
}
