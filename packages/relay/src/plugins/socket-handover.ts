import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

// @fastify/websocket routes an upgrade through Fastify with a ServerResponse bound to the TCP
// socket, and after the upgrade it keeps both alive for the socket's whole life: the TCP socket
// still points at that response (and through it at the request, its headers and the upgrade
// head), and its ws 'error' listener closes over Fastify's request and reply. That is several KiB
// per idle connection that nothing reads again; handing the socket over drops all of it.

const upgradeResponses = new WeakMap<IncomingMessage, ServerResponse>();

/**
 * An `onRequest` hook that remembers the response of each upgrade request, so that
 * {@link takeOverSocket} can unbind it once the WebSocket is open. Add it at the root, after the
 * WebSocket plugin (whose own hook sets `request.ws`).
 */
export async function rememberUpgradeResponse(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.ws) upgradeResponses.set(request.raw, reply.raw);
}

/**
 * Called first thing in a WebSocket route handler: unbinds the upgrade's HTTP response from the
 * TCP socket and removes the plugin's 'error' listener, so the request and reply can be collected.
 * The caller must listen for 'error' on `socket` itself (SocketChannel does).
 */
export function takeOverSocket(socket: WebSocket, request: FastifyRequest): void {
  const response = upgradeResponses.get(request.raw);
  upgradeResponses.delete(request.raw);
  const tcpSocket = request.raw.socket;
  if (response && response.socket === tcpSocket) response.detachSocket(tcpSocket);
  socket.removeAllListeners('error');
}
