// Stopping without hanging. Node 20's server.close() waits for every connection: a keep-alive one is
// closed for it, but one a browser opened ahead of need and sent nothing on is kept until its 60 s
// header timeout (nodejs/node#63452), and a request whose client went away mid-body until that times
// out. So while the server stops, connections with no request in flight are closed as soon as they are
// seen, and after a grace period every connection is cut: a push cut off there was not acknowledged, and
// the device sends it again ([P2]).
import type { Server } from 'node:http'
import type { Socket } from 'node:net'

/** How long requests in flight get to finish once the server stops. */
export const SHUTDOWN_GRACE_MS = 5_000
const IDLE_SWEEP_MS = 50

/**
 * Follows the server's connections and how many requests each has in flight. Answers a function that
 * runs `close` (which stops the server accepting) and meanwhile closes the connections that hold it up.
 */
export function trackConnections(server: Server, graceMs = SHUTDOWN_GRACE_MS): (close: () => Promise<void>) => Promise<void> {
  const inFlight = new Map<Socket, number>()
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0)
    socket.once('close', () => inFlight.delete(socket))
  })
  server.on('request', (request, response) => {
    const socket = request.socket
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1)
    response.once('close', () => {
      if (inFlight.has(socket)) inFlight.set(socket, Math.max(0, inFlight.get(socket)! - 1))
    })
  })

  return async (close) => {
    const sweepIdle = () => {
      // end(), not destroy(): an answer just written still reaches the client before the close.
      for (const [socket, requests] of inFlight) if (requests === 0 && !socket.writableEnded) socket.end()
    }
    const sweeper = setInterval(sweepIdle, IDLE_SWEEP_MS)
    const deadline = setTimeout(() => {
      for (const socket of inFlight.keys()) socket.destroy()
    }, graceMs)
    try {
      const closing = close()
      sweepIdle()
      await closing
    } finally {
      clearInterval(sweeper)
      clearTimeout(deadline)
    }
  }
}
