// What the sync fuzz sees on the wire, per device: every push and pull the server answered, delivered to
// the device or not. From it, as the exchanges happen, it checks the numbering rules ([C2][C4][P2][P3][L1])
// and keeps the order in which the server applied mutations: the model's source for "the last arrival
// wins" ([B1]) and "an edit of a deleted note restores it" ([N5]).
import type { Mutation, PullResponse, PushRequest, PushResponse } from '../../../src/shared/sync/protocol'
import type { Exchange } from './fuzz-network'

export interface AppliedMutation {
  client: number
  mutation: Mutation
}

interface DeviceWire {
  /** Every mutation ever sent, by id: a number is never reused for another mutation ([C2]). */
  sent: Map<number, string>
  maxSent: number
  /** The highest lastMutationId the server answered a push with. */
  serverAck: number
  /** The highest lastMutationId a pull delivered to the device: it dropped those entries ([C4]). */
  deviceAck: number
}

export class WireLog {
  readonly applied: AppliedMutation[] = []
  readonly violations: string[] = []
  /** Set by the runner: which command the exchanges belong to, for the report. */
  step = -1
  private readonly devices = new Map<number, DeviceWire>()

  record(client: number, exchange: Exchange): void {
    const wire = this.deviceOf(client)
    if (exchange.status !== 200) {
      // Nothing the fuzz sends is invalid, and the server stays healthy: every answer is a 200.
      this.violate(client, `${exchange.kind} answered ${exchange.status}: ${JSON.stringify(exchange.reply)}`)
      return
    }
    if (exchange.kind === 'push') this.recordPush(client, wire, exchange.body as PushRequest, exchange.reply as PushResponse)
    else this.recordPull(client, wire, exchange.reply as PullResponse, exchange.isDelivered)
  }

  serverAckOf(client: number): number {
    return this.deviceOf(client).serverAck
  }

  /** The highest mutation id the device has put on the wire. */
  maxSentOf(client: number): number {
    return this.deviceOf(client).maxSent
  }

  /** The mutation as the device sent it (JSON), if it ever sent that id. */
  sentOf(client: number, id: number): string | undefined {
    return this.deviceOf(client).sent.get(id)
  }

  private recordPush(client: number, wire: DeviceWire, request: PushRequest, reply: PushResponse): void {
    const ids = request.mutations.map((mutation) => mutation.id)
    if (ids.length === 0) this.violate(client, 'an empty push')
    // [C2] In order and without gaps within a push, never behind what the device knows is acknowledged.
    ids.forEach((id, index) => {
      if (index > 0 && id !== ids[index - 1]! + 1) this.violate(client, `push ids not consecutive: ${ids.join(',')}`)
    })
    const first = ids[0] ?? 0
    const last = ids[ids.length - 1] ?? 0
    if (first <= wire.deviceAck) this.violate(client, `pushed ${first} after a pull acknowledged ${wire.deviceAck}: an acknowledged entry left the outbox ([C4])`)
    if (first > wire.maxSent + 1) this.violate(client, `pushed ${first} after sending only up to ${wire.maxSent}: the device made a gap`)
    for (const mutation of request.mutations) {
      const payload = JSON.stringify(mutation)
      const before = wire.sent.get(mutation.id)
      // A retry sends the same mutation again; an entry that was sent is never folded into ([C2]).
      if (before !== undefined && before !== payload) this.violate(client, `mutation ${mutation.id} sent twice with different contents: ${before} then ${payload}`)
      wire.sent.set(mutation.id, payload)
    }
    wire.maxSent = Math.max(wire.maxSent, last)

    // [P2][P3] The server takes the whole batch (the device sends no gap), skipping what it applied before.
    const expected = Math.max(wire.serverAck, last)
    if (reply.lastMutationId !== expected) this.violate(client, `push ${first}..${last} answered lastMutationId ${reply.lastMutationId}, expected ${expected} (server had ${wire.serverAck})`)
    for (const mutation of request.mutations) {
      if (mutation.id > wire.serverAck && mutation.id <= reply.lastMutationId) this.applied.push({ client, mutation })
    }
    wire.serverAck = Math.max(wire.serverAck, reply.lastMutationId)
  }

  private recordPull(client: number, wire: DeviceWire, reply: PullResponse, isDelivered: boolean): void {
    if (reply.hasMore) {
      // [L2] Only the last page acknowledges.
      if (reply.lastMutationId !== 0) this.violate(client, `a pull page with hasMore acknowledged ${reply.lastMutationId}`)
      return
    }
    // [L1] The pull reads the device's acknowledgement together with the rows: exactly what the server applied.
    if (reply.lastMutationId !== wire.serverAck) this.violate(client, `pull acknowledged ${reply.lastMutationId}, the server applied up to ${wire.serverAck}`)
    if (isDelivered) wire.deviceAck = Math.max(wire.deviceAck, reply.lastMutationId)
  }

  private deviceOf(client: number): DeviceWire {
    let wire = this.devices.get(client)
    if (!wire) {
      wire = { sent: new Map(), maxSent: 0, serverAck: 0, deviceAck: 0 }
      this.devices.set(client, wire)
    }
    return wire
  }

  private violate(client: number, message: string): void {
    this.violations.push(`command ${this.step}, device ${client}: ${message}`)
  }
}
