import type { WebSocket, WebSocketServer } from 'ws';

const OPEN = 1;

/** A running heartbeat; stop it when the server closes. */
export interface Heartbeat {
  stop(): void;
}

/**
 * Pings every connection of `server` at the WebSocket level every `intervalMs` and terminates the
 * ones that did not answer the previous ping: a peer that vanished without a FIN (laptop lid,
 * mobile network) would otherwise hold its socket until TCP gives up, minutes later. Regular
 * traffic also keeps idle-timeout proxies (nginx, cloud load balancers: 60 s) from cutting us off.
 */
export function startHeartbeat(server: WebSocketServer, intervalMs: number): Heartbeat {
  const answered = new WeakMap<WebSocket, boolean>();
  const onConnection = (socket: WebSocket) => {
    answered.set(socket, true);
    socket.on('pong', () => answered.set(socket, true));
  };
  server.on('connection', onConnection);
  const timer = setInterval(() => {
    for (const socket of server.clients) {
      if (answered.get(socket) === false) {
        socket.terminate();
        continue;
      }
      if (socket.readyState !== OPEN) continue;
      answered.set(socket, false);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      server.off('connection', onConnection);
    },
  };
}
